"""The quick shape check of an answers file accepts exactly what the schema accepts.

``answershape`` lets a good answers file through without importing pydantic; a file
it refuses is explained by ``schema.AnswersFileSchema``. Hypothesis builds answers
files near the shape (right and wrong types, unknown keys, odd YAML values) to hold
the two to the same verdict.
"""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from readiness.questionnaire.answershape import has_answers_shape
from readiness.questionnaire.schema import AnswersFileSchema

# What YAML can give for a value: text, numbers, booleans, null, dates, lists, mappings.
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "yes", "A81001", "2027-03", "2027-13", "dont_know", "Dr Patel"]),
    st.just(datetime.date(2027, 3, 1)),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["answer", "by", "name", "x"]), inner, max_size=3),
    ),
    max_leaves=6,
)
KEYS = st.one_of(st.sampled_from(["funding_gap", "q1", "x"]), st.integers(0, 3))


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(strategy, VALUES)


PRACTICE = st.dictionaries(
    st.sampled_from(["name", "ods_code", "pcn", "respondent", "colour"]),
    st.one_of(st.none(), st.text(max_size=5), st.integers(0, 3), st.booleans()),
    max_size=4,
)
TARGET = st.dictionaries(st.sampled_from(["answer", "by", "when"]), VALUES, max_size=3)
FILES = st.dictionaries(
    st.sampled_from(["practice", "answers", "notes", "targets", "quick", "extra"]),
    st.one_of(
        _maybe(PRACTICE),
        _maybe(st.dictionaries(KEYS, VALUES, max_size=3)),
        _maybe(st.dictionaries(KEYS, st.one_of(st.text(max_size=5), SCALARS), max_size=3)),
        _maybe(st.dictionaries(KEYS, TARGET, max_size=2)),
    ),
    max_size=5,
)


def _schema_accepts(data: object) -> bool:
    try:
        AnswersFileSchema.model_validate(data)
    except ValidationError:
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(data=st.one_of(FILES, VALUES))
def test_the_quick_check_and_the_schema_agree(data: object) -> None:
    assert has_answers_shape(data) == _schema_accepts(data)


def test_a_usual_answers_file_passes_the_quick_check() -> None:
    data = {
        "practice": {"name": "Riverside Surgery", "ods_code": "A81001"},
        "answers": {"funding_gap": "yes", "patients_per_gp": 2150, "roles": ["a", "b"]},
        "notes": {"funding_gap": "From the partners' meeting."},
        "targets": {"funding_gap": {"answer": "no", "by": "2027-03"}},
        "quick": True,
    }
    assert has_answers_shape(data)
