"""The questionnaire and its survey figures on screen: catalogue table, question outlines,
glossary entries (rich renderables; the command line prints them)."""

from __future__ import annotations

import textwrap

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from readiness.figures import format_interval, format_value, sample_text
from readiness.questionnaire.model import Benchmark, GlossaryTerm, Question


def benchmark_table(title: str, catalogue: list[Benchmark], *, plain: bool) -> RenderableType:
    """Every survey figure with its value, interval, who was asked and the source."""
    table = Table(
        title=f"Survey figures in {title}",
        title_justify="left",
        box=None if plain else box.SIMPLE_HEAD,
        show_lines=not plain,
    )
    table.add_column("Figure", ratio=3)
    table.add_column("Value", ratio=1)
    table.add_column("Who was asked, and source", ratio=3)
    for item in catalogue:
        value = format_value(item.value, item.unit)
        interval = format_interval(item.ci95)
        notes = " ".join(n for n in (item.value_note, item.source.sample_size_note) if n)
        who = sample_text(
            item.effective_sample_size,
            item.source.sampled,
            is_minimum=item.source.sample_size_is_minimum,
        )
        table.add_row(
            Text(f"{item.statement}\n[{item.id}]"),
            Text(f"{value}\n{interval}".strip()),
            Text(f"{who}\n{item.source.citation()}" + (f"\nNote: {notes}" if notes else "")),
        )
    return table


def question_outline(number: int, question: Question, width: int) -> str:
    """A question as an indented block: its text, then its id, type and answers."""
    values = ", ".join(choice.value for choice in question.choices)
    details = [f"id: {question.id}", question.type.replace("_", "/")]
    if values:
        details.append(f"answers: {values}")
    if question.type == "number" and question.minimum is not None and question.maximum is not None:
        details.append(f"{question.minimum:g} to {question.maximum:g} {question.unit or ''}")
    if question.when:
        details.append(f"only if {question.when}")
    lead = f"  {number}. "
    indent = " " * len(lead)
    text = textwrap.fill(question.text, width, initial_indent=lead, subsequent_indent=indent)
    rest = textwrap.fill(
        " · ".join(details), width, initial_indent=indent, subsequent_indent=indent
    )
    return f"{text}\n{rest}"


def glossary_entry(term: GlossaryTerm) -> RenderableType:
    title = Text(term.term, style="bold")
    if term.name.casefold() != term.term.casefold():
        title.append(f" ({term.name})")
    return Group(title, Padding(Text(term.meaning), (0, 0, 1, 2), expand=False))
