"""Names of the secrets the app keeps, and how to describe them to a person.

The values live only in the OS keyring (DESIGN.md decision 7); this module only names them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SecretName(StrEnum):
    """Each secret's key in the keyring. Values are stable: they are stored on users' machines."""

    ANTHROPIC_API_KEY = "anthropic_api_key"
    PEXELS_API_KEY = "pexels_api_key"
    UNSPLASH_ACCESS_KEY = "unsplash_access_key"
    META_APP_SECRET = "meta_app_secret"
    META_ACCESS_TOKEN = "meta_access_token"


@dataclass(frozen=True, slots=True)
class SecretInfo:
    """How the Settings screen presents one secret."""

    name: SecretName
    label: str
    help: str


API_KEYS: tuple[SecretInfo, ...] = (
    SecretInfo(
        SecretName.ANTHROPIC_API_KEY,
        "Anthropic API key",
        "Lets Claude write ad copy. Without it the offline writer is used.",
    ),
    SecretInfo(
        SecretName.PEXELS_API_KEY,
        "Pexels API key",
        "Stock photo search on Pexels. Optional.",
    ),
    SecretInfo(
        SecretName.UNSPLASH_ACCESS_KEY,
        "Unsplash access key",
        "Stock photo search on Unsplash. Optional.",
    ),
)
"""The keys the Settings screen edits; Meta tokens get their own page in step 7."""
