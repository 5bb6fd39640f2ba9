"""`brandtruth extract` as a person or a script runs it: in a subprocess, on a temporary data
folder, against the demo site on disk or scripted servers on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_site_server import FakeRequest, FakeSite, html_page, reply, stall

from brandtruth_desktop.paths import resources_dir
from brandtruth_desktop.storage.asset_store import AssetStore

DEMO = resources_dir() / "demo_site"
CONTRACT_KEYS = {
    "brand_name", "tagline", "website_url", "pages", "value_propositions", "facts",
    "testimonials", "rating", "pricing", "logo_url", "colors", "images", "warnings",
}
TIMEOUT = 120


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"BRANDTRUTH_HOME", "BRANDTRUTH_DATABASE_URL"}}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def command(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "brandtruth_desktop", "--data-dir", str(data_dir), *args]


def brandtruth(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(data_dir, *args), capture_output=True, text=True, encoding="utf-8",
        stdin=subprocess.DEVNULL, env=clean_env(), timeout=TIMEOUT, check=False,
    )


@pytest.fixture
def site() -> Iterator[FakeSite]:
    with FakeSite() as running:
        yield running


def test_json_is_one_document_with_every_contract_key(tmp_path: Path) -> None:
    result = brandtruth(tmp_path / "data", "extract", str(DEMO), "--json")

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress when stderr is not a terminal
    truth = json.loads(result.stdout)  # exactly one JSON document, nothing else
    assert set(truth) >= CONTRACT_KEYS
    assert truth["brand_name"] == "Otterdesk"
    assert len(truth["pages"]) == 6 and len(truth["facts"]) >= 10
    assert set(truth["pages"][0]) >= {"url", "title", "sha256", "fetched_at"}
    assert set(truth["facts"][0]) >= {
        "id", "kind", "text", "quote", "source_url", "risk", "risk_reason",
    }
    assert truth["rating"]["value"] == 4.8


def test_the_fetched_pages_are_kept_in_the_workspace_asset_store(tmp_path: Path) -> None:
    data = tmp_path / "data"

    truth = json.loads(brandtruth(data, "extract", str(DEMO), "--json").stdout)

    store = AssetStore(data / "assets")
    for page in truth["pages"]:
        assert store.verify(page["sha256"]), page["url"]


def test_demo_prints_a_readable_summary(tmp_path: Path) -> None:
    result = brandtruth(tmp_path / "data", "extract", "--demo")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Brand:    Otterdesk\n")
    for heading in ("Pages read (6):", "Facts (", "Statistic:", "Guarantee:", "Testimonials (",
                    "Rating:   4.8 out of 5", "Pricing:", "Logo:     file://", "Colours:  "):
        assert heading in out, heading
    assert "[HIGH] The best project planner in the world." in out


def test_not_an_address_exits_1_with_the_message_and_no_traceback(tmp_path: Path) -> None:
    result = brandtruth(tmp_path / "data", "extract", "foo", "--json")

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "brandtruth: “foo” is not a web address or a folder. Paste an address like "
        "https://example.com or choose a saved site folder.\n"
    )


def test_a_404_exits_1_with_the_message(tmp_path: Path, site: FakeSite) -> None:
    result = brandtruth(tmp_path / "data", "extract", site.url("/gone"))

    assert result.returncode == 1
    assert result.stderr.startswith(f"brandtruth: Page not found (404): {site.url('/gone')}.")
    assert "Traceback" not in result.stderr


def test_robots_txt_is_respected_unless_turned_off(tmp_path: Path, site: FakeSite) -> None:
    site.route("/robots.txt", reply(200, "User-agent: *\nDisallow: /\n", content_type="text/plain"))
    site.page("/", "<html><head><title>Acme</title></head><body><h1>Rockets</h1></body></html>")
    data = tmp_path / "data"

    refused = brandtruth(data, "extract", site.url("/"), "--json")
    ignored = brandtruth(data, "extract", site.url("/"), "--json", "--ignore-robots")
    data.joinpath("settings.json").write_text('{"respect_robots_txt": false}', encoding="utf-8")
    by_setting = brandtruth(data, "extract", site.url("/"), "--json")

    assert refused.returncode == 1 and "--ignore-robots" in refused.stderr
    assert ignored.returncode == 0, ignored.stderr
    assert by_setting.returncode == 0, by_setting.stderr
    assert json.loads(ignored.stdout)["brand_name"] == "Acme"


def test_max_pages_limits_the_crawl(tmp_path: Path) -> None:
    result = brandtruth(tmp_path / "data", "extract", str(DEMO), "--json", "--max-pages", "2")

    assert [p["url"].rsplit("/", 1)[1] for p in json.loads(result.stdout)["pages"]] == [
        "index.html", "about.html",
    ]


@pytest.mark.parametrize("args", [
    ["extract"], ["extract", "--demo", str(DEMO)], ["extract", str(DEMO), "--max-pages", "0"],
])
def test_bad_usage_exits_2(tmp_path: Path, args: list[str]) -> None:
    result = brandtruth(tmp_path / "data", *args)

    assert result.returncode == 2
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(os.name == "nt", reason="sends SIGINT")
def test_ctrl_c_cancels_cleanly_with_exit_130(tmp_path: Path, site: FakeSite) -> None:
    asked = threading.Event()
    let_go = threading.Event()

    def slow_home(request: FakeRequest) -> None:
        asked.set()
        stall(html_page("<title>Too late</title>"), until=let_go)(request)

    site.route("/", slow_home)
    # A shell without job control (as CI may run this) starts children with SIGINT ignored;
    # a person's terminal does not. Restore it, then become the command.
    restore_ctrl_c = (
        "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
        "os.execv(sys.executable, sys.argv[1:])"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", restore_ctrl_c,
         *command(tmp_path / "data", "extract", site.url("/"), "--json")],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        encoding="utf-8", env=clean_env(),
    )
    try:
        assert asked.wait(TIMEOUT), "the command never asked for the page"
        process.send_signal(signal.SIGINT)
        let_go.set()  # the request in flight may end; the command must not use its answer
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()

    assert process.returncode == 130
    assert err == "Cancelled.\n"
    assert out == ""
