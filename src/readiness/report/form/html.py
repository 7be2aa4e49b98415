"""The questions as one printable HTML page: tick boxes, help and why each is asked.

Self-contained (inline CSS, no scripts, nothing fetched); text is escaped by
jinja2's autoescape. Print it from the browser (A4) for a partners' meeting.
"""

from __future__ import annotations

from readiness.questionnaire.form import FormLayout
from readiness.report.form import content

TEMPLATE = "form.html.j2"
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def render(form: FormLayout) -> str:
    from readiness.report.templating import environment

    questionnaire = form.questionnaire
    return (
        environment()
        .get_template(TEMPLATE)
        .render(
            csp=CONTENT_SECURITY_POLICY,
            title=questionnaire.title,
            kind=content.kind(form),
            version=questionnaire.version,
            count=len(questionnaire.questions),
            minutes=content.minutes(form),
            sheets=content.sheets(form),
        )
    )
