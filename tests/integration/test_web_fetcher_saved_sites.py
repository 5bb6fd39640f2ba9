"""Saved sites (folders, files, file:// URLs) and the bundled demo brand, from disk and over HTTP.

The demo brand must work with no network (DESIGN.md decision 4): read from its folder, and
served by a local web server, it yields the brand, its five key pages and their facts.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_site_server import FakeRequest, FakeSite

from brandtruth_desktop.core.extract import extract_brand_truth, page_text
from brandtruth_desktop.core.jobs import run_stage
from brandtruth_desktop.core.models import BrandTruth, FactKind, Risk
from brandtruth_desktop.core.ports import FetchError, SiteFetch
from brandtruth_desktop.integrations.web_fetcher import WebFetcher
from brandtruth_desktop.paths import resources_dir

DEMO = resources_dir() / "demo_site"
DEMO_PAGES = ["index.html", "about.html", "pricing.html", "customers.html", "faq.html",
              "contact.html"]


def fetch(start: str, **options: int) -> SiteFetch:
    result: SiteFetch = run_stage(WebFetcher().fetch_site(start, **options))
    return result


def fetch_error(start: str) -> str:
    with pytest.raises(FetchError) as raised:
        fetch(start)
    return str(raised.value)


def names(result: SiteFetch) -> list[str]:
    return [p.url.rsplit("/", 1)[1] for p in result.pages]


@pytest.fixture
def saved_site(tmp_path: Path) -> Path:
    folder = tmp_path / "Acme site"  # a space, as saved folders often have
    folder.mkdir()
    (folder / "index.html").write_text(
        "<html><head><title>Acme</title></head><body>"
        '<a href="about.html">About</a> <a href="Pricing%20plans.htm">Pricing</a> '
        '<a href="faq/">FAQ</a> <a href="../secret/about.html">About (elsewhere)</a> '
        '<a href="customers.html">Customers</a> <a href="brochure.pdf">Brochure</a>'
        "</body></html>", encoding="utf-8",
    )
    (folder / "about.html").write_text("<title>About</title>", encoding="utf-8")
    (folder / "Pricing plans.htm").write_bytes(
        '<meta charset="windows-1252"><title>Prix</title><p>12 € par mois</p>'.encode("cp1252")
    )
    (folder / "faq").mkdir()
    (folder / "faq" / "index.html").write_text("<title>FAQ</title>", encoding="utf-8")
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "about.html").write_text("<title>Not this</title>", encoding="utf-8")
    return folder


def test_a_saved_folder_is_read_from_its_index_and_its_linked_pages(saved_site: Path) -> None:
    result = fetch(str(saved_site))

    base = saved_site.as_uri() + "/"
    assert [p.url.removeprefix(base) for p in result.pages] == [
        "index.html", "about.html", "Pricing%20plans.htm", "faq/",
    ]
    assert result.pages[3].final_url == (saved_site / "faq" / "index.html").as_uri()
    assert "12 € par mois" in result.pages[2].html
    assert all(p.url.startswith("file://") for p in result.pages)
    assert result.warnings == (
        "Skipped a page: The saved site has no copy of customers.html, which a page links to.",
    )


@pytest.mark.parametrize("how", ["file url", "index file", "folder url", "relative path"])
def test_a_saved_site_can_be_given_several_ways(
    saved_site: Path, how: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    start = {
        "file url": (saved_site / "index.html").as_uri(),
        "index file": str(saved_site / "index.html"),
        "folder url": saved_site.as_uri() + "/",
        "relative path": "Acme site",
    }[how]
    monkeypatch.chdir(saved_site.parent)

    assert names(fetch(start))[:2] == ["index.html", "about.html"]


def test_a_page_saved_from_a_browser_is_its_folder_s_start_page(tmp_path: Path) -> None:
    (tmp_path / "Acme – Home.html").write_text("<title>Acme</title>", encoding="utf-8")
    (tmp_path / "Acme – Home_files").mkdir()

    result = fetch(str(tmp_path))

    assert result.pages[0].url == (tmp_path / "Acme – Home.html").as_uri()


def test_a_folder_with_no_start_page_says_what_to_choose(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<title>A</title>", encoding="utf-8")
    (tmp_path / "b.html").write_text("<title>B</title>", encoding="utf-8")

    message = fetch_error(str(tmp_path))

    assert message == (
        f"The folder {tmp_path} has no index.html, so there is no start page. It has 2 pages "
        "but none is called index.html. Choose the folder that holds the saved site's "
        "index.html, or one of its .html files."
    )


def test_a_path_that_does_not_exist_says_so(tmp_path: Path) -> None:
    message = fetch_error(str(tmp_path / "nothing-here"))

    assert message.startswith(f"There is no file or folder at {tmp_path / 'nothing-here'}.")


def test_a_saved_pdf_is_not_a_web_page(tmp_path: Path) -> None:
    (tmp_path / "brochure.pdf").write_bytes(b"%PDF-1.7\n")

    message = fetch_error(str(tmp_path / "brochure.pdf"))

    assert message.startswith(f"{tmp_path / 'brochure.pdf'} is a PDF, not a web page.")


# --- the demo brand --------------------------------------------------------------------------


def check_demo_truth(result: SiteFetch) -> BrandTruth:
    truth = extract_brand_truth(result.pages, website_url=result.pages[0].url)
    assert truth.brand_name == "Otterdesk"
    assert len(truth.facts) >= 10
    texts = {p.url: page_text(p.html) for p in result.pages}
    for fact in truth.facts:
        assert fact.quote in texts[fact.source_url], fact
    kinds = {f.kind for f in truth.facts}
    assert {FactKind.STATISTIC, FactKind.OFFER, FactKind.GUARANTEE} <= kinds
    assert Risk.HIGH in {f.risk for f in truth.facts}  # the risky claims are there on purpose
    assert truth.testimonials and truth.rating is not None
    assert truth.logo_url is not None and truth.logo_url.endswith("logo.png")
    assert "#0f766e" in truth.colors
    return truth


def test_the_demo_site_from_its_folder_yields_the_brand_and_its_facts() -> None:
    result = fetch(str(DEMO))

    assert names(result) == DEMO_PAGES
    assert result.warnings == ()
    check_demo_truth(result)


def serve_folder(folder: Path) -> object:
    def handle(request: FakeRequest) -> None:
        relative = request.path.split("?", 1)[0].lstrip("/") or "index.html"
        path = (folder / relative).resolve()
        if folder not in path.parents or not path.is_file():
            request.send(404, b"Not found", {"Content-Type": "text/plain"})
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/"):
            kind += "; charset=utf-8"
        request.send(200, path.read_bytes(), {"Content-Type": kind})

    return handle


@pytest.fixture
def demo_server() -> Iterator[FakeSite]:
    with FakeSite() as site:
        site.route("*", serve_folder(DEMO.resolve()))  # type: ignore[arg-type]
        yield site


def test_the_demo_site_over_http_yields_the_same_brand_and_facts(demo_server: FakeSite) -> None:
    result = fetch(demo_server.url("/"))

    assert names(result) == ["", *DEMO_PAGES[1:]]
    assert result.warnings == ()
    over_http = check_demo_truth(result)
    from_disk = extract_brand_truth(
        fetch(str(DEMO)).pages, website_url=DEMO.joinpath("index.html").as_uri()
    )
    assert [f.text for f in over_http.facts] == [f.text for f in from_disk.facts]
