"""Comparison exports: terminal, CSV, XLSX, HTML and JSON; safety, anonymising and stable bytes."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from msgspec.structs import replace
from openpyxl import load_workbook
from rich.console import Console

from helpers.pcn import IDENTIFYING, PCN_FOLDER, copy_pcn
from readiness.network.engine import compare_paths
from readiness.network.records import NetworkComparison
from readiness.report.network import common as compare_common
from readiness.report.network import csv as compare_csv
from readiness.report.network import html as compare_html
from readiness.report.network import json as compare_json
from readiness.report.network import terminal as compare_terminal
from readiness.report.network import xlsx as compare_xlsx
from readiness.results.record import PracticeRecord, read_result, result_json

FORMULA = '=HYPERLINK("http://example.invalid","click me")'
SHEETS = ["Practices", "Network", "Benchmarks", "Respondents", "Notes"]


@pytest.fixture(scope="module")
def pcn() -> NetworkComparison:
    return compare_paths([PCN_FOLDER])


@pytest.fixture
def risky(tmp_path: Path) -> NetworkComparison:
    """The PCN with a practice, PCN and respondent named to start spreadsheet formulas."""
    folder = copy_pcn(tmp_path)
    result = read_result(PCN_FOLDER / "brookside.json")
    practice = PracticeRecord(
        name=FORMULA, ods_code="Z00005", pcn="@SUM(1+1) <b>PCN</b>", respondent="+cmd|' /C calc'"
    )
    risky_result = replace(result, practice=practice)
    (folder / "brookside.json").write_text(result_json(risky_result), encoding="utf-8")
    return compare_paths([folder])


def terminal_text(comparison: NetworkComparison, *, plain: bool = False, width: int = 80) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(compare_terminal.render(comparison, plain=plain, width=width))
    return console.export_text()


def xlsx_strings(data: bytes) -> str:
    """Every XML part of the workbook as text (shared strings, sheets, properties)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())


# ------------------------------------------------------------------ terminal


def test_terminal_fits_80_columns_and_says_everything(pcn: NetworkComparison) -> None:
    text = terminal_text(pcn)
    assert max(len(line) for line in text.splitlines()) <= 80
    for part in (
        "Practices, highest overall score first",
        "The network as a whole",
        "Shared barriers",
        "Weak in one practice only",
        "Against the published surveys",
        "4 of 5 practices (80%)",
        "1 of 4 practices that answered (25%)",
        "75% of respondents, 95% CI 69.5–79.8%",
        "the survey figure counts",
        "Where a practice's respondents differ",
        "Split (32 to 69)",
        "hillcrest-october.json",
    ):
        assert part in text, part


def test_terminal_plain_has_no_box_drawing_or_colour(pcn: NetworkComparison) -> None:
    text = terminal_text(pcn, plain=True)
    assert not re.search("[─━│┃┌┐└┘]", text)
    assert "\x1b[" not in text
    assert "  - Practice manager" in text


