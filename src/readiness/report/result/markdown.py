"""The Markdown report, for emails, Teams messages and wikis.

Every piece of text from the result goes through ``textsafe.markdown_text``, so
it renders literally: no raw HTML, no links, and a ``|`` or a line break cannot
break a table. Our own fixed wording is written as Markdown directly.
"""

from __future__ import annotations

from collections.abc import Iterable

from readiness.figures import INTERVAL_NOTE
from readiness.plans.progress import Progress
from readiness.report.dates import long_date
from readiness.report.result import content
from readiness.results.diff import Changes
from readiness.results.record import ResultFile
from readiness.textsafe import markdown_text as md


def render(
    result: ResultFile, *, changes: Changes | None = None, progress: Progress | None = None
) -> str:
    """The report as Markdown (the same text for the same result and changes)."""
    sections = [
        _heading(result),
        _since(content.since_last_time(progress)),
        _domains(result, changes),
        _changes(changes) if changes is not None else "",
        _action_plan(result),
        _notes(result),
        _benchmarks(result),
        _context(result),
        _answers(result),
        _method(result),
    ]
    return "\n\n".join(section for section in sections if section) + "\n"


def _table(
    header: Iterable[str], rows: Iterable[Iterable[str]], *, right: Iterable[int] = ()
) -> str:
    """A pipe table; cells must already be escaped."""
    header = list(header)
    aligned = set(right)
    rule = ["---:" if index in aligned else "---" for index in range(len(header))]
    lines = [header, rule, *(list(row) for row in rows)]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def _heading(result: ResultFile) -> str:
    practice = result.practice
    details = [
        f"ODS code {md(practice.ods_code)}" if practice.ods_code else "",
        md(practice.pcn) if practice.pcn else "",
        f"answered by {md(practice.respondent)}" if practice.respondent else "",
    ]
    lines = [
        f"# Integration readiness: {md(practice.display_name())}",
        "",
        *([" · ".join(d for d in details if d), ""] if any(details) else []),
        f"{md(content.questionnaire_text(result))} · assessed {content.assessed_on(result)}",
        "",
        f"**Overall readiness: {md(content.overall_text(result))}** "
        f"({content.answered_text(result)})",
        *(["", md(missing)] if (missing := content.overall_missing_text(result)) else []),
    ]
    return "\n".join(lines)


def _since(since: content.SinceLastTime | None) -> str:
    if since is None:
        return ""
    lines = [f"## {md(since.heading)}", "", md(since.summary)]
    if since.steps:
        lines.append("")
        lines += [f"- {'**Overdue:** ' if late else ''}{md(text)}" for text, late in since.steps]
    if since.targets:
        lines.append("")
        lines += [f"- {md(text)}" for text in since.targets]
    return "\n".join(lines)


def _domains(result: ResultFile, changes: Changes | None) -> str:
    header = ["Domain", "Score", "Band", "Answered", "Don't know"]
    by_id = {change.id: change for change in changes.domains} if changes else {}
    targets = content.has_targets(result)
    if targets:
        header += ["Target", "Gap"]
    if changes is not None:
        header.append(f"Change since {long_date(changes.earlier_created_at)}")
    rows = []
    for line in content.domain_lines(result):
        row = [
            md(line.title),
            line.score_text,
            md(line.band_label),
            md(line.coverage_text),
            str(line.dont_know),
        ]
        if targets:
            by = f" by {md(line.target_by_text)}" if line.target_by else ""
            row += [f"{line.target_text}{by}" if line.target is not None else "—", line.gap_text]
        if changes is not None:
            change = by_id.get(line.id)
            row.append(change.text if change else "—")
        rows.append(row)
    return "## Readiness by domain\n\n" + _table(header, rows, right=[1, 4])


def _changes(changes: Changes) -> str:
    since = long_date(changes.earlier_created_at)
    overall = changes.overall
    lines = [
        f"## What changed since {since}",
        "",
        f"Overall: {content.score_text(overall.before)} then, "
        f"{content.score_text(overall.after)} now ({overall.text}).",
    ]
    if not changes.answers:
        return "\n".join([*lines, "", "No answers changed."])
    rows = [
        [md(a.question_text), md(a.domain_title), md(a.before), md(a.after)]
        for a in changes.answers
    ]
    return "\n".join([*lines, "", _table(["Question", "Domain", "Then", "Now"], rows)])


