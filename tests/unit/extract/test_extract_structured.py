"""Structured data: JSON-LD read forgivingly, microdata and RDFa read the same way."""

from __future__ import annotations

from brandtruth_desktop.core.extract.document import parse_document
from brandtruth_desktop.core.extract.structured import Item, load_json_ld, structured_items


def items_of(html: str) -> list[Item]:
    return structured_items(parse_document(html, "https://acme.example/"))


def ld(*scripts: str) -> str:
    return "".join(f'<script type="application/ld+json">{s}</script>' for s in scripts)


def test_broken_json_ld_is_read_anyway() -> None:
    assert load_json_ld('<!-- {"@type": "Thing", "name": "A",} -->') == [
        {"@type": "Thing", "name": "A"}]
    assert load_json_ld('{"@type": "A"} {"@type": "B"}') == [{"@type": "A"}, {"@type": "B"}]
    assert load_json_ld('{"name": "line\nbreak"}') == [{"name": "line\nbreak"}]
    assert load_json_ld("{not json at all") == []
    assert load_json_ld("") == []


def test_graph_lists_and_references_are_followed() -> None:
    items = items_of(ld("""{"@context": "https://schema.org", "@graph": [
        {"@type": "Organization", "@id": "#org", "name": "Acme",
         "logo": {"@id": "#logo"}},
        {"@type": "ImageObject", "@id": "#logo", "url": "https://acme.example/logo.png"},
        {"@type": "WebSite", "publisher": {"@id": "#org"}}]}""",
                            '[{"@type": ["Product", "Thing"], "name": "Rocket"}]'))
    organization = next(i for i in items if i.is_a("Organization"))
    assert organization.text("name") == "Acme"
    assert organization.url("logo") == "https://acme.example/logo.png"
    website = next(i for i in items if i.is_a("WebSite"))
    publisher = website.item("publisher")
    assert publisher is not None and publisher.text("name") == "Acme"
    assert any(i.is_a("product") and i.text("name") == "Rocket" for i in items)


def test_html_inside_json_ld_values_is_cleaned() -> None:
    items = items_of(ld('{"@type": "Recipe", "description": "<p>It&rsquo;s light.&nbsp;</p>"}'))
    assert items[0].text("description") == "It’s light."


def test_microdata_items_nest() -> None:
    items = items_of("""<div itemscope itemtype="http://schema.org/LocalBusiness">
        <meta itemprop="name" content="Acme Shop"><img itemprop="logo" src="/logo.png">
        <div itemprop="address" itemscope itemtype="http://schema.org/PostalAddress">
          <span itemprop="addressLocality">Orange</span></div></div>""")
    business = next(i for i in items if i.is_a("LocalBusiness"))
    assert business.source == "microdata"
    assert business.text("name") == "Acme Shop"
    assert business.url("logo") == "/logo.png"
    address = business.item("address")
    assert address is not None and address.text("addressLocality") == "Orange"


def test_rdfa_with_data_vocabulary_is_read() -> None:
    items = items_of("""<div xmlns:v="http://rdf.data-vocabulary.org/#">
        <span typeof="v:Review-aggregate"><span property="v:rating">4.5</span>
        <span property="v:count">38 Reviews</span></span></div>""")
    rating = next(i for i in items if i.is_a("Review-aggregate"))
    assert rating.source == "rdfa"
    assert rating.text("rating") == "4.5"
    assert rating.text("count") == "38 Reviews"