def test_terminal_colours_the_heatmap_by_band(pcn: NetworkComparison) -> None:
    console = Console(width=80, force_terminal=True, color_system="standard", file=io.StringIO())
    console.print(compare_terminal.render(pcn))
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[" in output


def test_terminal_summarises_hundreds_of_practices(tmp_path: Path) -> None:
    template = read_result(PCN_FOLDER / "oak-tree.json")
    for number in range(1, 41):
        practice = PracticeRecord(name=f"Practice {number:02d}", ods_code=f"Y{number:05d}")
        path = tmp_path / f"p{number}.json"
        path.write_text(result_json(replace(template, practice=practice)), "utf-8")
    text = terminal_text(compare_paths([tmp_path]))
    assert "… 20 more …" in text
    assert "--format csv --out practices.csv" in text
    assert text.count("Y000") == 20


# ------------------------------------------------------------------ CSV


def test_csv_is_excel_friendly_with_numbers_as_numbers(pcn: NetworkComparison) -> None:
    text = compare_csv.render(pcn)
    assert text.startswith("\ufeff")
    assert text.count("\r\n") == text.count("\n")
    rows = list(csv.reader(io.StringIO(text[1:])))
    header, body = rows[0], rows[1:]
    assert header[:9] == [
        "Practice",
        "ODS code",
        "PCN",
        "Row",
        "Respondent",
        "Assessed",
        "Questionnaire",
        "Overall score",
        "Overall band",
    ]
    assert len(body) == 5 + 2  # a row per practice, and one per Riverside respondent
    assert body[0][0] == "Hillcrest Surgery" and body[0][7] == "94.2"
    assert '"94.2"' not in text
    riverside = [r for r in body if r[0] == "Riverside Medical Practice"]
    assert [r[3] for r in riverside] == ["Practice", "Respondent", "Respondent"]
    assert riverside[0][4] == "Average of 2 respondents"
    assert "Respondents split on: Collaboration" in riverside[0][-1]
    oak = next(r for r in body if r[0] == "Oak Tree Practice")
    assert oak[header.index("Representation score")] == ""
    assert oak[header.index("Representation band")] == "Not enough answers"


def test_csv_defuses_formulas_in_names(risky: NetworkComparison) -> None:
    cells = [cell for row in csv.reader(io.StringIO(compare_csv.render(risky)[1:])) for cell in row]
    assert "'" + FORMULA in cells
    assert "'@SUM(1+1) <b>PCN</b>" in cells
    assert "'+cmd|' /C calc'" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


# ------------------------------------------------------------------ XLSX


def test_xlsx_has_a_sheet_per_view_with_frozen_headers_and_band_fills(
    pcn: NetworkComparison,
) -> None:
    workbook = load_workbook(io.BytesIO(compare_xlsx.render(pcn)))
    assert workbook.sheetnames == SHEETS
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet["A1"].font.bold
    practices = workbook["Practices"]
    header = [cell.value for cell in practices[1]]
    hillcrest = list(practices[2])
    assert hillcrest[0].value == "Hillcrest Surgery"
    overall = hillcrest[header.index("Overall score")]
    assert overall.value == 94.2 and overall.data_type == "n"
    ready, not_ready = compare_common.BAND_FILLS[3], compare_common.BAND_FILLS[0]
    assert overall.fill.start_color.rgb.endswith(ready)
    brookside_funding = practices.cell(row=3, column=header.index("Funding score") + 1)
    assert brookside_funding.value == 0 and brookside_funding.fill.start_color.rgb.endswith(
        not_ready
    )
    network = workbook["Network"]
    assert [c.value for c in network[2]][:8] == ["Funding", 30, 0, 100, 4, 0, 0, 1]
    benchmarks = workbook["Benchmarks"]
    titles = [c.value for c in benchmarks[1]]
    pharmacists = next(
        r
        for r in benchmarks.iter_rows(values_only=True)
        if r[-1] == "gip-2021-clinical-pharmacists"
    )
    assert pharmacists[titles.index("Practices in this group")] == 4
    assert pharmacists[titles.index("95% CI low")] == 69.5
    respondents = list(workbook["Respondents"].iter_rows(values_only=True))
    assert respondents[5][:3] == ("Riverside Medical Practice", "Collaboration", "Split (32 to 69)")


def test_xlsx_has_no_formulas_and_keeps_text_as_text(risky: NetworkComparison) -> None:
    workbook = load_workbook(io.BytesIO(compare_xlsx.render(risky)))
    seen = []
    for sheet in workbook.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith("="), (sheet.title, cell.coordinate)
                    seen.append(cell.value)
    assert "'" + FORMULA in seen
    assert "<f>" not in xlsx_strings(compare_xlsx.render(risky))


def test_xlsx_bytes_are_the_same_every_time(pcn: NetworkComparison) -> None:
    first = compare_xlsx.render(pcn)
    assert first == compare_xlsx.render(compare_paths([PCN_FOLDER]))
    workbook = load_workbook(io.BytesIO(first))
    assert workbook.properties.created.isoformat() == "2026-01-14T16:45:00"
    assert workbook.properties.modified == workbook.properties.created
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 14, 16, 45, 0)}


# ------------------------------------------------------------------ HTML


def test_html_is_self_contained_and_escapes_names(risky: NetworkComparison) -> None:
    page = compare_html.render(risky)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert policy and html.unescape(policy.group(1)) == compare_html.CONTENT_SECURITY_POLICY
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@SUM(1+1) &lt;b&gt;PCN&lt;/b&gt;" in page
    assert "<b>PCN</b>" not in page
    assert "Practices side by side" in page and "The network as a whole" in page