def _action_plan(result: ResultFile) -> str:
    """The full plan: every domain whose answers brought up steps, weakest first."""
    plan = [item for item in content.action_plan(result) if item.actions]
    if not plan:
        return "## Action plan\n\nNone of your answers brought up a next step."
    lines = [
        "## Action plan",
        "",
        "Every next step your answers suggest, by domain, weakest domain first and most "
        "impact first within each. A “Don't know” brings a step to find the answer out.",
    ]
    for item in plan:
        domain = item.domain
        score = (
            f"{domain.score_text} out of 100, {md(domain.band_label)}"
            if domain.score is not None
            else md(domain.band_label)
        )
        lines += ["", f"### {md(domain.title)}: {score}", ""]
        for number, group in enumerate(item.groups):
            lines += [
                *([""] if number else []),
                f"You answered “{md(group.answer_label)}” to: *{md(group.question_text)}*",
                "",
                *(f"- {md(step)}" for step in group.steps),
            ]
    return "\n".join(lines)


def _notes(result: ResultFile) -> str:
    """The answers with a note or a target, each beside its answer."""
    lines = content.noted_lines(result)
    if not lines:
        return ""
    rows = [
        [
            md(line.question.text),
            md(line.question.answer_label),
            md(line.target_text.removeprefix("Target: ")) or "—",
            md(line.note) or "—",
        ]
        for line in lines
    ]
    return "## Your notes and targets\n\n" + _table(["Question", "Answer", "Target", "Note"], rows)


def _benchmarks(result: ResultFile) -> str:
    lines = content.comparison_lines(result)
    if not lines:
        return (
            "## Your practice beside the surveys\n\n"
            "None of your answers are linked to survey figures."
        )
    rows = [
        [
            str(line.number),
            f"**{md(line.question_text)}**",
            md(line.survey_text),
            md(line.source_text),
            f"{md(line.answer_label)}: {md(_lower_first(line.standing_text))}",
        ]
        for line in lines
    ]
    table = _table(["#", "Question", "Survey figure", "Source", "Your answer"], rows, right=[0])
    notes = [f"- Figure {line.number}: {md(line.value_note)}" for line in lines if line.value_note]
    parts = [
        "## Your practice beside the surveys",
        "Figures from published surveys, beside your answer to the matching question. "
        "They do not change your score. " + md(INTERVAL_NOTE),
        table,
    ]
    if notes:
        parts.append("Notes on the figures:\n\n" + "\n".join(notes))
    return "\n\n".join(parts)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _context(result: ResultFile) -> str:
    lines = content.context_lines(result)
    if not lines:
        return ""
    parts = [f"## {content.CONTEXT_TITLE}", "", md(content.CONTEXT_INTRO), ""]
    for line in lines:
        parts.append(
            f"- **{md(line.question.text)}** You answered “{md(line.question.answer_label)}”."
        )
        figure = line.benchmark
        if figure is not None:
            label = "Figure" if figure.context_figure else "Survey"
            parts.append(f"  {label} {figure.number}: {md(figure.figure_text)}")
    return "\n".join(parts)


def _answers(result: ResultFile) -> str:
    """Every question, its answer and why it is asked (its finding and source)."""
    parts = ["## Your answers, and why each question is asked"]
    current = None
    for line in content.answer_lines(result):
        if line.domain_title != current:
            current = line.domain_title
            parts += ["", f"### {md(current)}", ""]
        question = line.question
        status = "" if question.status == "scored" else f" ({md(line.status_text)})"
        parts.append(f"- **{md(question.text)}** {md(question.answer_label)}{status}")
        if why := content.evidence_text(question):
            parts.append(f"  Why it is asked: {md(why)}")
    return "\n".join(parts)


def _method(result: ResultFile) -> str:
    notes = "\n".join(f"- {md(note)}" for note in content.method_notes(result))
    footer = (
        f"*From the result saved on {content.assessed_on(result)} "
        f"({md(result.created_at)}) by readiness {md(result.tool_version)}; "
        f"questionnaire {md(result.questionnaire.id)} version "
        f"{md(result.questionnaire.version)}.*"
    )
    return f"## How the scores are worked out\n\n{notes}\n\n{footer}"
