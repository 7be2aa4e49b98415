"""A filled workbook's cell values, as ``formread`` sees every spreadsheet.

python-calamine reads a form's values in about 2 ms, openpyxl in about 30 ms,
and ``compare`` may score hundreds of returned forms at once. But calamine gives
a formula as the value Excel last worked out, and an error cell (#N/A) as a
blank: a form must never be scored from either. So a workbook with any formula
or error cell is read by openpyxl instead, which gives a formula's text and an
error's code, for ``formread`` to explain. Otherwise the two give the same values
(a test holds them to it): rows numbered from 1, the first six cells of each, an
empty cell as None.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, timezone
from typing import Any, NamedTuple, Protocol
from xml.etree import ElementTree

WIDTH = 6  # the form's columns, A to F
_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")
# A formula (<f>, <f t="shared" …/>, <x:f>) or an error cell, as byte strings to look for.
_NOT_PLAIN = (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b":f/", b' t="e"', b" t='e'")
_MERGE = re.compile(rb'<mergeCell\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')
_ROW = re.compile(rb'<row\b[^>]*?\br="([0-9]+)"')
_CORE = "docProps/core.xml"  # the document's properties, among them when it was saved
_CORE = "docProps/core.xml"  # the document's properties, among them when it was saved
_MODIFIED = "{http://purl.org/dc/terms/}modified"

# A cell's reference (r="XFD1048576"), however the tag is spaced or prefixed: only cells
# have an r attribute with letters in it. (The literal start keeps the search quick.)
_CELL = re.compile(rb'r="([A-Z]{1,3})([0-9]{1,7})"')
# calamine lays a sheet out as one block from A1 to its last cell, so one cell at
# XFD1048576 would ask for billions. A form's sheets are six columns by under a hundred
# rows, and its hidden sheet one column of choices per question: far below this.
MAX_CELLS = 1_000_000

Row = tuple[object, ...]


class OutsideForm(Exception):
    """A sheet has a cell far below or to the right of anything a form holds."""

    def __init__(self, row: int, column: str) -> None:
        super().__init__(f"row {row:,}, column {column}")
        self.row, self.column = row, column


class Workbook(Protocol):
    sheetnames: list[str]

    def rows(self, name: str, first: int, last: int | None = None) -> Iterator[Row]:
        """Rows ``first`` to ``last`` (or the sheet's last) of sheet ``name``."""
        ...

    def merges(self, name: str) -> tuple[str, ...]:
        """The sheet's merged ranges, as "A1:B2"."""
        ...

    def saved_at(self) -> datetime | None:
        """When the workbook was last saved, as it records it."""
        ...

    def close(self) -> None: ...


def open_workbook(data: bytes) -> Workbook:
    """The workbook in ``data`` (an .xlsx already checked to be one); any error if damaged."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        sheets = {name: archive.read(name) for name in names if _SHEET_PART.match(name)}
        core = archive.read(_CORE) if _CORE in names else b""
    for text in sheets.values():
        _check_extent(text)
    if any(_not_plain(text) for text in sheets.values()):
        return _OpenpyxlBook(data, sheets)
    return _CalamineBook(data, core)


def _not_plain(text: bytes) -> bool:
    """Whether a sheet holds a formula or an error cell: an <f> element (perhaps with a
    namespace prefix, never a validation's <formula1>) or a cell of type "e"."""
    return any(mark in text for mark in _NOT_PLAIN)


def _check_extent(text: bytes) -> None:
    """Refuse a sheet whose cells reach far outside any form (calamine sizes it by them)."""
    found = _CELL.findall(text)
    if not found:
        return
    last = max(map(int, [row for _letters, row in found]))
    widest = _column_number(max(found, key=lambda cell: (len(cell[0]), cell[0]))[0].decode())
    if last * widest > MAX_CELLS:
        raise OutsideForm(last, _column_letters(widest))


def _column_letters(number: int) -> str:
    return _cell(0, number - 1)[:-1]


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


# ------------------------------------------------------------------------------ calamine


class _CalamineBook:
    def __init__(self, data: bytes, core: bytes) -> None:
        from python_calamine import CalamineWorkbook

        self._book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        self.sheetnames: list[str] = list(self._book.sheet_names)
        self._core = core
        self._sheets: dict[str, Any] = {}
        self._tables: dict[str, list[list[Any]]] = {}

    def _sheet(self, name: str) -> Any:
        if name not in self._sheets:  # calamine reads the sheet again at each call
            self._sheets[name] = self._book.get_sheet_by_name(name)
        return self._sheets[name]

    def _table(self, name: str) -> list[list[Any]]:
        if name not in self._tables:
            self._tables[name] = self._sheet(name).to_python(skip_empty_area=False)
        return self._tables[name]

    def rows(self, name: str, first: int, last: int | None = None) -> Iterator[Row]:
        for cells in self._table(name)[first - 1 : last]:
            yield tuple(_plain(value) for value in cells[:WIDTH])

    def merges(self, name: str) -> tuple[str, ...]:
        ranges = self._sheet(name).merged_cell_ranges or []
        return tuple(_range(start, end) for start, end in ranges)

    def saved_at(self) -> datetime | None:
        if not self._core:
            return None
        try:
            # ElementTree fetches no external entity, and expat (2.4 on) caps entity
            # expansion; the part comes from a zip whose unpacked size is checked.
            found = ElementTree.fromstring(self._core).find(_MODIFIED)  # noqa: S314
            text = found.text if found is not None else None
            moment = datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None
        except (ElementTree.ParseError, ValueError):
            return None
        if moment is not None and moment.tzinfo is not None:  # UTC without a zone, as openpyxl
            moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
        return moment

    def close(self) -> None:
        self._book.close()


def _plain(value: object) -> object:
    """A value as openpyxl gives it: None for an empty cell, a date as a datetime."""
    if value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def _range(start: tuple[int, int], end: tuple[int, int]) -> str:
    first, last = _cell(*start), _cell(*end)
    return first if first == last else f"{first}:{last}"


def _cell(row: int, column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return f"{letters}{row + 1}"


# ------------------------------------------------------------------------------ openpyxl


class _Part(NamedTuple):
    """What a sheet's own XML says that read-only openpyxl does not."""

    merges: tuple[str, ...] = ()
    last_row: int | None = None  # the number of the sheet's last row (None: not found)


class _OpenpyxlBook:
    """Formulas read as their text, never worked out; errors as their code ("#N/A")."""

    def __init__(self, data: bytes, sheets: dict[str, bytes]) -> None:
        from openpyxl import load_workbook

        self._book = load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
        self.sheetnames: list[str] = list(self._book.sheetnames)
        self._parts = {
            sheet.title: _part(sheets.get(str(getattr(sheet, "_worksheet_path", "")).lstrip("/")))
            # openpyxl keeps the sheet's part name privately; without it no merges are seen.
            for sheet in self._book.worksheets
        }

    def rows(self, name: str, first: int, last: int | None = None) -> Iterator[Row]:
        # openpyxl goes on parsing a sheet's data validations and formatting (half the time
        # a form takes) after its last row unless the reader stops there: so stop there.
        known = self._parts.get(name, _Part()).last_row
        last = known if last is None else last
        found = self._book[name].iter_rows(
            min_row=first, max_row=last, max_col=WIDTH, values_only=True
        )
        yield from itertools.islice(found, None if last is None else max(0, last - first + 1))

    def merges(self, name: str) -> tuple[str, ...]:
        return self._parts.get(name, _Part()).merges

    def saved_at(self) -> datetime | None:
        moment = getattr(getattr(self._book, "properties", None), "modified", None)
        return moment if isinstance(moment, datetime) else None

    def close(self) -> None:
        self._book.close()


def _part(text: bytes | None) -> _Part:
    if text is None:
        return _Part()
    merges = tuple(found.decode("ascii") for found in _MERGE.findall(text))
    at = text.rfind(b"<row ")
    row = _ROW.match(text, at) if at >= 0 else None
    return _Part(merges, int(row[1]) if row else None)
