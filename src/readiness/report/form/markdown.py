"""The questions in Markdown, with tick boxes (``- [ ]``), help and why each is asked."""

from __future__ import annotations

from readiness.questionnaire.form import FormLayout
from readiness.report.form import content
from readiness.textsafe import markdown_text


def render(form: FormLayout) -> str:
    questionnaire = form.questionnaire
    count = len(questionnaire.questions)
    lines = [
        f"# {markdown_text(questionnaire.title)}",
        "",
        f"{content.kind(form)} · version {markdown_text(questionnaire.version)} · "
        f"{count} questions, about {content.minutes(form)} minutes",
        "",
        "Practice: ____  ODS code: ____  PCN: ____  Who is answering: ____",
    ]
    for sheet in content.sheets(form):
        lines += ["", f"## {markdown_text(sheet.title)}", ""]
        if sheet.description:
            lines += [markdown_text(sheet.description), ""]
        for question in sheet.questions:
            lines.append(f"### {question.number}. {markdown_text(question.text)}")
            lines.append("")
            if question.only:
                lines += [f"*{markdown_text(question.only)}.*", ""]
            lines += [markdown_text(question.enter), ""]
            lines += [f"- [ ] {markdown_text(label)}" for label in question.choices]
            if not question.choices:
                lines.append("Answer: ______________________")
            lines += [
                "",
                markdown_text(question.help),
                "",
                f"Why we ask: “{markdown_text(question.finding)}” "
                f"({markdown_text(question.source)})",
                "",
            ]
    return "\n".join(lines).rstrip() + "\n"
