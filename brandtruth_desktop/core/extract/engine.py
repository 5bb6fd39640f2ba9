"""From fetched pages to the brand's truth: the extraction stage and its plain-call twin.

Deterministic: the same pages in the same order give the same result, in the same order,
with the same fact ids. No network, no language model.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

from brandtruth_desktop.core.extract.brand import BrandVote, compact, site_domain, tagline
from brandtruth_desktop.core.extract.document import Document, Role, parse_document
from brandtruth_desktop.core.extract.facts import (
    Candidate,
    candidates,
    classify,
    is_legal_page,
    make_fact,
    select_facts,
)
from brandtruth_desktop.core.extract.pricing import find_pricing
from brandtruth_desktop.core.extract.rating import rating_quote, structured_rating, text_rating
from brandtruth_desktop.core.extract.sentences import Passage, passages
from brandtruth_desktop.core.extract.structured import Item, structured_items
from brandtruth_desktop.core.extract.testimonials import FoundTestimonial, find_testimonials
from brandtruth_desktop.core.extract.value_propositions import LeadLine, value_propositions
from brandtruth_desktop.core.extract.visuals import find_colors, find_images, find_logo
from brandtruth_desktop.core.jobs import Progress, run_stage
from brandtruth_desktop.core.models import (
    BrandTruth,
    Fact,
    FactKind,
    PageSnapshot,
    PricePlan,
    Rating,
    Testimonial,
    ValueProposition,
)

MIN_FACTS = 3
JAVASCRIPT_TEXT = 400  # characters of visible text below which a page likely needs a browser
MAX_TESTIMONIAL_FACTS = 10


@dataclass(frozen=True, slots=True)
class PageReading:
    """One page parsed, with its structured data."""

    page: PageSnapshot
    doc: Document
    items: list[Item]


@dataclass(slots=True)
class PageFindings:
    """What one page says."""

    facts: list[Fact]
    value_propositions: list[ValueProposition]
    testimonials: list[Testimonial]
    rating: Rating | None
    rating_declared: bool  # from structured data rather than read from the text
    pricing: list[PricePlan]


def _is_html(page: PageSnapshot) -> bool:
    kind = page.content_type.split(";")[0].strip().lower()
    return not kind or kind in ("text/html", "application/xhtml+xml") or kind.endswith("+html")


def _lead_candidates(leads: Sequence[LeadLine], brand_name: str) -> list[Candidate]:
    out: list[Candidate] = []
    for lead in leads:
        start = lead.block.text.find(lead.quote)
        if start < 0:
            continue
        pieces = passages(lead.block) if lead.sentences else [
            Passage(lead.block, start, start + len(lead.quote))]
        for piece in pieces:
            kind, _ = classify(piece.text, compact(brand_name))
            if kind is None or kind is FactKind.CLAIM:
                kind = FactKind.VALUE_PROPOSITION
            out.append(Candidate(piece, kind, 3.5))
    return out


def _overlaps(first: Candidate, second: Candidate) -> bool:
    a, b = first.passage, second.passage
    return a.block.index == b.block.index and a.start < b.end and b.start < a.end


def _testimonial_fact(found: FoundTestimonial) -> Fact:
    testimonial = found.testimonial
    text = testimonial.quote
    if testimonial.author:
        text += f" — {testimonial.author}"
    return make_fact(FactKind.TESTIMONIAL, testimonial.quote, testimonial.source_url,
                     text=text)


def _rating_fact(doc: Document, rating: Rating) -> Fact | None:
    quote = rating_quote(doc, rating)
    if quote is None:
        return None
    text = f"Rated {rating.value:g}"
    if rating.best:
        text += f" out of {rating.best:g}"
    if rating.count is not None:
        text += f" ({rating.count} reviews)"
    return make_fact(FactKind.RATING, quote, rating.source_url, text=text)


def is_home(url: str, website_url: str) -> bool:
    """The site's start page (the address the user gave, or a root or language-root page)."""
    if url.rstrip("/") == website_url.rstrip("/"):
        return True
    path = urlparse(url).path
    return path in ("", "/") or bool(re.fullmatch(
        r"/(?:[a-z]{2}(?:[-_][a-z]{2})?/?)?(?:index\.(?:html?|php))?", path, re.I))


def read_page(reading: PageReading, brand_name: str, seen: list[frozenset[str]],
              quoted: set[str] | None = None, *, home: bool = True) -> PageFindings:
    """Everything one page says, given the brand's name (known only after all pages voted).

    `seen` (words of facts kept so far) and `quoted` (testimonials kept so far) carry over
    from page to page so that what the whole site repeats is kept once, from its first page.
    """
    doc, items, url = reading.doc, reading.items, reading.page.url
    if is_legal_page(doc):
        return PageFindings([], [], [], None, False, [])
    quoted = set() if quoted is None else quoted
    found = find_testimonials(doc, items, url)
    repeated = [f for f in found if f.testimonial.quote in quoted]
    found = [f for f in found if f.testimonial.quote not in quoted]
    quoted.update(f.testimonial.quote for f in found)
    used = frozenset(index for f in [*found, *repeated] for index in f.blocks)
    propositions, leads = value_propositions(doc, items, brand_name, url, used, home=home)
    mined = candidates(doc, brand_name, used)
    # A lead line already covered by finer facts from the same text adds nothing.
    mined += [lead for lead in _lead_candidates(leads, brand_name)
              if not any(_overlaps(lead, other) for other in mined)]
    mined.sort(key=lambda c: (doc.offsets[c.passage.block.index] + c.passage.start, -c.score))
    facts = select_facts(mined, url, seen=seen)
    facts += [_testimonial_fact(f) for f in found[:MAX_TESTIMONIAL_FACTS]]
    declared = structured_rating(items, url)
    rating = declared or text_rating(doc, url)
    if rating is not None:
        rating_fact = _rating_fact(doc, rating)
        if rating_fact is not None:  # the rating's line is that, whatever else it matched
            facts = [f for f in facts if f.quote != rating_fact.quote] + [rating_fact]
    facts.sort(key=lambda f: (max(doc.text.find(f.quote), 0), f.kind, f.id))
    return PageFindings(facts, propositions, [f.testimonial for f in found], rating,
                        declared is not None, find_pricing(doc, items, url))


