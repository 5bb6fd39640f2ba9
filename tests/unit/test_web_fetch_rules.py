"""The web fetcher's rules that need no server: what counts as an address, which links are key
pages, how long to wait before a retry, and how bytes become text."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from brandtruth_desktop.core.ports import FetchError
from brandtruth_desktop.integrations.charset import (
    charset_from_content_type,
    declared_in_page,
    decode_html,
)
from brandtruth_desktop.integrations.crawl import (
    CrawlPlan,
    KeyPage,
    Link,
    key_page_kind,
    page_key,
    page_links,
)
from brandtruth_desktop.integrations.http_page import HttpLimits, parse_retry_after, retry_wait
from brandtruth_desktop.integrations.site_address import site_address

# --- addresses -------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "address"), [
    ("https://example.com", "https://example.com/"),
    ("  HTTP://Example.com/About?x=1#team ", "http://Example.com/About?x=1"),
    ("example.com", "https://example.com/"),
    ("www.example.co.uk/pricing", "https://www.example.co.uk/pricing"),
    ("shop.example.com:8443/", "https://shop.example.com:8443/"),
    ("<https://example.com/>", "https://example.com/"),
    ("http://127.0.0.1:8000", "http://127.0.0.1:8000/"),
])
def test_web_addresses_are_accepted_and_tidied(typed: str, address: str) -> None:
    assert site_address(typed) == address


@pytest.mark.parametrize("typed", [
    "foo", "", "hello world", "ftp://example.com", "mailto:a@example.com", "javascript:alert(1)",
    "https://", "http://exa mple.com", "https://example.com:99999/", "localhost:8000",
])
def test_anything_else_is_not_an_address(typed: str) -> None:
    with pytest.raises(FetchError, match="is not a web address or a folder"):
        site_address(typed)


def test_folders_and_files_become_file_urls(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<title>x</title>")
    (tmp_path / "about.html").write_text("<title>x</title>")

    assert site_address(str(tmp_path)) == (tmp_path / "index.html").as_uri()
    assert site_address(str(tmp_path / "about.html")) == (tmp_path / "about.html").as_uri()
    assert site_address(tmp_path.as_uri()) == (tmp_path / "index.html").as_uri()


def test_a_path_that_is_not_there_is_named(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="There is no file or folder at"):
        site_address(str(tmp_path / "site" / "index.html"))


# --- key pages -------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "text", "kind"), [
    ("https://a.example/about-us", "", KeyPage.ABOUT),
    ("https://a.example/company", "Our story", KeyPage.ABOUT),
    ("https://a.example/de/ueber-uns", "", KeyPage.ABOUT),
    ("https://a.example/fr/qui-sommes-nous", "", KeyPage.ABOUT),
    ("https://a.example/pricing.html", "", KeyPage.PRICING),
    ("https://a.example/es/precios", "", KeyPage.PRICING),
    ("https://a.example/x?id=3", "Plans & Pricing", KeyPage.PRICING),
    ("https://a.example/features", "", KeyPage.FEATURES),
    ("https://a.example/how-it-works", "", KeyPage.FEATURES),
    ("https://a.example/case-studies/", "", KeyPage.CUSTOMERS),
    ("https://a.example/p/1", "Témoignages", KeyPage.CUSTOMERS),
    ("https://a.example/wall-of-love", "", KeyPage.CUSTOMERS),
    ("https://a.example/help/faq", "", KeyPage.FAQ),
    ("https://a.example/preguntas-frecuentes", "", KeyPage.FAQ),
    ("https://a.example/kontakt", "", KeyPage.CONTACT),
    ("https://a.example/x", "Get in touch", KeyPage.CONTACT),
])
def test_key_pages_are_recognised_by_path_or_link_text(
    url: str, text: str, kind: KeyPage,
) -> None:
    found = key_page_kind(Link(url, text))
    assert found is not None and found[0] is kind


@pytest.mark.parametrize(("url", "text"), [
    ("https://a.example/blog/our-new-pricing", "Our new pricing"),
    ("https://a.example/privacy", "Privacy"),
    ("https://a.example/login", "Log in"),
    ("https://a.example/assets/pricing.pdf", "Pricing (PDF)"),
    ("https://a.example/shop/shoes/red/size-9/about", ""),
    ("https://a.example/", "Home"),
    ("https://a.example/x", "Read the full story of how our founders met and what they built"),
])
def test_other_links_are_not_key_pages(url: str, text: str) -> None:
    assert key_page_kind(Link(url, text)) is None


def test_a_link_whose_text_and_path_agree_beats_one_that_only_says_it_in_text() -> None:
    both = key_page_kind(Link("https://a.example/pricing", "Pricing"))
    text_only = key_page_kind(Link("https://a.example/p/12", "Pricing"))
    assert both is not None and text_only is not None and both[1] > text_only[1]


def test_the_same_page_written_differently_is_one_page() -> None:
    assert len({
        page_key("https://www.a.example/about/"), page_key("https://a.example/about"),
        page_key("https://a.example:443/about#team"), page_key("HTTPS://A.example/about"),
    }) == 1
    assert page_key("https://a.example/index.html") == page_key("https://a.example/")


def test_the_plan_never_repeats_a_page_and_stops_at_max_pages() -> None:
    plan = CrawlPlan("https://a.example/", 3, lambda url: "a.example" in url)
    first = plan.add_links([
        Link("https://a.example/about", "About"), Link("https://a.example/about/", "About us"),
        Link("https://b.example/pricing", "Pricing"), Link("https://a.example/faq", "FAQ"),
        Link("https://a.example/contact", "Contact"),
    ])
    again = plan.add_links([Link("https://a.example/pricing", "Pricing")])

    assert first == ["https://a.example/about", "https://a.example/faq"]
    assert again == [] and plan.total == 3


def test_links_are_resolved_against_the_base_and_unclosed_anchors_end() -> None:
    html = (
        '<base href="https://a.example/en/"><a href="about">About<a href="/pricing">'
        "<img alt='Pricing'></a><script>var s = '<a href=\"/nope\">x</a>';</script>"
        '<a href="#top">Top</a><a href="mailto:x@a.example">Mail</a>'
        '<a href="faq#shipping" aria-label="Questions"></a>'
    )
    assert page_links(html, "https://a.example/") == [
        Link("https://a.example/en/about", "About"),
        Link("https://a.example/pricing", "Pricing"),
        Link("https://a.example/en/faq", "Questions"),
    ]


# --- retries ---------------------------------------------------------------------------------


def test_retry_after_in_seconds_or_as_a_date() -> None:
    now = datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("12", now) == 12.0
    assert parse_retry_after("Wed, 01 Jan 2025 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Wed, 01 Jan 2025 11:00:00 GMT", now) == 0.0  # already past
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


def test_backoff_doubles_is_capped_and_a_long_retry_after_is_not_waited() -> None:
    limits = HttpLimits(backoff_s=1.0, max_retry_wait_s=30.0)
    assert [retry_wait(None, attempt, limits) for attempt in range(6)] == [
        1.0, 2.0, 4.0, 8.0, 16.0, 30.0,
    ]
    assert retry_wait("5", 0, limits) == 5.0
    assert retry_wait("600", 0, limits) is None


# --- text ------------------------------------------------------------------------------------


def test_charset_comes_from_the_header_then_the_page() -> None:
    assert charset_from_content_type('text/html; charset="UTF-8"') == "utf-8"
    assert charset_from_content_type("text/html; charset=iso-8859-1") == "cp1252"
    assert charset_from_content_type("text/html; charset=klingon") is None
    assert charset_from_content_type("text/html") is None
    assert declared_in_page(b"<head><meta charset='Shift_JIS'>") == "shift_jis"
    assert declared_in_page(
        b'<meta http-equiv="content-type" content="text/html; charset=windows-1251">'
    ) == "cp1251"
    assert declared_in_page(b'<?xml version="1.0" encoding="ISO-8859-2"?><html>') == "iso8859-2"


def test_a_byte_order_mark_wins_over_everything() -> None:
    text, encoding = decode_html("<p>Grüße</p>".encode("utf-8-sig"), "cp1252")
    assert text == "<p>Grüße</p>" and encoding == "utf-8-sig"


def test_undecodable_bytes_never_raise() -> None:
    text, _ = decode_html(b"<p>caf\xe9 \xff\xfe\x81</p>", "utf-8")
    assert text.startswith("<p>caf")
