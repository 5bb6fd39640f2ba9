"""Ad copy that says only what the brand says (DESIGN.md decisions 2 and 4).

Pure core code: no Qt, database, network or SDK. The entry points:

- `write_copy(truth, request, model)` → the copy stage: Claude when a model is given, the
  offline writer filling in whatever Claude could not; every variant through the gate
- `write_offline(truth, request)` → variants built from facts alone, deterministic per seed
- `grounding_gate(variants, facts, request)` → (passed, rejected with reasons)
- `build_copy_prompt(truth, request)` / `parse_model_variants(...)` → the model's side
- `limits_for(platform)` → copy lengths and call-to-action types; `cost_usd(usage)` → dollars
"""

from brandtruth_desktop.core.copy.costs import DEFAULT_MODEL, cost_usd, is_priced
from brandtruth_desktop.core.copy.gate import grounding_gate, usable_facts
from brandtruth_desktop.core.copy.limits import PLATFORM_LIMITS, PlatformLimits, limits_for
from brandtruth_desktop.core.copy.offline_writer import write_offline
from brandtruth_desktop.core.copy.prompt import CopyPrompt, build_copy_prompt, parse_model_variants
from brandtruth_desktop.core.copy.writer import MAX_RETRIES, write_copy

__all__ = [
    "DEFAULT_MODEL",
    "MAX_RETRIES",
    "PLATFORM_LIMITS",
    "CopyPrompt",
    "PlatformLimits",
    "build_copy_prompt",
    "cost_usd",
    "grounding_gate",
    "is_priced",
    "limits_for",
    "parse_model_variants",
    "usable_facts",
    "write_copy",
    "write_offline",
]
