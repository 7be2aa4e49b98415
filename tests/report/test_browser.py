"""The HTML report in a real browser: headless Chromium draws it and shows what matters."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from readiness.report.result import html
from readiness.results.record import ResultFile


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM = find_chromium()
# No network, no updates, no first-run screens: the page must stand on its own.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (CI installs it)"),
]


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    return subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def page(tmp_path: Path, demo_result: ResultFile) -> Path:
    path = tmp_path / "report.html"
    path.write_text(html.render(demo_result), encoding="utf-8")
    return path


def test_screenshot_is_a_real_picture(tmp_path: Path, page: Path) -> None:
    shot = tmp_path / "report.png"
    completed = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,2000", page.as_uri())
    assert shot.exists(), completed.stderr
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 2000)
    # A blank page compresses to a few kilobytes; a drawn report with text and a chart does not.
    assert len(data) > 50_000


def test_dom_shows_practice_scores_and_chart(
    tmp_path: Path, page: Path, demo_result: ResultFile
) -> None:
    completed = chromium(tmp_path, "--dump-dom", page.as_uri())
    dom = completed.stdout
    assert "<h1>Riverside Medical Practice</h1>" in dom, completed.stderr
    assert '<span class="number">60</span>' in dom
    svg = dom[dom.index("<svg") : dom.index("</svg>")]
    assert len(re.findall(r'<g class="domain-bar">', svg)) == len(demo_result.scores.domains)
    for domain in demo_result.scores.domains.values():
        assert f"{domain.score:.0f} · {domain.band_label}" in svg
        assert f'<th scope="row">{domain.title}</th>' in dom
    assert "<script" not in dom
