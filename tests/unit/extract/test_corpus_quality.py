"""Extraction quality on saved pages of real brands (../shared/corpus, see its README).

For every page: the brand name is right; at least 80% of the claims and testimonials a careful
reader listed are found; the rating, logo and theme colour match when listed; every fact's
quote is in the page's text; the page yields between 3 and 60 facts.

A listed claim is found when one extracted fact, value proposition or testimonial holds at
least 80% of its words (words: case-folded runs of letters and digits). A listed testimonial is
found when an extracted testimonial's quote contains its first words and, when an author is
listed, the extracted author (alone, or with the role after it) is that author.

Run with `-s` to see the per-page figures and timings.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

import pytest

from brandtruth_desktop.core.extract import extract_brand_truth, page_text
from brandtruth_desktop.core.models import BrandTruth, PageSnapshot

REPO = Path(__file__).resolve().parents[3]
CORPUS = REPO.parent / "shared" / "corpus"
FETCHED_AT = datetime(2024, 1, 1, tzinfo=UTC)



@pytest.fixture(autouse=True, scope="module")
def corpus_is_there() -> None:
    """The real pages are the measure of extraction: their absence fails, it never skips."""
    assert (CORPUS / "EXPECTED.json").is_file(), (
        f"the shared corpus must be beside the checkout at {CORPUS} (CI provides it)"
    )


def words(text: str) -> list[str]:
    """Case-folded alphanumeric tokens."""
    return re.findall(r"[^\W_]+", text.casefold())


def holds(candidate: str, claim: str) -> bool:
    """Whether `candidate` holds at least 80% of the claim's words."""
    wanted = words(claim)
    have = set(words(candidate))
    return bool(wanted) and sum(w in have for w in wanted) >= 0.8 * len(wanted)


def contains_run(haystack: list[str], needle: list[str]) -> bool:
    return any(haystack[i:i + len(needle)] == needle
               for i in range(len(haystack) - len(needle) + 1))


def same_name(a: str, b: str) -> bool:
    """Names compared case-insensitively, ignoring punctuation (’ vs ')."""
    return words(a) == words(b)


@dataclass(frozen=True)
class PageResult:
    file: str
    url: str
    html: str
    truth: BrandTruth
    seconds: float
    expected: dict[str, object]


def _load() -> list[PageResult]:
    expected = json.loads((CORPUS / "EXPECTED.json").read_text(encoding="utf-8"))
    with (CORPUS / "SOURCES.tsv").open(encoding="utf-8") as handle:
        urls = {row["file"]: row["original_url"] for row in csv.DictReader(handle, delimiter="\t")}
    results = []
    for file in sorted(expected):
        html = (CORPUS / file).read_text(encoding="utf-8")
        url = urls[file]
        page = PageSnapshot(url=url, html=html, fetched_at=FETCHED_AT,
                            sha256=hashlib.sha256(html.encode()).hexdigest())
        start = time.perf_counter()
        truth = extract_brand_truth([page], website_url=url)
        results.append(PageResult(file, url, html, truth, time.perf_counter() - start,
                                  expected[file]))
    return results


@pytest.fixture(scope="module")
def results() -> dict[str, PageResult]:
    return {r.file: r for r in _load()}


def expected_files() -> list[str]:
    if not (CORPUS / "EXPECTED.json").is_file():
        return []
    return sorted(json.loads((CORPUS / "EXPECTED.json").read_text(encoding="utf-8")))


def found_claims(result: PageResult) -> list[str]:
    truth = result.truth
    candidates = [*(f.text for f in truth.facts), *(f.quote for f in truth.facts),
                  *(v.text for v in truth.value_propositions),
                  *(t.quote for t in truth.testimonials)]
    claims = result.expected["claims"]
    assert isinstance(claims, list)
    return [c for c in claims if any(holds(candidate, c) for candidate in candidates)]