def test_html_shows_the_heatmap_network_surveys_and_respondents(pcn: NetworkComparison) -> None:
    page = compare_html.render(pcn)
    assert page.count('class="num heat-') >= 5 * 7
    assert "Riverside Valley PCN" in page
    assert "3 of 5 practices (60%)" in page
    assert "Split (32 to 69)" in page
    assert "Weak in one practice only" in page
    assert compare_html.render(pcn) == page


# ------------------------------------------------------------------ JSON


def test_json_has_the_documented_structure(pcn: NetworkComparison) -> None:
    data = json.loads(compare_json.render(pcn))
    assert data["format"] == "readiness-compare" and data["format_version"] == 1
    assert [d["id"] for d in data["domains"]][:2] == ["funding", "time"]
    first = data["practices"][0]
    assert first["label"] == "Hillcrest Surgery" and first["ods_code"] == "Z00002"
    assert first["overall"] == {"score": 94.2, "band": "ready", "coverage": 1.0}
    assert len(first["benchmarks"]) == len(data["benchmarks"])
    assert "overall" not in first["responses"][0]
    riverside = next(p for p in data["practices"] if p["ods_code"] == "Z00001")
    assert riverside["agreement"]["collaboration"]["kind"] == "split"
    assert [r["respondent"] for r in riverside["responses"]] == ["Practice manager", "GP partner"]
    funding = data["network"]["domains"][0]
    assert (funding["median"], funding["bands"]["not-ready"], funding["barrier"]) == (
        30.0,
        4,
        "shared",
    )
    pharmacists = next(b for b in data["benchmarks"] if b["id"] == "gip-2021-clinical-pharmacists")
    assert (pharmacists["matched"], pharmacists["answered"], pharmacists["percent"]) == (4, 5, 80)
    assert pharmacists["ci95"] == [69.5, 79.8]
    assert pharmacists["text"].startswith(
        "4 of 5 practices (80%) in the group; survey: 75% of respondents, 95% CI 69.5–79.8% "
        "(respondents are individuals, not practices)"
    )
    assert pharmacists["standing_in_group"] == "majority"


# ------------------------------------------------------------------ anonymising, every format


def test_no_format_shows_a_name_code_or_file_when_anonymised(tmp_path: Path) -> None:
    folder = copy_pcn(tmp_path)
    (folder / "riverside-broken.json").write_text("{", encoding="utf-8")
    shutil.copy(PCN_FOLDER / "oak-tree.json", folder / "oak-tree-copy-Z00004.json")
    hidden = compare_paths([folder], anonymise=True, keep_all=True)
    assert hidden.skipped and hidden.skipped[0].file.startswith("file ")
    outputs = {
        "terminal": terminal_text(hidden).encode(),
        "csv": compare_csv.render(hidden).encode(),
        "html": compare_html.render(hidden).encode(),
        "json": compare_json.render(hidden).encode(),
        "xlsx": xlsx_strings(compare_xlsx.render(hidden)).encode(),
    }
    for fmt, data in outputs.items():
        text = data.decode("utf-8")
        for word in (*IDENTIFYING, "broken", str(tmp_path)):
            assert word.casefold() not in text.casefold(), (fmt, word)
        assert "Practice A" in text, fmt


@pytest.mark.parametrize("options", [{}, {"anonymise": True, "keep_all": True}])
def test_long_json_written_straight_to_text_is_the_same_json(
    risky: NetworkComparison,
    options: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    comparison = compare_paths([PCN_FOLDER], **options)
    expected = compare_json.to_data(comparison)
    monkeypatch.setattr(compare_json, "COMPACT_OVER", 0)
    for found in (comparison, risky):
        text = compare_json.render(found)
        assert text.count("\n") == 1
        data = json.loads(text)
        assert list(data)[-1] == "practices"
        assert data == json.loads(json.dumps(compare_json.to_data(found)))
    assert json.loads(compare_json.render(comparison)) == json.loads(json.dumps(expected))


def test_practices_and_respondents_are_never_counted_as_one(pcn: NetworkComparison) -> None:
    """Each survey line says the network counts practices and the survey respondents, and a
    figure beside a context question stays context, as in the practice's own report."""
    item = next(b for b in pcn.benchmarks if b.record.unit == "percent")
    assert "counts individual respondents, not practices" in compare_common.counts_text(item)
    context = item._replace(record=replace(item.record, recorded_standing="context"))
    assert compare_common.group_standing(context) == "context"
    assert "Shown for context" in compare_common.counts_text(context)
