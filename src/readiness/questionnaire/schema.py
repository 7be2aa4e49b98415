"""The shape of each file, as pydantic models: checks types and unknown keys.

Only the loader imports this (pydantic is slow to import, and ``--help`` must
stay quick). These models check shape only; the loader then checks what needs
the whole questionnaire (ids, conditions, links) and builds the frozen records
of ``model.py``. ``readiness questionnaires schema`` prints them as JSON Schema.
"""

from __future__ import annotations

import difflib
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, ValidationError

from readiness.errors import Problem
from readiness.months import MONTH_HINT
from readiness.questionnaire.answers import MAX_NUMBER
from readiness.questionnaire.yamlsafe import Document, Location

Text = Annotated[StrictStr, Field(min_length=1)]
QuestionId = Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Slug = Annotated[StrictStr, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Score = Annotated[float, Field(ge=0, le=1)]
Weight = Annotated[float, Field(ge=0, le=100)]
# A number question's bounds stay within the range any answer must keep to.
Bound = Annotated[float, Field(ge=-MAX_NUMBER, le=MAX_NUMBER)]


class _Strict(BaseModel):
    # strict: a YAML boolean or number is never quietly turned into text, and vice versa.
    # allow_inf_nan: NaN and infinity are no bound, score or survey figure.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


class ChoiceSchema(_Strict):
    value: Text = Field(description="Stored in answers files; write it in quotes.")
    label: Text = Field(description="What the practice manager sees.")
    score: Score | None = Field(
        default=None,
        description="0 (least ready) to 1 (most ready); required unless the question is context.",
    )
    not_applicable: StrictBool = False
    exclusive: StrictBool = False


class RangeSchema(_Strict):
    min: float
    max: float
    score: Score


class EvidenceSchema(_Strict):
    source: Text = Field(description="The seed file the question derives from.")
    finding: Text = Field(description="The finding, word for word unless 'paraphrase'.")
    paraphrase: StrictBool = False
    anchor: Text | None = Field(
        default=None, description="With 'paraphrase': the source's own words it rests on."
    )
    said_by: Text | None = Field(default=None, description="Whose words they are.")


class BenchmarkLinkSchema(_Strict):
    id: Slug
    matches: list[Text] = Field(default_factory=list)
    complement: list[Text] = Field(
        default_factory=list,
        description="Only for a plainly binary survey question: the answers of everyone else.",
    )
    at_most: float | None = None
    at_least: float | None = None


class QuestionSchema(_Strict):
    id: QuestionId
    text: Text
    help: Text
    type: Literal["single", "multi", "yes_no", "scale", "number", "text"]
    evidence: EvidenceSchema
    choices: list[ChoiceSchema] | None = None
    weight: Weight = 1.0
    dont_know: StrictBool = True
    when: Text | None = None
    benchmark: BenchmarkLinkSchema | None = None
    recommendations: list[Text] = Field(default_factory=list)
    min: Bound | None = None
    max: Bound | None = None
    unit: Text | None = None
    ranges: list[RangeSchema] | None = None
    context: StrictBool = Field(
        default=False, description="A condition around the practice: asked, never scored."
    )
    quick: StrictBool = Field(default=False, description="Asked in the five-minute quick check.")
    find_out: Text | None = Field(
        default=None, description='The step shown for "Don\'t know": how to find out.'
    )


class DomainFileSchema(_Strict):
    id: Slug
    title: Text
    description: StrictStr = ""
    questions: list[QuestionSchema] = Field(min_length=1)


class DomainRefSchema(_Strict):
    id: Slug
    file: Text
    weight: Annotated[float, Field(gt=0, le=100)] = 1.0


class BandSchema(_Strict):
    id: Slug
    label: Text
    min: Annotated[float, Field(ge=0, le=100)]
    max: Annotated[float, Field(ge=0, le=100)]


class ManifestSchema(_Strict):
    id: Slug
    title: Text
    version: Text = Field(description='Write it in quotes, for example "1.0.0".')
    description: StrictStr = ""
    domains: list[DomainRefSchema] = Field(min_length=1)
    bands: list[BandSchema] = Field(min_length=1)
    benchmarks: Text | None = None
    glossary: Text | None = None
    demo_answers: Text | None = None


class SourceSchema(_Strict):
    id: Slug
    file: Text
    publisher: Text
    title: Text
    published: Text
    sampled: Text
    fieldwork: Text | None = None
    sample_size: Annotated[int, Field(gt=0)] | None = None
    sample_size_note: Text | None = None
    sample_size_is_minimum: StrictBool = False
    respondents: Text | None = Field(
        default=None, description="Who answered, as one phrase, for the figure's sentence."
    )


class BenchmarkSchema(_Strict):
    id: Slug
    source: Slug
    statement: Text
    value: float
    unit: Text
    quote: Text
    sample_size: Annotated[int, Field(gt=0)] | None = None
    value_note: Text | None = None
    value_is_lower_bound: StrictBool = False
    value_words: Text | None = None
    context: StrictBool = False


class CatalogueSchema(_Strict):
    sources: list[SourceSchema] = Field(default_factory=list)
    benchmarks: list[BenchmarkSchema] = Field(default_factory=list)


class GlossaryTermSchema(_Strict):
    term: Text
    name: Text
    meaning: Text


class GlossarySchema(_Strict):
    terms: list[GlossaryTermSchema] = Field(default_factory=list)


class PracticeSchema(_Strict):
    name: StrictStr | None = None
    ods_code: StrictStr | None = None
    pcn: StrictStr | None = None
    respondent: StrictStr | None = Field(
        default=None, description='Who answered: a name or a role, e.g. "Practice manager".'
    )


class TargetSchema(_Strict):
    answer: Any = Field(description="The answer to reach: a choice value, a list, or a number.")
    by: Annotated[StrictStr, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] | None = Field(
        default=None, description='The month to reach it by, e.g. "2027-03". Default: a year on.'
    )


class AnswersFileSchema(_Strict):
    """An answers file. A result file is one too: the loader reads only these keys of it.

    Each answer's value is checked against its question by the loader, which can say
    which choices are allowed; here it may be anything.
    """

    practice: PracticeSchema | None = None
    answers: dict[StrictStr, Any] = Field(default_factory=dict)
    notes: dict[StrictStr, StrictStr] = Field(
        default_factory=dict,
        description="A note on any answer, by question id: why, or the evidence behind it.",
    )
    targets: dict[StrictStr, TargetSchema] = Field(
        default_factory=dict, description="Target answers for scored questions, by question id."
    )
    quick: StrictBool = Field(
        default=False, description="A quick check: only the quick questions are scored."
    )


SCHEMAS: dict[str, type[BaseModel]] = {
    "manifest": ManifestSchema,
    "domain": DomainFileSchema,
    "benchmarks": CatalogueSchema,
    "glossary": GlossarySchema,
    "answers": AnswersFileSchema,
}


# ------------------------------------------------------------------ explaining problems


def schema_problems(document: Document, kind: str) -> list[Problem]:
    """Problems with the shape of a file, checked against ``schema.SCHEMAS[kind]``."""
    if not isinstance(document.data, dict):
        found = type(document.data).__name__.replace("str", "text").replace("list", "a list")
        return [document.problem((), f"the file should hold 'key: value' lines, not {found}")]
    try:
        SCHEMAS[kind].model_validate(document.data)
    except ValidationError as error:
        return [_explain(document, detail) for detail in error.errors(include_url=False)]
    return []


def _known_fields() -> list[str]:
    names: set[str] = set()
    pending: list[type[Any]] = list(SCHEMAS.values())
    while pending:
        model = pending.pop()
        for name, info in model.model_fields.items():
            names.add(name)
            for arg in (*getattr(info.annotation, "__args__", ()), info.annotation):
                if isinstance(arg, type) and issubclass(arg, _Strict) and arg not in pending:
                    pending.append(arg)
    return sorted(names)


def _explain(document: Document, detail: Any) -> Problem:
    location: Location = tuple(detail["loc"])
    kind: str = detail["type"]
    field = f"'{location[-1]}'" if location else "the file"
    if kind == "extra_forbidden":
        # A name that is right elsewhere (a target's 'answer') is no suggestion for itself.
        known = [name for name in _known_fields() if name != str(location[-1])]
        close = difflib.get_close_matches(str(location[-1]), known, n=1)
        message = f"unknown field {field}" + (
            f": did you mean '{close[0]}'?" if close else ": remove it or check the spelling"
        )
        return document.problem(location, message, at_key=True)
    if kind == "missing":
        return document.problem(location[:-1], f"missing required field {field}")
    surprise = document.surprises.get(location)
    if kind == "string_type" and surprise is not None:
        written, became = surprise
        return document.problem(
            location,
            (
                f"{field}: YAML reads {written} as {became}, not text: "
                f'put it in quotes, like "{written}"'
            ),
        )
    if kind == "string_pattern_mismatch" and location and location[-1] == "by":
        return document.problem(location, f"{field}: write {MONTH_HINT}")
    return document.problem(location, f"{field}: {_friendly(kind, detail)}")


def _friendly(kind: str, detail: Any) -> str:
    wrong = type(detail.get("input")).__name__
    messages = {
        "string_type": f"should be text (found {wrong})",
        "float_type": f"should be a number (found {wrong})",
        "int_type": f"should be a whole number (found {wrong})",
        "bool_type": f"should be true or false (found {wrong})",
        "list_type": "should be a list (lines starting with '- ')",
        "dict_type": "should be a mapping ('key: value' lines)",
        "model_type": "should be a mapping ('key: value' lines)",
        "string_pattern_mismatch": (
            "use only lower-case letters, digits and '_' (question ids) or '-' (other ids), "
            "starting with a letter"
        ),
    }
    return messages.get(kind, str(detail.get("msg", "is not valid")).rstrip(".").lower())
