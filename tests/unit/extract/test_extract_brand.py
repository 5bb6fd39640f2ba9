"""Brand name, tagline, logo, colours and images."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from brandtruth_desktop.core.extract import extract_brand_truth
from brandtruth_desktop.core.extract.brand import site_domain, split_title
from brandtruth_desktop.core.extract.document import parse_document
from brandtruth_desktop.core.extract.structured import structured_items
from brandtruth_desktop.core.extract.visuals import find_colors, find_logo, normalize_color
from brandtruth_desktop.core.models import BrandTruth, PageSnapshot

Snapshot = Callable[..., PageSnapshot]


def brand_of(snapshot: Snapshot, html: str, url: str) -> BrandTruth:
    return extract_brand_truth([snapshot(html, url)], website_url=url)


@pytest.mark.parametrize(("title", "parts"), [
    ("GitHub · Build software better, together.", ["GitHub", "Build software better, together"]),
    ("Plugins, Support & More: WPMU DEV", ["Plugins, Support & More", "WPMU DEV"]),
    ("Firefox — Customize it — Mozilla", ["Firefox", "Customize it", "Mozilla"]),
    ("Laura Ribas | Marketing", ["Laura Ribas", "Marketing"]),
    ("Coca-Cola - Taste the feeling", ["Coca-Cola", "Taste the feeling"]),
])
def test_title_parts(title: str, parts: list[str]) -> None:
    assert split_title(title) == parts


@pytest.mark.parametrize(("url", "domain"), [
    ("https://shop.dunkindonuts.com/coffee/", "dunkindonuts"),
    ("http://premium.wpmudev.org/", "wpmudev"),
    ("https://www.acme.co.uk/", "acme"),
    ("file:///home/me/site/index.html", ""),
    ("http://127.0.0.1:8000/", ""),
])
def test_site_domain(url: str, domain: str) -> None:
    assert site_domain(url) == domain


def test_name_from_structured_data_spelled_as_the_page_spells_it(snapshot: Snapshot) -> None:
    html = """<html><head><title>Client Track Software for Human Services</title>
      <meta property="og:site_name" content="Client Track">
      <script type="application/ld+json">{"@type": "Organization", "name": "Client Track"}
      </script></head><body><p>ClientTrack helps agencies. ClientTrack is fast.</p>
      <p>Call ClientTrack today.</p></body></html>"""
    truth = brand_of(snapshot, html, "https://clienttrack.example/")
    assert truth.brand_name == "ClientTrack"
    assert truth.tagline == "Software for Human Services"


def test_name_from_the_web_address_when_the_title_is_all_keywords(snapshot: Snapshot) -> None:
    html = """<html><head><title>Discount Party Supplies - Free Shipping</title>
      <meta property="og:site_name" content="Discount Party Supplies - Free Shipping"></head>
      <body><p>Since 2001 My Paper Shop has offered paper goods.</p>
      <p>Shop at My Paper Shop for every party.</p><p>© 2015 My Paper Shop</p></body></html>"""
    assert brand_of(snapshot, html, "https://www.mypapershop.example/").brand_name == (
        "My Paper Shop")


def test_the_product_a_page_is_about_beats_its_publisher(snapshot: Snapshot) -> None:
    html = """<html><head><title>Firefox — Make it yours — Mozilla</title>
      <meta property="og:site_name" content="Mozilla"></head><body>
      <div class="nav"><a class="product-logo" href="/firefox/">Firefox</a></div>
      <h1>Make your Firefox your own</h1><p>Firefox lets you choose. Firefox is fast.</p>
      <h2>Keep your Firefox in Sync</h2><p>Sync Firefox everywhere.</p>
      <footer><p>Mozilla</p></footer></body></html>"""
    assert brand_of(snapshot, html, "https://www.mozilla.example/firefox/").brand_name == (
        "Firefox")


def test_warning_when_only_the_web_address_names_the_brand(snapshot: Snapshot) -> None:
    truth = brand_of(snapshot, "<p>Hello there, welcome.</p>", "https://zorblax.example/")
    assert truth.brand_name == "Zorblax"
    assert any("guessed from the web address" in w for w in truth.warnings)


def logo_of(html: str, url: str = "https://acme.example/") -> str | None:
    doc = parse_document(html, url)
    return find_logo(doc, structured_items(doc))


def test_logo_sources_in_order() -> None:
    structured = """<script type="application/ld+json">{"@type": "Organization",
        "logo": {"@type": "ImageObject", "url": "/img/org-logo.svg"}}</script>"""
    header = '<header><a href="/"><img class="site-logo" src="//cdn.acme.example/l.png"></a>'
    footer = '<footer><img class="logo" src="/footer-logo.png"></footer>'
    touch = '<link rel="apple-touch-icon" sizes="180x180" href="/touch.png">'
    og = '<meta property="og:image" content="https://acme.example/acme-logo.png">'
    assert logo_of(structured + header) == "https://acme.example/img/org-logo.svg"
    assert logo_of(header + footer) == "https://cdn.acme.example/l.png"
    assert logo_of(footer + og + touch) == "https://acme.example/acme-logo.png"
    assert logo_of(footer + touch) == "https://acme.example/touch.png"
    assert logo_of('<link rel="icon" href="/favicon.ico">') is None


@pytest.mark.parametrize(("css", "color"), [
    ("#FFF", "#ffffff"), ("#4078c0", "#4078c0"), ("rgb(64, 120, 192)", "#4078c0"),
    ("rgba(64,120,192,0.9)", "#4078c0"), ("rgba(64,120,192,0.1)", None),
    ("hsl(0, 100%, 50%)", "#ff0000"), ("#12345", None), ("transparent", None),
])
def test_colours_normalise_to_hex(css: str, color: str | None) -> None:
    assert normalize_color(css) == color


def test_declared_colours_come_first_then_the_most_used() -> None:
    doc = parse_document("""<html><head><meta name="theme-color" content="#FFFFFF">
      <meta name="msapplication-TileColor" content="#da532c">
      <style>:root { --brand-primary: #654EA3; } a { color: #0a7d3e } b { color: #0a7d3e }
      p { color: #333 } i { color: #e91e63 }</style></head>
      <body><svg><path fill="#0a7d3e"/></svg><p style="background: rgb(233, 30, 99)">x</p>
      </body></html>""")
    assert find_colors(doc) == ["#ffffff", "#da532c", "#654ea3", "#0a7d3e", "#e91e63"]


def test_images_prefer_social_then_content_images(snapshot: Snapshot) -> None:
    html = """<html><head><meta property="og:image" content="/og.jpg"></head><body>
      <nav><img src="/nav.png" width="400"></nav><img src="/icons/star.png" width="16">
      <main><img src="/hero.jpg" width="1200" height="600"><img src="/pixel.gif"></main>
      </body></html>"""
    truth = brand_of(snapshot, html, "https://acme.example/")
    assert truth.images == ("https://acme.example/og.jpg", "https://acme.example/hero.jpg")
