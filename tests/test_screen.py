"""The safe console: whatever text a renderer hands it, nothing unsafe or unshowable comes out."""

from __future__ import annotations

import io
import re

from hypothesis import given
from hypothesis import strategies as st
from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from readiness.screen import SafeConsole

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
STYLES = st.sampled_from(["", "bold", "red", "dim italic", "bold white on red3"])


def printed(renderable: object, encoding: str = "utf-8") -> str:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, errors="strict", write_through=True)
    SafeConsole(file=stream, width=80, no_color=True).print(renderable)
    return raw.getvalue().decode(encoding)


@st.composite
def styled(draw: st.DrawFn) -> Text:
    text = Text()
    for piece, style in draw(st.lists(st.tuples(st.text(), STYLES), max_size=4)):
        text.append(piece, style=style)
    return text


@given(styled(), st.text(), st.sampled_from(["utf-8", "ascii", "latin-1", "cp1252"]))
def test_any_text_prints_safely_in_any_encoding(text: Text, cell: str, encoding: str) -> None:
    table = Table(title=cell, box=box.SIMPLE_HEAD)
    table.add_column(cell)
    table.add_row(text, cell)
    output = printed(Group(text, cell, table), encoding)  # strict: a bad character raises
    assert RAW.search(output) is None


def test_styles_survive_the_escaping() -> None:
    text = Text("ok ")
    text.append("bad\x1b[2J", style="bold red")
    text.append(" end", style="italic")
    buffer = io.StringIO()
    console = SafeConsole(file=buffer, width=80, force_terminal=True, color_system="standard")
    console.print(text)
    shown = buffer.getvalue()
    assert "bad\\x1b[2J" in shown and "\x1b[2J" not in shown
    assert "\x1b[1;31mbad\\x1b[2J\x1b[0m" in shown  # bold red still covers the escaped text


def test_markup_in_strings_prints_as_written() -> None:
    assert printed("[link=http://evil.example]x[/link] [/] [bold]").strip() == (
        "[link=http://evil.example]x[/link] [/] [bold]"
    )


def test_tables_are_drawn_in_ascii_where_lines_cannot_be_shown() -> None:
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("Domain")
    table.add_row("Funding")
    assert "─" in printed(table, "utf-8")
    shown = printed(table, "cp1252")
    assert "------" in shown and "|" not in shown