def _page_warning(reading: PageReading, facts: int) -> str | None:
    if facts >= MIN_FACTS:
        return None
    url = reading.page.url
    visible = sum(len(b.text) for b in reading.doc.blocks if b.role is not Role.TITLE)
    if visible < JAVASCRIPT_TEXT and "<script" in reading.page.html.lower():
        return (f"Few facts were found on {url}; the page seems to need JavaScript. "
                "Add facts by hand.")
    if visible < JAVASCRIPT_TEXT:
        return f"Few facts were found on {url}; the page has almost no text. Add facts by hand."
    return f"Few facts were found on {url}. Add facts by hand if the page says more."


def extract_stage(pages: Sequence[PageSnapshot], website_url: str,
                  ) -> Generator[Progress, None, BrandTruth]:
    """The extraction stage: yields progress per page (cancel between yields), returns the truth."""
    total = 2 * len(pages) + 1
    warnings: list[str] = []
    readings: list[PageReading] = []
    vote = BrandVote.empty()
    for index, page in enumerate(pages):
        yield Progress(index, total, f"Reading {page.url}")
        if not _is_html(page):
            warnings.append(f"{page.url} is not a web page ({page.content_type}); it was skipped.")
            continue
        doc = parse_document(page.html, page.final_url or page.url)
        items = structured_items(doc)
        vote.add_page(doc, items, website_url)
        readings.append(PageReading(page, doc, items))
    if not pages:
        warnings.append("No pages were given, so nothing could be extracted.")
    brand_name, sources = vote.winner()
    if not brand_name:
        brand_name = site_domain(website_url).capitalize()
        warnings.append("No brand name was found on the pages; set it by hand.")
    elif sources <= {"web address"}:
        warnings.append(f"The brand name “{brand_name}” was guessed from the web address; "
                        "check it.")

    facts: list[Fact] = []
    propositions: list[ValueProposition] = []
    testimonials: list[Testimonial] = []
    pricing: list[PricePlan] = []
    ratings: list[tuple[bool, Rating]] = []
    seen: list[frozenset[str]] = []
    quoted: set[str] = set()
    for index, reading in enumerate(readings):
        yield Progress(len(pages) + index, total, f"Finding facts on {reading.page.url}")
        findings = read_page(reading, brand_name, seen, quoted,
                             home=is_home(reading.page.url, website_url))
        facts += findings.facts
        propositions += findings.value_propositions
        testimonials += findings.testimonials
        pricing += findings.pricing
        if findings.rating is not None:
            ratings.append((findings.rating_declared, findings.rating))
        warning = None if is_legal_page(reading.doc) else _page_warning(
            reading, len(findings.facts))
        if warning:
            warnings.append(warning)

    yield Progress(total - 1, total, "Collecting logo, colours and images")
    logo = next((url for r in readings if (url := find_logo(r.doc, r.items))), None)
    colors: list[str] = []
    images: list[str] = []
    for reading in readings:
        colors += [c for c in find_colors(reading.doc) if c not in colors]
        images += [i for i in find_images(reading.doc, reading.items) if i not in images]
    slogan = next((t for r in readings if is_home(r.page.url, website_url)
                   and (t := tagline(r.doc, r.items, brand_name))), None)
    return BrandTruth(
        brand_name=brand_name,
        website_url=website_url,
        tagline=slogan,
        pages=tuple(r.page for r in readings),
        value_propositions=tuple(_unique_propositions(propositions)),
        facts=tuple(_unique_facts(facts)),
        testimonials=tuple(testimonials),
        # What a site declares beats what a page's text says; the first page wins a tie.
        rating=next((r for declared, r in ratings if declared), ratings[0][1] if ratings else None),
        pricing=tuple(_unique_plans(pricing)),
        logo_url=logo,
        colors=tuple(colors[:8]),
        images=tuple(images[:20]),
        warnings=tuple(warnings),
    )


def _unique_facts(facts: Sequence[Fact]) -> list[Fact]:
    seen: set[str] = set()
    out: list[Fact] = []
    for fact in facts:
        if fact.id not in seen:
            seen.add(fact.id)
            out.append(fact)
    return out


def _unique_propositions(items: Sequence[ValueProposition]) -> list[ValueProposition]:
    seen: set[str] = set()
    out: list[ValueProposition] = []
    for item in items:
        key = compact(item.text)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out[:40]


def _unique_plans(plans: Sequence[PricePlan]) -> list[PricePlan]:
    seen: set[tuple[str, str, str | None]] = set()
    out: list[PricePlan] = []
    for plan in plans:
        key = (plan.plan.casefold(), plan.price, plan.currency)
        if key not in seen:
            seen.add(key)
            out.append(plan)
    return out


def extract_brand_truth(pages: Sequence[PageSnapshot], *, website_url: str) -> BrandTruth:
    """Everything the pages say about the brand, in one call (the stage run to its end)."""
    truth: BrandTruth = run_stage(extract_stage(pages, website_url))
    return truth
