"""Bad input and bad servers (issue 3): each gives a clear message, and pages that loaded stay.

Every case runs against a scripted server on 127.0.0.1 (or a name that cannot resolve). The
fetcher's timeouts are lowered and its retry waits recorded, so no test waits for real.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from fake_site_server import FakeRequest, FakeSite, html_page, redirect, reply, sequence, stall

from brandtruth_desktop.core.extract import extract_brand_truth
from brandtruth_desktop.core.jobs import run_stage
from brandtruth_desktop.core.ports import FetchError, SiteFetch
from brandtruth_desktop.integrations.web_fetcher import WebFetcher

MB = 1024 * 1024


class SleepRecorder:
    """Stands in for time.sleep: remembers every wait, waits for none."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def site() -> Iterator[FakeSite]:
    with FakeSite() as running:
        yield running


@pytest.fixture
def slept() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def fetcher(slept: SleepRecorder) -> WebFetcher:
    return WebFetcher(sleep=slept, connect_timeout_s=2, read_timeout_s=0.5)


def fetch(fetcher: WebFetcher, start: str, **options: bool) -> SiteFetch:
    result: SiteFetch = run_stage(fetcher.fetch_site(start, **options))  # type: ignore[arg-type]
    return result


def fetch_error(fetcher: WebFetcher, start: str, **options: bool) -> str:
    with pytest.raises(FetchError) as raised:
        fetch(fetcher, start, **options)
    return str(raised.value)


def page(title: str, body: str = "") -> str:
    return f"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>"


HOME = page("Acme", '<a href="/about">About</a> <a href="/pricing">Pricing</a>')


# --- what the person typed -------------------------------------------------------------------


def test_text_that_is_no_address_says_what_to_paste(fetcher: WebFetcher) -> None:
    assert fetch_error(fetcher, "foo") == (
        "“foo” is not a web address or a folder. Paste an address like https://example.com "
        "or choose a saved site folder."
    )


@pytest.mark.parametrize("text", ["", "   ", "ftp://example.com/", "mailto:hi@example.com",
                                  "https://exa mple.com/", "http://"])
def test_other_non_addresses_are_refused_before_any_request(
    fetcher: WebFetcher, text: str,
) -> None:
    assert "is not a web address or a folder" in fetch_error(fetcher, text)


def test_a_name_that_does_not_resolve_says_so(fetcher: WebFetcher) -> None:
    message = fetch_error(fetcher, "http://nonexistent.invalid/")
    assert message.startswith("No web site called nonexistent.invalid could be found.")
    assert "Check the address" in message


def test_nothing_listening_says_nothing_answered(fetcher: WebFetcher) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    message = fetch_error(fetcher, f"http://127.0.0.1:{port}/")
    assert message.startswith("Could not connect to 127.0.0.1: nothing answered there.")


def test_a_tls_failure_says_the_secure_connection_failed(
    site: FakeSite, fetcher: WebFetcher,
) -> None:
    site.page("/", HOME)  # plain HTTP: a TLS handshake with it fails
    message = fetch_error(fetcher, site.url("/").replace("http://", "https://"))
    assert message.startswith("The secure connection to 127.0.0.1 failed")
    assert "certificate" in message


# --- what the server says --------------------------------------------------------------------


def test_a_missing_start_page_is_a_404_message(site: FakeSite, fetcher: WebFetcher) -> None:
    message = fetch_error(fetcher, site.url("/nope"))
    assert message == (
        f"Page not found (404): {site.url('/nope')}. Check the address, or start from the "
        "site's home page."
    )


def test_a_missing_later_page_is_a_warning_and_the_rest_is_kept(
    site: FakeSite, fetcher: WebFetcher,
) -> None:
    site.page("/", HOME)
    site.page("/pricing", page("Pricing"))

    result = fetch(fetcher, site.url("/"))

    assert [p.url for p in result.pages] == [site.url("/"), site.url("/pricing")]
    assert result.warnings == (
        f"Skipped a page: Page not found (404): {site.url('/about')}. Check the address, or "
        "start from the site's home page.",
    )


def test_429_with_retry_after_is_retried_after_the_wait_the_server_asked_for(
    site: FakeSite, slept: SleepRecorder, fetcher: WebFetcher,
) -> None:
    site.route("/", sequence(
        reply(429, "slow down", {"Retry-After": "7"}),
        html_page(page("Acme")),
    ))

    result = fetch(fetcher, site.url("/"))

    assert [p.url for p in result.pages] == [site.url("/")]
    assert slept.waits == [7.0]
    assert site.count("/") == 2


