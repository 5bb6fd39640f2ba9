"""`brandtruth compose` and `brandtruth render` as a person types them, offline, on the demo
site."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageStat

BRANDTRUTH = Path(sys.executable).parent / ("brandtruth.exe" if os.name == "nt" else "brandtruth")
TIMEOUT = 300


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"BRANDTRUTH_HOME", "BRANDTRUTH_DATABASE_URL", "ANTHROPIC_API_KEY"}}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(
        [str(BRANDTRUTH), "--data-dir", str(data_dir), *args], capture_output=True, text=True,
        encoding="utf-8", stdin=subprocess.DEVNULL, env=env, timeout=TIMEOUT, check=False,
    )


def test_compose_writes_every_ad_its_qa_and_a_manifest_then_render_redraws_one(
    tmp_path: Path,
) -> None:
    out = tmp_path / "ads"
    result = run("compose", "--demo", "--out", str(out), "--offline", "--variants", "3",
                 "--formats", "1:1,9:16", data_dir=tmp_path / "ws")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    items = manifest["items"]
    assert len(items) == 6
    assert {i["format"] for i in items} == {"1:1", "9:16"}
    for item in items:
        assert {"variant_id", "format", "file", "width", "height", "qa"} <= set(item)
        with Image.open(out / item["file"]) as image:
            assert image.size == (item["width"], item["height"])
        assert item["qa"]["version"] == 1 and "texts" in item["qa"]
        stem = item["file"].rsplit(".", 1)[0]
        assert json.loads((out / f"{stem}.qa.json").read_text(encoding="utf-8")) == item["qa"]
    assert "Wrote 6 ads" in result.stdout

    first = items[0]
    redrawn = tmp_path / "again.png"
    spec = out / first["spec"]
    result = run("render", "--spec", str(spec), "--out", str(redrawn), "--qa",
                 str(tmp_path / "qa.json"), data_dir=tmp_path / "ws")
    assert result.returncode == 0, result.stderr
    with Image.open(redrawn) as again, Image.open(out / first["file"]) as original:
        difference = ImageStat.Stat(ImageChops.difference(again.convert("RGB"),
                                                          original.convert("RGB")))
        assert sum(difference.mean) / 3 < 2.0  # the same ad (the original is a JPEG)
    qa = json.loads((tmp_path / "qa.json").read_text(encoding="utf-8"))
    assert qa["texts"] == first["qa"]["texts"]


def test_render_explains_a_bad_spec(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({"version": 99, "format": "1:1"}), encoding="utf-8")
    result = run("render", "--spec", str(spec), "--out", str(tmp_path / "x.png"),
                 data_dir=tmp_path / "ws")
    assert result.returncode == 1
    assert "newer version of BrandTruth" in result.stderr
    assert not (tmp_path / "x.png").exists()
