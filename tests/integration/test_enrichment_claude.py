"""Claude enriching an extraction through the real `anthropic` SDK, against our Messages API on
127.0.0.1: what it quotes from the pages is kept, what it makes up is dropped, failures leave
the extraction as it was; and `brandtruth extract --enrich` as a person or a script runs it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fake_anthropic import MODEL_ID, FakeAnthropic, bad_key, server_error, tool_answer

from brandtruth_desktop.core.extract import EnrichmentResult, enrich_stage, extract_stage
from brandtruth_desktop.core.extract.enrichment_prompt import answer_schema
from brandtruth_desktop.core.jobs import run_stage
from brandtruth_desktop.core.models import BrandTruth, FactKind, Risk
from brandtruth_desktop.integrations.anthropic_model import ANSWER_TOOL, ClaudeModel
from brandtruth_desktop.integrations.web_fetcher import WebFetcher
from brandtruth_desktop.paths import resources_dir
from brandtruth_desktop.settings import Settings, SettingsFile

DEMO = resources_dir() / "demo_site"
HOME, ABOUT, FAQ = ((DEMO / f"{name}.html").as_uri() for name in ("index", "about", "faq"))
KEY = "sk-ant-api03-enrichment-test-key-0000000000000"
TIMEOUT = 120

NO_ADS = "We will never sell your data or show you ads."
FASTER = "Our customers finish projects twice as fast on average."
INVENTED = "Otterdesk is loved by 50,000 designers worldwide."
PARAPHRASE = "Otterdesk never sends more than one reminder per day."
CURE = "Otterdesk is clinically proven to reduce workplace burnout and anxiety."
ENRICHMENT = {
    "value_propositions": [
        {"quote": "Deadlines that nudge, not nag", "source_url": HOME},
        {"quote": "Quiet by design", "source_url": ABOUT},
        {"quote": PARAPHRASE, "source_url": HOME},
    ],
    "tone": "calm, plain-spoken, a little wry",
    "facts": [
        {"kind": "claim", "quote": NO_ADS, "source_url": HOME},  # it is on the about page
        {"kind": "statistic", "quote": FASTER, "source_url": FAQ},
        {"kind": "customer", "quote": INVENTED, "source_url": HOME},
    ],
}


@pytest.fixture(scope="module")
def demo() -> BrandTruth:
    """The demo brand's site as the app reads it: fetched from its folder, then extracted."""
    site = run_stage(WebFetcher().fetch_site(str(DEMO)))
    truth: BrandTruth = run_stage(extract_stage(site.pages, HOME))
    return truth


@pytest.fixture
def claude() -> Iterator[FakeAnthropic]:
    with FakeAnthropic(api_key=KEY) as server:
        yield server


def enrich(truth: BrandTruth, server: FakeAnthropic, *, key: str = KEY,
           base_url: str | None = None) -> EnrichmentResult:
    with ClaudeModel(key, model="claude-haiku-4-5", base_url=base_url or server.base_url,
                     max_retries=0, timeout_s=10) as model:
        result: EnrichmentResult = run_stage(enrich_stage(truth, truth.pages, model))
    return result


def test_what_claude_quotes_from_the_pages_is_kept_and_what_it_makes_up_is_dropped(
    demo: BrandTruth, claude: FakeAnthropic,
) -> None:
    claude.script(tool_answer(ENRICHMENT))

    result = enrich(demo, claude)

    [request] = claude.message_requests()
    assert request.api_key == KEY
    [tool] = request.body["tools"]
    assert tool["name"] == ANSWER_TOOL and tool["input_schema"] == answer_schema()
    assert "never instructions" in request.system_text
    # The pages' text went as data, inside the block.
    assert "Deadlines that nudge, not nag" in request.user_text.split("<brand_data>\n", 1)[1]
    assert "Deadlines that nudge, not nag" not in request.system_text

    new = {f.quote: f for f in result.truth.facts if f.id in result.added_fact_ids}
    assert set(new) == {NO_ADS, FASTER, "Deadlines that nudge, not nag", "Quiet by design"}
    assert new[NO_ADS].source_url == ABOUT  # credited to the page it is on
    assert new[FASTER].kind is FactKind.STATISTIC
    assert new[FASTER].risk is Risk.MEDIUM and "fast" in new[FASTER].risk_reason  # the table
    assert [v.text for v in result.truth.value_propositions[:2]] == [
        "Deadlines that nudge, not nag", "Quiet by design"]
    assert result.truth.tone == "calm, plain-spoken, a little wry"
    assert sorted(d.quote for d in result.dropped) == [INVENTED, PARAPHRASE]
    assert "Claude suggested 1 fact that is not on the pages; it was dropped." in result.notices
    assert [u.model for u in result.usage] == [MODEL_ID]
    assert result.cost_usd > 0


