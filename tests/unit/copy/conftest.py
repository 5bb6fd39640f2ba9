"""Fixtures for the copy tests: facts and variants in one line, a small brand, the demo site
and the saved corpus pages as BrandTruth, and a fake language model."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from brandtruth_desktop.core.extract import extract_brand_truth
from brandtruth_desktop.core.jobs import run_stage
from brandtruth_desktop.core.models import (
    Angle,
    BrandTruth,
    CopyVariant,
    Fact,
    FactKind,
    PageSnapshot,
    Risk,
)
from brandtruth_desktop.core.ports import LanguageModelError, ModelReply, ModelUsage

REPO = Path(__file__).resolve().parents[3]
CORPUS = REPO.parent / "shared" / "corpus"
DEMO_SITE = REPO / "resources" / "demo_site"
FETCHED_AT = datetime(2024, 1, 1, tzinfo=UTC)

MakeFact = Callable[..., Fact]
MakeVariant = Callable[..., CopyVariant]


def fact(text: str, *, id: str = "f-1", kind: FactKind = FactKind.CLAIM, quote: str = "",
         risk: Risk = Risk.LOW, excluded: bool = False, risk_reason: str = "") -> Fact:
    return Fact(id=id, kind=kind, text=text, quote=quote or text,
                source_url="https://acme.example/", risk=risk, risk_reason=risk_reason,
                excluded=excluded)


def variant(headline: str = "Rockets for everyone", primary_text: str = "Meet Acme.", *,
            description: str = "", cta: str = "LEARN_MORE", fact_ids: tuple[str, ...] = ("f-1",),
            angle: Angle = Angle.BENEFIT, id: str = "") -> CopyVariant:
    digest = hashlib.sha256(f"{headline}|{primary_text}|{description}".encode()).hexdigest()
    return CopyVariant(id=id or f"v-{digest[:8]}",
                       angle=angle, headline=headline, primary_text=primary_text,
                       description=description, call_to_action=cta, fact_ids=fact_ids)


@pytest.fixture
def make_fact() -> MakeFact:
    """A fact of the brand Acme; the quote is the text unless given."""
    return fact


@pytest.fixture
def make_variant() -> MakeVariant:
    """A variant citing f-1 unless told otherwise."""
    return variant


ACME_FACTS = (
    fact("Rockets for everyone", id="f-vp", kind=FactKind.VALUE_PROPOSITION),
    fact("Trusted by 10,000 teams in 40 countries.", id="f-stat", kind=FactKind.CUSTOMER),
    fact("Free shipping on orders over $50.", id="f-offer", kind=FactKind.OFFER),
    fact("Every rocket is assembled by hand in Leeds.", id="f-claim"),
    fact("Rated 4.8 out of 5 (1240 reviews)", id="f-rating", kind=FactKind.RATING,
         quote="4.8 out of 5 from 1,240 reviews"),
    fact("Launch in minutes with our guided setup.", id="f-setup"),
    fact("The fastest rockets on the planet.", id="f-high", risk=Risk.HIGH,
         risk_reason="a superlative: an ad needs proof that it is true"),
    fact("Our rockets cure cancer.", id="f-blocked", risk=Risk.BLOCKED,
         risk_reason="claims to cure, treat or prevent a disease"),
    fact("Rockets ship with a lifetime warranty.", id="f-excluded", excluded=True),
    fact("My launch went perfectly and the crew loved it. — Jane Doe",
         id="f-quote", kind=FactKind.TESTIMONIAL, risk=Risk.MEDIUM,
         quote="My launch went perfectly and the crew loved it."),
    fact("Try any rocket free for 30 days.", id="f-trial", kind=FactKind.OFFER),
)


@pytest.fixture
def acme() -> BrandTruth:
    """A small English brand with facts of every risk level (high, blocked, excluded too)."""
    return BrandTruth(brand_name="Acme", website_url="https://acme.example/", facts=ACME_FACTS)


def _corpus() -> dict[str, BrandTruth]:
    with (CORPUS / "SOURCES.tsv").open(encoding="utf-8") as handle:
        urls = {row["file"]: row["original_url"] for row in csv.DictReader(handle, delimiter="\t")}
    truths = {}
    for file in sorted(urls):
        html = (CORPUS / file).read_text(encoding="utf-8")
        page = PageSnapshot(url=urls[file], html=html, fetched_at=FETCHED_AT,
                            sha256=hashlib.sha256(html.encode()).hexdigest())
        truths[file] = extract_brand_truth([page], website_url=urls[file])
    return truths


def corpus_files() -> list[str]:
    if not (CORPUS / "SOURCES.tsv").is_file():
        return []
    with (CORPUS / "SOURCES.tsv").open(encoding="utf-8") as handle:
        return sorted(row["file"] for row in csv.DictReader(handle, delimiter="\t"))


@pytest.fixture(scope="session")
def corpus() -> dict[str, BrandTruth]:
    """Every saved page in ../shared/corpus, extracted (its absence fails the run)."""
    assert (CORPUS / "SOURCES.tsv").is_file(), (
        f"the shared corpus must be beside the checkout at {CORPUS} (CI provides it)"
    )
    return _corpus()


@pytest.fixture(scope="session")
def demo_truth() -> BrandTruth:
    """The bundled demo brand site, read from its folder by the web fetcher and extracted."""
    from brandtruth_desktop.integrations.web_fetcher import WebFetcher

    site = run_stage(WebFetcher().fetch_site(str(DEMO_SITE)))
    return extract_brand_truth(site.pages, website_url=site.pages[0].url)


class FakeModel:
    """A LanguageModel that answers from a script: each item is a reply's data (a dict, or
    anything else for malformed output) or an exception to raise. The last item repeats."""

    def __init__(self, script: list[Any], model: str = "claude-haiku-4-5") -> None:
        self.script = list(script)
        self._model = model
        self.calls: list[dict[str, Any]] = []

    @property
    def model(self) -> str:
        return self._model

    def complete_json(self, *, system: str, user: str, schema: dict[str, Any],
                      max_tokens: int = 4096) -> ModelReply:
        self.calls.append({"system": system, "user": user, "schema": schema})
        step = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if isinstance(step, LanguageModelError):
            raise step
        data = step if isinstance(step, dict) else {"unexpected": step}
        return ModelReply(data=data, raw_text=json.dumps(data),
                          usage=ModelUsage(self._model, input_tokens=2_000, output_tokens=1_000))


@pytest.fixture
def fake_model() -> type[FakeModel]:
    return FakeModel
