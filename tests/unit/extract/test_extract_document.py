"""The page model: what counts as a page's visible text, and where each block sits."""

from __future__ import annotations

from brandtruth_desktop.core.extract import page_text
from brandtruth_desktop.core.extract.document import Region, Role, parse_document


def test_inline_elements_join_and_blocks_separate() -> None:
    html = ("<p>There<span>&acute;</span>s a plugin</p><p><strong>Award winning</strong>, "
            "loved by <b>355,852 members</b>.</p><ul><li>Fast</li><li>Free</li></ul>")
    assert page_text(html) == (
        "There´s a plugin Award winning, loved by 355,852 members. Fast Free")


def test_whitespace_collapses_and_entities_decode() -> None:
    html = "<div>\n  Caf&eacute;&nbsp;&amp;\tbar\u200b  <br>  open&#8230; </div>"
    assert page_text(html) == "Café & bar open…"


def test_the_title_comes_first_and_invisible_text_is_left_out() -> None:
    html = """<html><head><title> Acme  | Rockets </title><style>p{color:red}</style>
      <script>var x = "not text";</script></head><body>
      <noscript>Enable JavaScript</noscript><template><p>later</p></template>
      <p hidden>hidden</p><p style="display: none">gone</p><p class="sr-only">reader</p>
      <select><option>Afghanistan</option></select><svg><text>logo</text></svg>
      <!-- a comment --><p>Visible</p></body></html>"""
    assert page_text(html) == "Acme | Rockets Visible"


def test_broken_html_still_gives_its_text() -> None:
    html = "<div><p>One <b>bold<p>Two</div></span><li>Three<table><tr><td>Four"
    assert page_text(html) == "One bold Two Three Four"


def test_a_page_nested_thousands_deep_does_not_overflow() -> None:
    html = "<div>" * 5000 + "Deep text" + "</div>" * 5000
    assert page_text(html) == "Deep text"


def test_text_decoded_from_another_charset_is_kept_as_is() -> None:
    raw = "<p>Señor café: 20 € – “¡gratis!”</p>".encode("cp1252")
    assert page_text(raw.decode("cp1252")) == "Señor café: 20 € – “¡gratis!”"


def test_blocks_know_their_role_and_region() -> None:
    doc = parse_document("""<body>
      <header><nav><ul><li><a href="/">Home</a></li></ul></nav></header>
      <main><h1>Rockets</h1><p>Fast <a href="/x">rockets</a>.</p>
        <blockquote><p>Great!</p><footer><cite>Ann</cite></footer></blockquote></main>
      <div id="cookie-banner"><p>We use cookies.</p></div>
      <footer><p>© 2024 Acme</p></footer></body>""", "https://acme.example/")
    by_text = {b.text: b for b in doc.blocks}
    assert by_text["Home"].regions >= {Region.NAV, Region.HEADER}
    assert by_text["Home"].link_share == 1.0
    assert by_text["Rockets"].role is Role.HEADING and by_text["Rockets"].heading_level == 1
    assert by_text["Fast rockets."].role is Role.PARAGRAPH
    assert by_text["Fast rockets."].regions == frozenset()
    assert Region.QUOTE in by_text["Ann"].regions  # the blockquote's own footer …
    assert Region.FOOTER not in by_text["Ann"].regions  # … is not the page's footer
    assert Region.COOKIE in by_text["We use cookies."].regions
    assert Region.FOOTER in by_text["© 2024 Acme"].regions


def test_every_block_is_a_slice_of_the_page_text() -> None:
    doc = parse_document("<title>T</title><p>A <i>b</i></p><div>c<br>d</div>")
    for block, offset in zip(doc.blocks, doc.offsets, strict=True):
        assert doc.text[offset:offset + len(block.text)] == block.text


def test_meta_links_images_and_json_ld_are_collected() -> None:
    doc = parse_document("""<html><head>
      <meta property="og:site_name" content="Acme"><meta name="theme-color" content="#FF6600">
      <link rel="apple-touch-icon" href="/touch.png" sizes="180x180">
      <script type="application/ld+json">{"@type": "Organization"}</script></head>
      <body><img src="img/hero.jpg" alt="A rocket" width="800">
      <a href="../about/">About <b>us</b></a><a href="#top">Top</a></body></html>""",
                         "https://acme.example/shop/")
    assert doc.meta["og:site_name"] == ["Acme"]
    assert doc.meta["theme-color"] == ["#FF6600"]
    assert (frozenset({"apple-touch-icon"}), "https://acme.example/touch.png", "180x180") in (
        doc.link_rels)
    assert doc.images[0].src == "https://acme.example/shop/img/hero.jpg"
    assert doc.json_ld == ['{"@type": "Organization"}']
    assert [(link.href, link.text) for link in doc.links] == [
        ("https://acme.example/about/", "About us")]
