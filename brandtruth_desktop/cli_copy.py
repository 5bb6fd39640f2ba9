"""`brandtruth copy` and `brandtruth cost`: ad copy from a brand's site, and what it cost.

`copy` reads the site as `extract` does (the same stages and arguments), then runs the copy
stage: Claude when a key is set (`ANTHROPIC_API_KEY`, else the keyring) and `--offline` is not
given, the offline writer otherwise and wherever Claude falls short. Every variant went
through the grounding gate; rejected ones are printed with the reasons. Notices (why the
offline writer stepped in, say) go to stderr, so `--json` output is one JSON document.
Every model call is recorded in the workspace's cost ledger as it happens.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any, TextIO

from brandtruth_desktop.cli_extract import (
    CommandExit,
    add_site_arguments,
    brand_truth_stage,
    run_in_terminal,
    site_target,
)
from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import Angle, BrandTruth, CopyRequest, CopyResult, CopyVariant
from brandtruth_desktop.core.ports import ModelUsage

if TYPE_CHECKING:
    from brandtruth_desktop.core.models import Campaign
    from brandtruth_desktop.integrations.anthropic_model import ClaudeModel
    from brandtruth_desktop.paths import DataPaths
    from brandtruth_desktop.storage.costs import SqlModelCallLedger
    from brandtruth_desktop.storage.workspace import Workspace

COPY_COMMANDS = ("copy", "cost")
NO_KEY = (
    "No Anthropic API key is set, so the offline writer wrote these ads. To use Claude, add "
    "the key in Settings → API keys or set ANTHROPIC_API_KEY."
)


def add_copy_commands(commands: Any) -> None:
    """Register `copy` and `cost` on the `brandtruth` command's subparsers."""
    copy = commands.add_parser(
        "copy",
        help="ad copy from a brand's site, every line backed by its facts",
        description="Read a brand's site (as `extract` does), then write ad copy from what its "
        "pages say: with Claude when an Anthropic key is set, else with the offline writer. "
        "Every ad cites the facts it rests on; ads whose numbers, claims, quotes or names no "
        "cited fact backs are rejected, and listed with the reason.",
        epilog="Examples: brandtruth copy https://example.com --variants 6 · "
        "brandtruth copy --demo --offline --json · "
        "brandtruth copy ~/Saved/brand-site --angles benefit,social_proof --campaign 3",
    )
    add_site_arguments(copy)
    copy.add_argument(
        "--variants", type=_variant_count, default=CopyRequest().count, metavar="N",
        help=f"how many ads to write (default {CopyRequest().count})",
    )
    copy.add_argument(
        "--angles", type=_angles, default=None, metavar="A,B",
        help="the angles to write, comma-separated (default all: "
        f"{', '.join(a.value for a in Angle)})",
    )
    copy.add_argument(
        "--offline", action="store_true",
        help="call no language model or stock-photo service (the site itself is still read)",
    )
    copy.add_argument("--json", action="store_true",
                      help="print one JSON document for scripts (keys: variants, rejected, "
                      "facts, cost_usd, notices)")
    copy.add_argument("--seed", type=int, default=0, metavar="N",
                      help="the offline writer's seed: the same seed gives the same ads")
    copy.add_argument("--allow-high-risk", action="store_true",
                      help="let ads use facts rated high risk (never blocked ones)")
    copy.add_argument(
        "--campaign", metavar="ID",
        help="the campaign (id or exact name) the model calls are charged to; its audience, "
        "objective, tone, offer and words to avoid are used unless given here",
    )
    copy.add_argument("--audience", help="who the ads speak to")
    copy.add_argument("--objective", help="what the ads are for (sales, leads, traffic …)")
    copy.add_argument("--tone", help="how the ads should sound")
    copy.add_argument("--offer", help="which of the brand's offers to lead with")
    copy.add_argument("--avoid", type=_word_list, default=None, metavar="WORD,WORD",
                      help="words no ad may use")

    cost = commands.add_parser(
        "cost", help="what a campaign's model calls cost",
        description="The total cost in US dollars of a campaign's language-model calls, with "
        "tokens and cost per model (list prices from the app's price table).",
    )
    cost.add_argument("campaign", help="campaign id or exact name")
    cost.add_argument("--json", action="store_true", help="print JSON for scripts")


def run_copy_command(args: argparse.Namespace, paths: DataPaths, workspace: Workspace) -> int:
    """Run `copy` or `cost`; returns the exit code. LookupError: no such campaign."""
    if args.command == "cost":
        return run_cost(args, workspace)
    return run_copy(args, paths, workspace)


