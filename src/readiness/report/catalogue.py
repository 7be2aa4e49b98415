"""The questionnaire and its survey figures on screen: catalogue table, question outlines,
glossary entries (rich renderables; the command line prints them)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from readiness.figures import benchmark_sentence, evidence_text, format_interval, value_text
from readiness.questionnaire.model import (
    Benchmark,
    GlossaryTerm,
    Question,
    Source,
    is_share_of_respondents,
)
from readiness.report.dates import survey_when
from readiness.textsafe import visible


def benchmark_table(title: str, catalogue: list[Benchmark], *, plain: bool) -> RenderableType:
    """Every survey figure with its value, interval, who was asked and the source."""
    table = Table(
        title=f"Survey figures in {title}",
        title_justify="left",
        box=None if plain else box.SIMPLE_HEAD,
        show_lines=not plain,
        expand=True,  # so that the column ratios hold: the sentences need the room
    )
    table.add_column("Figure, and who was asked", ratio=5, overflow="fold")
    table.add_column("Value", ratio=2)
    table.add_column("Source", ratio=3)
    for item in catalogue:
        value = value_text(item.value, item.unit, value_words=item.value_words)
        interval = format_interval(item.ci95)
        notes = " ".join(n for n in (item.value_note, item.source.sample_size_note) if n)
        when = survey_when(item.source.fieldwork, item.source.published)
        label = "" if is_share_of_respondents(item.unit, context=item.context) else "Context: "
        table.add_row(
            Text(f"{label}{benchmark_sentence(item, when=when)}\n[{item.id}]"),
            Text(f"{value}\n{interval}".strip()),
            Text(item.source.citation() + (f"\nNote: {notes}" if notes else "")),
        )
    return table


def question_outline(
    number: int, question: Question, width: int, sources: Mapping[str, Source] | None = None
) -> str:
    """A question as an indented block: its text, then its id, type and answers, then why it
    is asked (its finding, who said it and the source)."""
    values = ", ".join(choice.value for choice in question.choices)
    details = [f"id: {question.id}", question.type.replace("_", "/")]
    if question.context:
        details.append("context: not scored")
    if values:
        details.append(f"answers: {values}")
    if question.type == "number" and question.minimum is not None and question.maximum is not None:
        details.append(f"{question.minimum:g} to {question.maximum:g} {question.unit or ''}")
    if question.when:
        details.append(f"only if {question.when}")
    lead = f"  {number}. "
    indent = " " * len(lead)
    # Escaped before wrapping, so that an escape such as \x1b counts in the line's width.
    text = textwrap.fill(
        visible(question.text, one_line=True), width, initial_indent=lead, subsequent_indent=indent
    )
    rest = textwrap.fill(
        visible(" · ".join(details), one_line=True),
        width,
        initial_indent=indent,
        subsequent_indent=indent,
    )
    evidence = question.evidence
    source = (sources or {}).get(evidence.source)
    why = evidence_text(
        finding=evidence.finding,
        paraphrase=evidence.paraphrase,
        said_by=evidence.said_by,
        where=f"{source.publisher}, {source.title}" if source else evidence.source,
    )
    why_text = textwrap.fill(
        visible(f"Why it is asked: {why}", one_line=True),
        width,
        initial_indent=indent,
        subsequent_indent=indent,
    )
    return f"{text}\n{rest}\n{why_text}"


def glossary_entry(term: GlossaryTerm) -> RenderableType:
    title = Text(term.term, style="bold")
    if term.name.casefold() != term.term.casefold():
        title.append(f" ({term.name})")
    return Group(title, Padding(Text(term.meaning), (0, 0, 1, 2), expand=False))
