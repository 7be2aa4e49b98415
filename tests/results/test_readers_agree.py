"""Every reader agrees: the fast reader checks what it reads exactly as the full one does,
and every result the writer can produce is accepted by every reader.

The fast reader (``results.fast``, for compare and history) and the full one
(``results.record``, for report) check a result with separate declarations, for
speed. The JSON Schema of every part the fast reader reads must be the model's, and
hypothesis mutates valid results in those parts (keys dropped and added, values of
the wrong type or out of bounds) to show that both readers accept and refuse the
same files. The parts the fast reader skips unbuilt (answers, questions, the rest of
each survey figure, recommendations) only the full reader checks.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from helpers import factory
from readiness.errors import InvalidFileError
from readiness.network.engine import compare_paths
from readiness.questionnaire.answers import load_answers
from readiness.questionnaire.load import load_questionnaire
from readiness.questionnaire.model import DONT_KNOW, Answer, AnswerSet, Practice, Questionnaire
from readiness.results import fast
from readiness.results.history import history
from readiness.results.record import (
    BandRecord,
    BenchmarkRecord,
    DomainResult,
    PracticeRecord,
    QuestionnaireRef,
    ResultFile,
    ScoresRecord,
    build_result,
    parse_result,
    result_json,
)

_SKIP = {"title", "default", "description"}


def _normal(schema: dict[str, Any]) -> Any:
    """A JSON Schema with references written out and names, defaults and texts dropped."""
    defs = schema.get("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return walk(defs[node["$ref"].rsplit("/", 1)[-1]])
            return {
                key: sorted(value) if key == "required" else walk(value)
                for key, value in node.items()
                if key not in _SKIP and key != "$defs"
            }
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(schema)


@pytest.mark.parametrize(
    ("view", "model"),
    [
        (fast.PracticeView, PracticeRecord),
        (fast.QuestionnaireView, QuestionnaireRef),
        (fast.DomainView, DomainResult),
        (fast.ScoresView, ScoresRecord),
        (fast.BandView, BandRecord),
    ],
)
def test_each_part_read_whole_has_the_models_json_schema(view: Any, model: Any) -> None:
    assert _normal(TypeAdapter(view).json_schema()) == _normal(model.model_json_schema())


@pytest.mark.parametrize(
    ("view", "model"), [(fast.ResultView, ResultFile), (fast.MatchView, BenchmarkRecord)]
)
def test_each_field_read_has_the_models_json_schema(view: Any, model: Any) -> None:
    mine, theirs = _normal(TypeAdapter(view).json_schema()), _normal(model.model_json_schema())
    fields = set(mine["properties"]) - {"benchmarks"}  # a part read in part: MatchView
    assert {key: mine["properties"][key] for key in fields} == {
        key: theirs["properties"][key] for key in fields
    }
    assert set(mine.get("required", [])) == set(theirs["required"]) & set(mine["properties"])


def _accepted_by_full(text: str) -> bool:
    try:
        parse_result(text, Path("result.json"))
    except InvalidFileError:
        return False
    return True


def _accepted_by_fast(text: str) -> bool:
    try:
        fast.RESULT_VIEW.validate_json(text.encode("utf-8"))
    except ValidationError:
        return False
    return True


def _paths(data: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*here, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*here, index))
    return found


_READ = set(fast.ResultView.__annotations__)
_MATCH = set(fast.MatchView.__annotations__)


def _is_read(path: tuple[Any, ...]) -> bool:
    """Whether the fast reader checks the value at ``path`` (a survey figure: three keys)."""
    if not path or path[0] not in _READ:
        return False
    return path[0] != "benchmarks" or len(path) < 3 or path[2] in _MATCH


def _whole(path: tuple[Any, ...]) -> bool:
    """Whether the mapping at ``path`` is read whole, so that an added key must be refused."""
    return _is_read(path) and not (path and path[0] == "benchmarks")


WRONG = [None, "x", "", -1, 0, 1.5, 101, 10**6, True, [], {}, ["x"], {"x": 1}, "2026-13-45"]


@pytest.fixture(scope="module")
def valid(demo_result: ResultFile) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result_json(demo_result))
    return data


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_both_readers_accept_and_refuse_the_same_mutated_results(
    valid: dict[str, Any], data: st.DataObject
) -> None:
    mutated = copy.deepcopy(valid)
    for _ in range(data.draw(st.integers(1, 3), label="changes")):
        paths = [p for p in _paths(mutated) if _is_read(p)]
        path = data.draw(st.sampled_from(paths), label="where")
        *parents, last = path
        parent: Any = mutated
        for step in parents:
            parent = parent[step]
        change = data.draw(st.sampled_from(["drop", "add", "replace"]), label="change")
        if change == "drop" and isinstance(parent, dict):
            del parent[last]
        elif change == "add" and isinstance(parent, dict) and _whole(tuple(parents)):
            parent[data.draw(st.sampled_from(["extra", "Name", "colour"]))] = 1
        else:
            parent[last] = data.draw(st.sampled_from(WRONG), label="value")
    text = json.dumps(mutated)
    assert _accepted_by_fast(text) == _accepted_by_full(text), text[:300]


def test_an_extra_key_under_practice_is_refused_by_both(valid: dict[str, Any]) -> None:
    mutated = copy.deepcopy(valid)
    mutated["practice"]["colour"] = "blue"
    text = json.dumps(mutated)
    assert not _accepted_by_full(text)
    assert not _accepted_by_fast(text)


# ------------------------------------------------------------------ every result is read


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Questionnaire:
    return load_questionnaire(factory.write(tmp_path_factory.mktemp("tiny")))


def _answer(question: Any) -> st.SearchStrategy[Answer | None]:
    options: list[st.SearchStrategy[Any]] = [st.none()]
    if question.dont_know:
        options.append(st.just(DONT_KNOW))
    if question.type == "number":
        low = question.minimum if question.minimum is not None else 0
        high = question.maximum if question.maximum is not None else 1e6
        options.append(st.floats(low, high, allow_nan=False))
    elif question.type == "text":
        options.append(st.text(max_size=200))
    elif question.type == "multi":
        values = [c.value for c in question.choices if not c.exclusive]
        options.append(st.lists(st.sampled_from(values), min_size=1, unique=True).map(tuple))
    else:
        options.append(st.sampled_from([c.value for c in question.choices]))
    return st.one_of(options)


NAMES = st.one_of(st.none(), st.text(min_size=1, max_size=80))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_every_result_the_writer_produces_is_accepted_by_every_reader(
    tiny: Questionnaire, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    answers = {
        q.id: answer
        for q in tiny.questions
        if (answer := data.draw(_answer(q), label=q.id)) is not None
    }
    practice = Practice(data.draw(NAMES), None, data.draw(NAMES), data.draw(NAMES))
    result = build_result(questionnaire=tiny, answer_set=AnswerSet(practice, answers))
    folder = tmp_path_factory.mktemp("written")
    path = folder / "result.json"
    path.write_text(result_json(result), encoding="utf-8")

    assert parse_result(path.read_text(encoding="utf-8"), path) == result  # report
    assert isinstance(fast.scan_one(1, str(path)), fast.Scanned)  # compare and history
    assert len(history([path]).tracks) == 1 and not history([path]).skipped
    assert len(compare_paths([folder]).practices) == 1
    read_back = load_answers(path, tiny)  # assess --answers RESULT.json
    assert read_back.answers == answers
    assert read_back.practice == practice