def run_copy(args: argparse.Namespace, paths: DataPaths, workspace: Workspace) -> int:
    """Run `brandtruth copy`; returns the exit code."""
    from brandtruth_desktop.core.copy import write_copy

    target = site_target(args, "copy")
    if target is None:
        return 2
    campaign = _campaign(workspace, args.campaign) if args.campaign else None
    request = _request(args, campaign)
    meter = _CostMeter(workspace.model_calls, campaign.id if campaign else None)
    model = None if args.offline else _claude(paths, meter)

    def pipeline() -> Generator[Progress, None, tuple[BrandTruth, CopyResult]]:
        truth = yield from brand_truth_stage(target, args, paths)
        result: CopyResult = yield from write_copy(truth, request, model)
        return truth, result

    try:
        truth, result = run_in_terminal(pipeline())
    except CommandExit as stop:
        return stop.code
    finally:
        if model is not None:
            model.close()
    notices = ([NO_KEY] if model is None and not args.offline else []) + list(result.notices)
    for notice in notices:
        print(f"brandtruth: {notice}", file=sys.stderr)
    # The meter saw every billed answer, also those the adapter could not use.
    cost = meter.total_usd
    if args.json:
        document = copy_json(truth, result, cost_usd=cost, notices=notices)
        document["campaign_id"] = campaign.id if campaign else None
        json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print_copy(truth, result, cost, sys.stdout)
    if not result.variants:
        print("brandtruth: no ad passed the grounding gate. Check what the site says with "
              "`brandtruth extract`, or allow high-risk facts with --allow-high-risk.",
              file=sys.stderr)
        return 1
    return 0


def copy_json(truth: BrandTruth, result: CopyResult, *, cost_usd: float,
              notices: list[str]) -> dict[str, Any]:
    """The `copy --json` document; keys are added, never renamed."""
    return {
        "brand_name": truth.brand_name,
        "website_url": truth.website_url,
        "variants": [_variant_json(v) for v in result.variants],
        "rejected": [
            {"variant": _variant_json(r.variant), "reasons": list(r.reasons),
             "codes": list(r.codes)}
            for r in result.rejected
        ],
        "facts": truth.to_dict()["facts"],
        "cost_usd": round(cost_usd, 6),
        "notices": notices,
    }


def _variant_json(variant: CopyVariant) -> dict[str, Any]:
    return {
        "id": variant.id,
        "angle": str(variant.angle),
        "headline": variant.headline,
        "primary_text": variant.primary_text,
        "description": variant.description,
        "cta": variant.call_to_action,
        "fact_ids": list(variant.fact_ids),
        "generator": variant.generator,
        "model": variant.model,
        "prompt_hash": variant.prompt_hash,
        "seed": variant.seed,
        "persona": variant.persona,
        "emotion": variant.emotion,
    }


def print_copy(truth: BrandTruth, result: CopyResult, cost_usd: float, out: TextIO) -> None:
    """The readable report: each ad with the facts it cites, then the rejected ones."""
    facts = {fact.id: fact for fact in truth.facts}

    def line(text: str = "") -> None:
        out.write(text + "\n")

    line(f"Brand:    {truth.brand_name}  ({truth.website_url})")
    line(f"Ads ({len(result.variants)}):")
    for number, variant in enumerate(result.variants, 1):
        made_by = variant.model or f"the {variant.generator} writer"
        line()
        line(f"{number:>3}. [{variant.angle}] {variant.headline}")
        line(f"     {variant.primary_text}")
        if variant.description:
            line(f"     {variant.description}")
        line(f"     Button: {variant.call_to_action}   (written by {made_by}, id {variant.id})")
        for fact_id in variant.fact_ids:
            fact = facts.get(fact_id)
            if fact is None:
                line(f"     · {fact_id}: (not among the facts)")
                continue
            line(f"     · {fact_id}: “{_clip(fact.quote, 90)}”")
            line(f"       {fact.source_url}")
    if result.rejected:
        line()
        line(f"Rejected by the grounding gate ({len(result.rejected)}):")
        for rejection in result.rejected:
            line(f"  ✗ [{rejection.variant.angle}] {rejection.variant.headline}")
            for reason in rejection.reasons:
                line(f"      – {reason}")
    line()
    line(f"Cost:     ${cost_usd:.4f}")


