"""Variant ids derived from content, so the same copy always has the same id."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence


def variant_id(generator: str, angle: str, headline: str, primary_text: str,
               description: str, call_to_action: str, fact_ids: Sequence[str]) -> str:
    """`v-` and 16 hex digits of the SHA-256 of the variant's content and its writer."""
    content = json.dumps([str(generator), str(angle), headline, primary_text, description,
                          call_to_action, list(fact_ids)], ensure_ascii=False)
    return "v-" + hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]
