"""Blank answer forms, one module per format: ``xlsx`` (to fill in and send back), ``html``
and ``markdown`` (every question on paper, to discuss and type in afterwards)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from readiness.questionnaire.model import Practice, Questionnaire


def write_form(
    questionnaire: Questionnaire, fmt: str, *, practice: Practice, quick: bool = False
) -> bytes:
    """The form's bytes in ``fmt`` (a name from ``formats.FORM_FORMATS``)."""
    from readiness.questionnaire.form import layout
    from readiness.questionnaire.quick import quick_check
    from readiness.results.identity import now_utc, parse_time

    form = layout(quick_check(questionnaire) if quick else questionnaire, quick=quick)
    if fmt == "xlsx":
        from readiness.report.form import xlsx

        return xlsx.render(form, practice=practice, moment=parse_time(now_utc()))
    if fmt == "html":
        from readiness.report.form import html

        return html.render(form).encode("utf-8")
    from readiness.report.form import markdown

    return markdown.render(form).encode("utf-8")
