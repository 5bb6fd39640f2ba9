"""HTML to brand truth: facts with their exact quotes, testimonials, rating, pricing, look.

Pure core code (no Qt, database or network; the optional enrichment reaches a model only
through the `LanguageModel` port). The entry points:

- `extract_brand_truth(pages, website_url=…)` → `BrandTruth`
- `extract_stage(pages, website_url)` → a stage generator yielding `Progress` per page
- `page_text(html)` → the page's normalized visible text; every fact's quote occurs in it
- `enrich_stage(truth, pages, model)` → optional: Claude's value propositions, tone and missed
  facts, each kept only when its quote is on a page (an `EnrichmentResult`)

Modules: document (the page parsed once), regions (nav, footer, cookie banner …),
structured (JSON-LD, microdata, RDFa), brand (name, tagline), visuals (logo, colours, images),
sentences (passages a fact can quote), facts (mining), risk (the one risk table),
testimonials, rating, pricing, value_propositions, engine (the stage); enrichment,
enrichment_prompt and quotes (the optional model pass, and where its quotes are on the pages).
"""

from brandtruth_desktop.core.extract.document import page_text
from brandtruth_desktop.core.extract.engine import extract_brand_truth, extract_stage
from brandtruth_desktop.core.extract.enrichment import (
    DroppedSuggestion,
    EnrichmentResult,
    enrich_stage,
)

__all__ = [
    "DroppedSuggestion",
    "EnrichmentResult",
    "enrich_stage",
    "extract_brand_truth",
    "extract_stage",
    "page_text",
]