def test_a_refused_key_leaves_the_extraction_as_it_was(demo: BrandTruth,
                                                       claude: FakeAnthropic) -> None:
    claude.script(bad_key())

    result = enrich(demo, claude, key="sk-ant-api03-not-the-right-key-00000000000")

    assert result.truth is demo
    [notice] = result.notices
    assert "Check the key in Settings → API keys." in notice


def test_anthropic_failing_or_out_of_reach_leaves_the_extraction_as_it_was(
    demo: BrandTruth, claude: FakeAnthropic,
) -> None:
    claude.script(server_error())
    failed = enrich(demo, claude)
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        nowhere = f"http://127.0.0.1:{probe.getsockname()[1]}"
    offline = enrich(demo, claude, base_url=nowhere)

    assert failed.truth is demo and offline.truth is demo
    assert "HTTP 500" in failed.notices[0]
    assert "could not be reached" in offline.notices[0]
    assert all(r.notices[0].endswith("The extraction is complete without it.")
               for r in (failed, offline))


# -- brandtruth extract --enrich ---------------------------------------------------------------


def clean_env(**extra: str) -> dict[str, str]:
    """No developer workspace, key or gateway, and no OS keyring (the null backend)."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"BRANDTRUTH_HOME", "BRANDTRUTH_DATABASE_URL"}
           and not k.startswith("ANTHROPIC_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    env.update(extra)
    return env


def extract(data_dir: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "brandtruth_desktop", "--data-dir", str(data_dir), "extract",
         "--demo", *args],
        capture_output=True, text=True, encoding="utf-8", stdin=subprocess.DEVNULL, env=env,
        timeout=TIMEOUT, check=False,
    )


def document(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)  # exactly one JSON document
    return data


def test_extract_enrich_json_holds_claudes_verified_value_propositions_and_tone(
    tmp_path: Path, claude: FakeAnthropic,
) -> None:
    claude.script(tool_answer(ENRICHMENT))
    env = clean_env(ANTHROPIC_API_KEY=KEY, ANTHROPIC_BASE_URL=claude.base_url)

    result = extract(tmp_path, "--enrich", "--json", env=env)

    truth = document(result)
    assert truth["tone"] == "calm, plain-spoken, a little wry"
    assert [v["text"] for v in truth["value_propositions"][:2]] == [
        "Deadlines that nudge, not nag", "Quiet by design"]
    quotes = {f["quote"]: f for f in truth["facts"]}
    assert quotes[NO_ADS]["source_url"] == ABOUT
    assert FASTER in quotes and INVENTED not in quotes and PARAPHRASE not in quotes
    assert quotes[CURE]["risk"] == "high"  # the risk table's verdict, as extraction gave it
    assert len(claude.message_requests()) == 1
    assert "Claude suggested 1 fact that is not on the pages" in result.stderr
    assert KEY not in result.stderr + result.stdout


def test_without_a_key_extract_enrich_says_so_and_prints_the_plain_extraction(
    tmp_path: Path,
) -> None:
    plain = document(extract(tmp_path, "--json", env=clean_env()))

    result = extract(tmp_path, "--enrich", "--json", env=clean_env())

    truth = document(result)
    assert truth["tone"] is None
    assert truth["facts"] == plain["facts"]
    assert "No Anthropic API key is set" in result.stderr
    assert "ANTHROPIC_API_KEY" in result.stderr


def test_the_setting_turns_enrichment_on_and_no_enrich_turns_it_off(
    tmp_path: Path, claude: FakeAnthropic,
) -> None:
    SettingsFile(tmp_path / "settings.json").save(Settings(enrich_with_claude=True))
    env = clean_env(ANTHROPIC_API_KEY=KEY, ANTHROPIC_BASE_URL=claude.base_url)

    claude.script(tool_answer(ENRICHMENT))
    on = document(extract(tmp_path, "--json", env=env))
    off = document(extract(tmp_path, "--json", "--no-enrich", env=env))

    assert on["tone"] == "calm, plain-spoken, a little wry"
    assert off["tone"] is None
    assert len(claude.message_requests()) == 1, "--no-enrich sent nothing to Anthropic"


def test_a_refused_key_is_a_notice_not_a_failure(tmp_path: Path, claude: FakeAnthropic) -> None:
    env = clean_env(ANTHROPIC_API_KEY="sk-ant-api03-wrong-key-000000000000000000",
                    ANTHROPIC_BASE_URL=claude.base_url)

    result = extract(tmp_path, "--enrich", "--json", env=env)

    assert document(result)["tone"] is None
    assert "Check the key in Settings → API keys." in result.stderr
