"""One bad file never blocks a comparison: results from another questionnaire, or with no
domains, are named and left out with the reason; the rest are compared.

Each case checks the exit code, that no traceback appears, that the message names
the file, and that the files compared are all still there, unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.cli import run
from helpers.hostile import snapshot
from helpers.pcn import copy_pcn


def _assert_clean(err: str, out: str = "") -> None:
    assert "Traceback" not in out + err
    assert "something went wrong inside readiness" not in err


def _variant(source: Path, target: Path, change: str) -> Path:
    data = json.loads(source.read_text(encoding="utf-8"))
    data["practice"]["ods_code"] = "Z00099"
    if change == "no-domains":
        data["scores"]["domains"] = {}
    else:
        data["questionnaire"]["id"] = "something-else"
        data["questionnaire"]["sha256"] = "0" * 64
        data["scores"]["domains"] = {
            f"other-{key}": value for key, value in data["scores"]["domains"].items()
        }
    target.write_text(json.dumps(data), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("no-domains", "it has no domain scores"),
        ("another-questionnaire", "no domain in common with the other results"),
    ],
)
@pytest.mark.parametrize("fmt", ["terminal", "csv", "json"])
def test_one_bad_result_is_left_out_and_the_rest_compared(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    change: str,
    reason: str,
    fmt: str,
) -> None:
    folder = copy_pcn(tmp_path)
    good = len(list(folder.glob("*.json")))
    bad = _variant(folder / "brookside.json", folder / "odd-one.json", change)
    before = snapshot(folder)
    args = ["compare", str(folder), "--format", fmt]
    if fmt != "terminal":
        args += ["--out", str(tmp_path / f"network.{fmt}")]
    code, out, err = run(capsys, monkeypatch, *args)
    _assert_clean(err, out)
    assert code == 0, err
    shown = " ".join((out + err).split())
    assert bad.name in shown and reason in shown
    if fmt == "json":
        data = json.loads((tmp_path / "network.json").read_text(encoding="utf-8"))
        assert data["files_read"] == good + 1
        assert len(data["skipped"]) == 1
    assert snapshot(folder) == before


def test_when_nothing_comparable_is_left_compare_refuses_naming_each_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    source = copy_pcn(tmp_path) / "brookside.json"
    first = _variant(source, folder / "empty-1.json", "no-domains")
    second = _variant(source, folder / "empty-2.json", "no-domains")
    code, out, err = run(capsys, monkeypatch, "compare", str(folder))
    _assert_clean(err, out)
    assert code == 1
    assert str(first) in err and str(second) in err and "no domain scores" in err