def found_testimonials(result: PageResult) -> list[dict[str, str | None]]:
    listed = result.expected["testimonials"]
    assert isinstance(listed, list)
    found = []
    for wanted in listed:
        start = words(wanted["quote_start"])
        for testimonial in result.truth.testimonials:
            if not contains_run(words(testimonial.quote), start):
                continue
            author = wanted["author"]
            if author is not None:
                given = testimonial.author or ""
                with_role = f"{given}, {testimonial.role}" if testimonial.role else given
                if not (same_name(author, given) or same_name(author, with_role)):
                    continue
            found.append(wanted)
            break
    return found


@pytest.mark.parametrize("file", expected_files())
def test_brand_name_is_right(results: dict[str, PageResult], file: str) -> None:
    result = results[file]
    expected = result.expected["brand_name"]
    assert isinstance(expected, str)
    assert same_name(result.truth.brand_name, expected)


@pytest.mark.parametrize("file", expected_files())
def test_most_listed_claims_are_found(results: dict[str, PageResult], file: str) -> None:
    result = results[file]
    claims = result.expected["claims"]
    assert isinstance(claims, list)
    found = found_claims(result)
    missing = [c for c in claims if c not in found]
    assert len(found) >= 0.8 * len(claims), f"not found: {missing}"


@pytest.mark.parametrize("file", expected_files())
def test_most_listed_testimonials_are_found(results: dict[str, PageResult], file: str) -> None:
    result = results[file]
    listed = result.expected["testimonials"]
    assert isinstance(listed, list)
    found = found_testimonials(result)
    missing = [t for t in listed if t not in found]
    assert len(found) >= 0.8 * len(listed), f"not found: {missing}"


@pytest.mark.parametrize("file", expected_files())
def test_rating_logo_and_theme_colour_match(results: dict[str, PageResult], file: str) -> None:
    result = results[file]
    truth, expected = result.truth, result.expected
    rating = expected["rating"]
    if isinstance(rating, dict):
        assert truth.rating is not None
        assert truth.rating.value == pytest.approx(float(rating["value"]))
        assert truth.rating.count == rating["count"]
    logo = expected["logo_url"]
    if isinstance(logo, str):
        assert truth.logo_url == urljoin(result.url, logo)
    theme = expected["theme_color"]
    if isinstance(theme, str):
        assert theme.lower() in truth.colors


@pytest.mark.parametrize("file", expected_files())
def test_every_fact_is_quoted_from_its_page(results: dict[str, PageResult], file: str) -> None:
    result = results[file]
    text = page_text(result.html)
    misquoted = [f.quote for f in result.truth.facts if f.quote not in text]
    assert misquoted == []
    assert all(f.source_url == result.url for f in result.truth.facts)
    assert all(t.quote in text for t in result.truth.testimonials)


@pytest.mark.parametrize("file", expected_files())
def test_a_page_yields_a_sensible_number_of_facts(results: dict[str, PageResult],
                                                 file: str) -> None:
    assert 3 <= len(results[file].truth.facts) <= 60


def test_corpus_figures(results: dict[str, PageResult]) -> None:
    """Prints the per-page figures (pytest -s) and checks the corpus as a whole."""
    header = (f"{'page':28} {'brand':16} {'claims':>7} {'testim.':>8} {'facts':>6} "
              f"{'VPs':>4} {'rating':>10} {'ms':>6}")
    lines = ["", header, "-" * len(header)]
    total_claims = found_total = 0
    for file, result in sorted(results.items()):
        claims = result.expected["claims"]
        listed = result.expected["testimonials"]
        assert isinstance(claims, list) and isinstance(listed, list)
        found = len(found_claims(result))
        total_claims += len(claims)
        found_total += found
        rating = result.truth.rating
        lines.append(
            f"{file:28} {result.truth.brand_name[:16]:16} {found:>3}/{len(claims):<3} "
            f"{len(found_testimonials(result)):>4}/{len(listed):<3} "
            f"{len(result.truth.facts):>6} {len(result.truth.value_propositions):>4} "
            f"{(f'{rating.value:g}/{rating.count}' if rating else '-'):>10} "
            f"{result.seconds * 1000:>6.0f}"
        )
    lines.append(f"claims found overall: {found_total}/{total_claims}")
    print("\n".join(lines))
    assert found_total >= 0.8 * total_claims
