"""Fixtures for the extraction tests: pages from HTML snippets, extraction in one call."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from brandtruth_desktop.core.extract import extract_brand_truth
from brandtruth_desktop.core.models import BrandTruth, PageSnapshot

SITE = "https://acme.example/"
Snapshot = Callable[..., PageSnapshot]
Page = Callable[..., str]


def _snapshot(html: str, url: str = SITE, content_type: str = "text/html") -> PageSnapshot:
    return PageSnapshot(url=url, html=html, sha256=hashlib.sha256(html.encode()).hexdigest(),
                        fetched_at=datetime(2024, 5, 1, tzinfo=UTC), content_type=content_type)


def _page(body: str, *, title: str = "Acme | Rockets for everyone", head: str = "") -> str:
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='og:site_name' content='Acme'>{head}</head>"
            f"<body>{body}</body></html>")


@pytest.fixture
def snapshot() -> Snapshot:
    """Builds a fetched page (PageSnapshot) from HTML, as the fetcher would hand it over."""
    return _snapshot


@pytest.fixture
def page() -> Page:
    """Wraps a body snippet in a small complete page of the brand "Acme"."""
    return _page


@pytest.fixture
def extract() -> Callable[[str], BrandTruth]:
    """Extraction of one page of HTML published at https://acme.example/."""

    def run(html: str) -> BrandTruth:
        return extract_brand_truth([_snapshot(html)], website_url=SITE)

    return run