def run_cost(args: argparse.Namespace, workspace: Workspace) -> int:
    """Run `brandtruth cost CAMPAIGN`; returns the exit code."""
    from brandtruth_desktop.core.copy import is_priced

    campaign = _campaign(workspace, args.campaign)
    calls = workspace.model_calls.for_campaign(campaign.id)
    total = workspace.model_calls.total_cost(campaign.id)
    models: dict[str, dict[str, Any]] = {}
    for call in calls:
        row = models.setdefault(call.model, {
            "model": call.model, "calls": 0, "input_tokens": 0, "output_tokens": 0,
            "cache_read_tokens": 0, "cache_write_tokens": 0, "cost_usd": 0.0,
            "estimate": not is_priced(call.model),
        })
        row["calls"] += 1
        row["input_tokens"] += call.input_tokens
        row["output_tokens"] += call.output_tokens
        row["cache_read_tokens"] += call.cache_read_tokens
        row["cache_write_tokens"] += call.cache_write_tokens
        row["cost_usd"] += call.cost_usd
    if args.json:
        print(json.dumps({
            "campaign_id": campaign.id, "name": campaign.name, "cost_usd": round(total, 6),
            "calls": len(calls),
            "models": [{**row, "cost_usd": round(row["cost_usd"], 6)} for row in models.values()],
        }, indent=2, ensure_ascii=False))
        return 0
    print(f"Campaign {campaign.id} “{campaign.name}”: ${total:.4f} "
          f"for {len(calls)} model call{'s' if len(calls) != 1 else ''}")
    for row in models.values():
        note = " (upper estimate: model not in the price table)" if row["estimate"] else ""
        print(f"  {row['model']}: ${row['cost_usd']:.4f} · {row['calls']} calls · "
              f"{row['input_tokens']:,} in / {row['output_tokens']:,} out / "
              f"{row['cache_read_tokens']:,} cache read / {row['cache_write_tokens']:,} "
              f"cache write tokens{note}")
    return 0


class _CostMeter:
    """Records each model call in the ledger as it happens, and adds up their cost."""

    def __init__(self, ledger: SqlModelCallLedger, campaign_id: int | None) -> None:
        self._ledger = ledger
        self._campaign_id = campaign_id
        self.total_usd = 0.0

    def __call__(self, usage: ModelUsage) -> None:
        call = self._ledger.record_usage(usage, campaign_id=self._campaign_id)
        self.total_usd += call.cost_usd


def _claude(paths: DataPaths, meter: _CostMeter) -> ClaudeModel | None:
    from brandtruth_desktop.integrations.anthropic_model import claude_from_settings
    from brandtruth_desktop.secret_store import KeyringSecretStore
    from brandtruth_desktop.settings import SettingsFile

    settings = SettingsFile(paths.settings_file).load()
    seen = _register_secret()
    secrets = KeyringSecretStore(on_secret_seen=seen)
    return claude_from_settings(settings, secrets, on_usage=meter, on_secret_seen=seen)


def _register_secret() -> Callable[[str], None] | None:
    """The log filter's `register_secret`, so a key read here is redacted from the log."""
    from brandtruth_desktop.logging_setup import RedactingFilter

    for handler in logging.getLogger().handlers:
        for found in handler.filters:
            if isinstance(found, RedactingFilter):
                return found.register_secret
    return None


def _campaign(workspace: Workspace, id_or_name: str) -> Campaign:
    campaign = workspace.campaigns.find(id_or_name)
    if campaign is None:
        raise LookupError(
            f"No campaign matches “{id_or_name}”. See the ids with: brandtruth campaigns list"
        )
    return campaign


def _request(args: argparse.Namespace, campaign: Campaign | None) -> CopyRequest:
    def pick(given: str | None, stored: str) -> str:
        return given if given is not None else stored

    return CopyRequest(
        count=args.variants,
        angles=args.angles or tuple(Angle),
        audience=pick(args.audience, campaign.audience if campaign else ""),
        objective=pick(args.objective, campaign.objective if campaign else ""),
        tone=pick(args.tone, campaign.tone if campaign else ""),
        offer=pick(args.offer, campaign.offer if campaign else ""),
        avoid_words=args.avoid if args.avoid is not None else (
            campaign.avoid_words if campaign else ()),
        allow_high_risk=args.allow_high_risk,
        seed=args.seed,
    )


def _variant_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 50:
        raise argparse.ArgumentTypeError(f"“{text}” is not a number of ads from 1 to 50")
    return value


def _angles(text: str) -> tuple[Angle, ...]:
    names = [part.strip().lower().replace("-", "_") for part in text.split(",") if part.strip()]
    known = {angle.value: angle for angle in Angle}
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown angle “{', '.join(unknown) or text}”; choose from {', '.join(known)}"
        )
    return tuple(dict.fromkeys(known[name] for name in names))


def _word_list(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(",") if word.strip())


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
