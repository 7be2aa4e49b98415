"""The two ways a workbook is read give the same values, and formulas and errors never
reach the quick one.

calamine (quick) and openpyxl (for workbooks holding a formula or an error cell)
must agree on every value, merge and saved time of a form, or a form would score
differently depending on which one read it. Hypothesis fills forms with random
cell values of every kind a person might type.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.forms import blank_form
from readiness.errors import InvalidFileError
from readiness.questionnaire.model import Questionnaire
from readiness.results import workbook
from readiness.results.formread import read_form_bytes


@pytest.fixture(scope="module")
def blank(questionnaire: Questionnaire) -> bytes:
    return blank_form(questionnaire, name="Riverside Surgery", ods_code="A81001")


VALUES = st.one_of(
    st.none(),
    st.text(st.characters(categories=["L", "N", "P", "Zs"]), max_size=20),
    st.integers(-1000, 100_000),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 3)),
    st.booleans(),
    st.datetimes(datetime(2000, 1, 1), datetime(2030, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
)


def _filled(blank: bytes, cells: list[tuple[int, int, object]], *, merge: bool) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(blank))
    sheets = book.worksheets[1:-1]
    written = set()
    for sheet_index, row, value in cells:
        sheet = sheets[sheet_index % len(sheets)]
        place = (sheet.title, 5 + row % max(1, sheet.max_row - 4))
        # Each answer cell is typed once. (A number typed over a date keeps the date's
        # format; for a serial before 1900, which Excel cannot show, the two readers give
        # different nonsense, and neither is an answer to any question.)
        if place not in written:
            written.add(place)
            sheet.cell(row=place[1], column=3, value=value)
    if merge:
        sheets[0].merge_cells("C5:D6")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _everything(book: workbook.Workbook) -> dict[str, object]:
    return {
        name: (list(book.rows(name, 1)), list(book.rows(name, 3, 7)), book.merges(name))
        for name in book.sheetnames
    } | {"saved": book.saved_at()}


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cells=st.lists(st.tuples(st.integers(0, 10), st.integers(0, 40), VALUES), max_size=12),
    merge=st.booleans(),
)
def test_calamine_and_openpyxl_read_the_same_values(
    blank: bytes, cells: list[tuple[int, int, object]], merge: bool
) -> None:
    data = _filled(blank, cells, merge=merge)
    quick = workbook.open_workbook(data)
    assert isinstance(quick, workbook._CalamineBook)  # no formula, no error: the quick way
    careful = workbook._OpenpyxlBook(data, _sheet_parts(data))
    assert _everything(quick) == _everything(careful)


def _sheet_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")}


@pytest.mark.parametrize("value", ["=1+2", "=A1", "=NA()"])
def test_a_formula_sends_the_workbook_to_openpyxl_and_is_refused(
    questionnaire: Questionnaire, blank: bytes, value: str, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(io.BytesIO(blank))
    book.worksheets[1]["C5"] = value
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    assert isinstance(workbook.open_workbook(data), workbook._OpenpyxlBook)
    with pytest.raises(InvalidFileError) as raised:
        read_form_bytes(tmp_path / "f.xlsx", data, questionnaire)
    assert any("formula" in problem.message for problem in raised.value.problems)


def test_an_error_cell_is_not_read_as_a_blank(
    questionnaire: Questionnaire, blank: bytes, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(io.BytesIO(blank))
    cell = book.worksheets[1]["C5"]
    cell.value, cell.data_type = "#N/A", "e"
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    assert isinstance(workbook.open_workbook(data), workbook._OpenpyxlBook)
    with pytest.raises(InvalidFileError) as raised:
        read_form_bytes(tmp_path / "f.xlsx", data, questionnaire)
    assert any("#N/A" in problem.message for problem in raised.value.problems)


@pytest.mark.parametrize("far", ["XFD1000", "C1048576"])
def test_a_cell_far_outside_the_form_is_refused_before_it_is_laid_out(
    questionnaire: Questionnaire, blank: bytes, far: str, tmp_path: Path
) -> None:
    """calamine lays a sheet out from A1 to its last cell: one cell at XFD1048576 would
    ask for billions of cells, so such a sheet is refused first."""
    book = openpyxl.load_workbook(io.BytesIO(blank))
    book.worksheets[2][far] = "stray"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(InvalidFileError) as raised:
        read_form_bytes(tmp_path / "f.xlsx", buffer.getvalue(), questionnaire)
    assert "far outside the form" in raised.value.problems[0].message