def test_retry_after_as_an_http_date_is_honoured(
    site: FakeSite, slept: SleepRecorder, fetcher: WebFetcher,
) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=20), usegmt=True)
    site.route("/", sequence(reply(503, "", {"Retry-After": when}), html_page(page("Acme"))))

    fetch(fetcher, site.url("/"))

    assert len(slept.waits) == 1 and 15 <= slept.waits[0] <= 20


def test_a_server_error_is_retried_with_backoff_a_bounded_number_of_times(
    site: FakeSite, slept: SleepRecorder, fetcher: WebFetcher,
) -> None:
    site.route("/", reply(500, "oops"))

    message = fetch_error(fetcher, site.url("/"))

    assert message == (
        f"127.0.0.1 had a server error (500 Internal Server Error) on {site.url('/')}, 4 times "
        "in a row. The site may be having trouble: try again later."
    )
    assert site.count("/") == 4  # the first try and 3 retries
    assert slept.waits == [1.0, 2.0, 4.0]


def test_a_server_asking_to_wait_too_long_is_not_waited_for(
    site: FakeSite, slept: SleepRecorder, fetcher: WebFetcher,
) -> None:
    site.route("/", reply(429, "", {"Retry-After": "3600"}))

    message = fetch_error(fetcher, site.url("/"))

    assert "asks to wait about 60 minutes" in message
    assert slept.waits == [] and site.count("/") == 1


def test_a_later_page_failing_with_500_keeps_the_others(
    site: FakeSite, slept: SleepRecorder, fetcher: WebFetcher,
) -> None:
    site.page("/", HOME)
    site.route("/about", reply(502, "bad gateway"))
    site.page("/pricing", page("Pricing"))

    result = fetch(fetcher, site.url("/"))

    assert [p.url for p in result.pages] == [site.url("/"), site.url("/pricing")]
    assert len(result.warnings) == 1 and "502 Bad Gateway" in result.warnings[0]


def test_a_server_that_stalls_past_the_read_timeout_says_so(
    site: FakeSite, fetcher: WebFetcher,
) -> None:
    site.route("/", stall(html_page(page("Too late"))))

    message = fetch_error(fetcher, site.url("/"))

    assert message.startswith(f"127.0.0.1 stopped answering while sending {site.url('/')}")
    assert "(waited 0.5 seconds)" in message


def test_the_default_limits_are_the_issue_s() -> None:
    limits = WebFetcher()._limits
    assert (limits.connect_timeout_s, limits.read_timeout_s) == (5.0, 15.0)
    assert limits.max_page_bytes == 5 * MB
    assert (limits.retries, limits.max_retry_wait_s) == (3, 30.0)


def test_a_redirect_loop_says_it_loops(site: FakeSite, fetcher: WebFetcher) -> None:
    site.route("/a", redirect("/b"))
    site.route("/b", redirect("/a"))

    message = fetch_error(fetcher, site.url("/a"))

    assert message.startswith(f"{site.url('/a')} redirects too many times (more than 5")
    assert site.count("/a") + site.count("/b") == 6  # the first request and 5 redirects


def test_five_redirects_are_followed(site: FakeSite, fetcher: WebFetcher) -> None:
    for hop in range(5):
        site.route(f"/{hop}", redirect(f"/{hop + 1}"))
    site.page("/5", page("Arrived"))

    result = fetch(fetcher, site.url("/0"))

    assert result.pages[0].final_url == site.url("/5")


# --- what the server sends -------------------------------------------------------------------


def test_a_pdf_is_not_a_web_page(site: FakeSite, fetcher: WebFetcher) -> None:
    site.route("/brochure", reply(200, b"%PDF-1.7\n...", content_type="application/pdf"))

    message = fetch_error(fetcher, site.url("/brochure"))

    assert message.startswith(f"{site.url('/brochure')} is a PDF, not a web page.")


def test_an_image_is_not_a_web_page(site: FakeSite, fetcher: WebFetcher) -> None:
    site.route("/logo", reply(200, b"\x89PNG\r\n\x1a\n", content_type="image/png"))

    message = fetch_error(fetcher, site.url("/logo"))

    assert message.startswith(f"{site.url('/logo')} is an image (PNG), not a web page.")


def test_html_sent_without_a_content_type_is_still_read(
    site: FakeSite, fetcher: WebFetcher,
) -> None:
    site.route("/", reply(200, page("Acme"), content_type="application/octet-stream"))

    result = fetch(fetcher, site.url("/"))

    assert result.pages[0].content_type == "text/html"


def endless_page(request: FakeRequest) -> None:
    """A 50 MB page, made as it is sent (never held in memory), with no Content-Length."""
    chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
    request.send(200, (chunk for _ in range(50 * MB // len(chunk))),
                 {"Content-Type": "text/html; charset=utf-8"})


def test_a_50_mb_page_is_abandoned_past_5_mb(site: FakeSite, fetcher: WebFetcher) -> None:
    site.route("/", endless_page)

    message = fetch_error(fetcher, site.url("/"))

    assert message.startswith(f"The page {site.url('/')} is larger than 5 MB, so it was not read")
    assert site.bytes_sent < 25 * MB  # the fetcher hung up; the server never sent it all


def test_a_declared_50_mb_page_is_refused_before_reading(
    site: FakeSite, fetcher: WebFetcher,
) -> None:
    def declared(request: FakeRequest) -> None:
        request.send(200, iter([b"<html>"]), {
            "Content-Type": "text/html", "Content-Length": str(50 * MB),
        })

    site.route("/", declared)

    assert "is larger than 5 MB" in fetch_error(fetcher, site.url("/"))


def test_a_huge_later_page_is_a_warning(site: FakeSite, fetcher: WebFetcher) -> None:
    site.page("/", HOME)
    site.route("/about", endless_page)
    site.page("/pricing", page("Pricing"))

    result = fetch(fetcher, site.url("/"))

    assert len(result.pages) == 2
    assert "larger than 5 MB" in result.warnings[0]


def test_broken_html_is_read_and_its_links_still_found(
    site: FakeSite, fetcher: WebFetcher,
) -> None:
    site.page("/", (
        "<html><head><title>Acme</title><body><div><p>Rockets <b>for <i>everyone</b></i>"
        "</span></div></div><table><tr><td>Fast<td>Cheap"
        '<a href="/about">About us<a href=/pricing>Pricing</a>'
        "<p>Launches from £99 a month. Over 2,000 rockets launched.<script>if (a < b) {"
    ))
    site.page("/about", page("About"))
    site.page("/pricing", page("Pricing"))

    result = fetch(fetcher, site.url("/"))
    truth = extract_brand_truth(result.pages, website_url=site.url("/"))

    assert len(result.pages) == 3
    assert truth.brand_name == "Acme"


def test_a_page_that_is_all_javascript_loads_and_extraction_says_so(
    site: FakeSite, fetcher: WebFetcher,
) -> None:
    site.page("/", (
        "<!doctype html><html><head><title>Acme</title>"
        '<script src="/static/app.js"></script></head>'
        '<body><div id="root"></div><noscript>You need to enable JavaScript to run this app.'
        "</noscript><script>window.__STATE__ = {};</script></body></html>"
    ))

    result = fetch(fetcher, site.url("/"))
    truth = extract_brand_truth(result.pages, website_url=site.url("/"))

    assert len(result.pages) == 1
    assert any("JavaScript" in w and "by hand" in w for w in truth.warnings)


# --- character sets --------------------------------------------------------------------------

FRENCH = (
    "<html><head><title>Café Crème à Paris</title></head><body>"
    "<h1>Torréfacteur indépendant depuis 1998</h1><p>Nos cafés sont torréfiés chaque matin à "
    "Montréal et livrés en 48 heures. Goûtez la différence : arômes intenses, crème onctueuse, "
    "prix honnêtes — à partir de 12 € le paquet. Découvrez nos cafés d’Éthiopie, du Pérou et "
    "du Brésil.</p><p>« Le meilleur café de la rue », selon nos clients fidèles.</p></body></html>"
)
JAPANESE = (
    "<html><head><title>山田珈琲店</title></head><body><h1>毎朝焙煎する、こだわりのコーヒー</h1>"
    "<p>私たちは一九九八年から東京で自家焙煎のコーヒーをお届けしています。全国送料無料、ご注文から"
    "二日以内にお届けします。季節のブレンドや希少なシングルオリジンもご用意しています。</p>"
    "<p>お客様の声：「香りが素晴らしく、毎朝の楽しみになりました。」</p></body></html>"
)


@pytest.mark.parametrize(("body", "content_type"), [
    (FRENCH.encode("cp1252"), "text/html; charset=windows-1252"),  # the header says
    (FRENCH.encode("cp1252"), 'text/html; charset="ISO-8859-1"'),  # …as browsers read it
    (FRENCH.replace("<head>", '<head><meta charset="windows-1252">').encode("cp1252"),
     "text/html"),  # the page says
    (FRENCH.replace("<head>", '<head><meta http-equiv="Content-Type" '
                    'content="text/html; charset=windows-1252">').encode("cp1252"),
     "text/html"),  # the page says, the old way
    (FRENCH.encode("cp1252"), "text/html"),  # nobody says: detected
    (FRENCH.encode("utf-8"), "text/html"),
], ids=["header", "header-latin1", "meta-charset", "meta-http-equiv", "detected", "utf-8"])
def test_a_french_page_decodes_whoever_declares_its_charset(
    site: FakeSite, fetcher: WebFetcher, body: bytes, content_type: str,
) -> None:
    site.route("/", html_page(body, content_type=content_type))

    html = fetch(fetcher, site.url("/")).pages[0].html

    assert "Torréfacteur indépendant" in html and "12 € le paquet" in html
    assert "Café Crème" in html and "d’Éthiopie" in html


def test_a_shift_jis_page_with_no_declared_charset_is_detected(
    site: FakeSite, fetcher: WebFetcher,
) -> None:
    site.route("/", html_page(JAPANESE.encode("shift_jis"), content_type="text/html"))

    html = fetch(fetcher, site.url("/")).pages[0].html

    assert "山田珈琲店" in html and "全国送料無料" in html


def test_the_header_charset_wins_over_the_page_s(site: FakeSite, fetcher: WebFetcher) -> None:
    body = FRENCH.replace("<head>", '<head><meta charset="utf-8">').encode("cp1252")
    site.route("/", html_page(body, content_type="text/html; charset=windows-1252"))

    assert "Torréfacteur" in fetch(fetcher, site.url("/")).pages[0].html


# --- robots.txt ------------------------------------------------------------------------------


def test_robots_txt_forbidding_the_start_page_names_the_setting(
    site: FakeSite, fetcher: WebFetcher,
) -> None:
    site.route("/robots.txt", reply(200, "User-agent: *\nDisallow: /\n", content_type="text/plain"))
    site.page("/", HOME)

    message = fetch_error(fetcher, site.url("/"))

    assert message.startswith(
        f"The robots.txt of 127.0.0.1 asks automated readers not to fetch {site.url('/')}"
    )
    assert "“Respect robots.txt” in Settings" in message and "--ignore-robots" in message
    assert site.pages_requested() == []


def test_with_robots_txt_ignored_the_pages_are_fetched(
    site: FakeSite, fetcher: WebFetcher,
) -> None:
    site.route("/robots.txt", reply(200, "User-agent: *\nDisallow: /\n", content_type="text/plain"))
    site.page("/", HOME)
    site.page("/about", page("About"))
    site.page("/pricing", page("Pricing"))

    result = fetch(fetcher, site.url("/"), respect_robots=False)

    assert len(result.pages) == 3
    assert site.count("/robots.txt") == 0


def test_pages_robots_txt_forbids_are_skipped_with_a_warning(
    site: FakeSite, fetcher: WebFetcher,
) -> None:
    site.route("/robots.txt", reply(
        200, "User-agent: BrandTruthDesktop\nDisallow: /pricing\n\nUser-agent: *\nDisallow: /\n",
        content_type="text/plain",
    ))
    site.page("/", HOME)
    site.page("/about", page("About"))
    site.page("/pricing", page("Pricing"))

    result = fetch(fetcher, site.url("/"))

    assert [p.url for p in result.pages] == [site.url("/"), site.url("/about")]
    assert "/pricing" not in site.requests
    assert len(result.warnings) == 1
    assert result.warnings[0] == (
        "The site's robots.txt asks automated readers not to fetch one of its key pages, so it "
        f"was skipped: {site.url('/pricing')}. If this is your own brand's site, turn off "
        "“Respect robots.txt” in Settings to read it."
    )
    assert site.count("/robots.txt") == 1  # read once for the host, not once per page


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (500, True), (403, False)])
def test_a_missing_or_broken_robots_txt_is_read_as_robotparser_does(
    site: FakeSite, fetcher: WebFetcher, status: int, allowed: bool,
) -> None:
    site.route("/robots.txt", reply(status, "", content_type="text/plain"))
    site.page("/", page("Acme"))

    if allowed:
        assert len(fetch(fetcher, site.url("/")).pages) == 1
    else:
        assert "robots.txt" in fetch_error(fetcher, site.url("/"))
