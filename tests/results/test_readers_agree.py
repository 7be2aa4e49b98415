"""Every reader agrees: compare and history accept exactly the result files report accepts,
and every result the writer can produce is accepted by every reader.

There is one definition of the result file (``results.record``, msgspec structs),
and both the fast reader (``results.fast``, for compare and history) and the full one
(``record.parse_result``, for report) decode with it. Hypothesis mutates valid
results anywhere (keys dropped and added, values of the wrong type or out of
bounds) to show that both accept and refuse the same files, and that every refusal
names a line.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import factory
from readiness.errors import InvalidFileError
from readiness.network.engine import compare_paths
from readiness.questionnaire.answers import load_answers
from readiness.questionnaire.load import load_questionnaire
from readiness.questionnaire.model import DONT_KNOW, Answer, AnswerSet, Practice, Questionnaire
from readiness.results import fast
from readiness.results.history import history
from readiness.results.record import ResultFile, build_result, parse_result, result_json


def _refusal_by_full(text: str) -> InvalidFileError | None:
    try:
        parse_result(text, Path("result.json"))
    except InvalidFileError as error:
        return error
    return None


def _accepted_by_fast(text: str, folder: Path) -> bool:
    path = folder / "result.json"
    path.write_text(text, encoding="utf-8")
    return isinstance(fast.scan_one(1, str(path)), fast.Scanned)


def _paths(data: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here] if here else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*here, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*here, index))
    return found


WRONG = [None, "x", "", -1, 0, 1.5, 101, 10**6, True, [], {}, ["x"], {"x": 1}, "2026-13-45"]


@pytest.fixture(scope="module")
def valid(demo_result: ResultFile) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result_json(demo_result))
    return data


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_both_readers_accept_and_refuse_the_same_mutated_results(
    valid: dict[str, Any], data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    mutated = copy.deepcopy(valid)
    for _ in range(data.draw(st.integers(1, 3), label="changes")):
        path = data.draw(st.sampled_from(_paths(mutated)), label="where")
        *parents, last = path
        parent: Any = mutated
        for step in parents:
            parent = parent[step]
        change = data.draw(st.sampled_from(["drop", "add", "replace"]), label="change")
        if change == "drop" and isinstance(parent, dict):
            del parent[last]
        elif change == "add" and isinstance(parent, dict):
            parent[data.draw(st.sampled_from(["extra", "Name", "colour"]))] = 1
        else:
            parent[last] = data.draw(st.sampled_from(WRONG), label="value")
    text = json.dumps(mutated, indent=2)
    refusal = _refusal_by_full(text)
    assert _accepted_by_fast(text, tmp_path_factory.mktemp("mutated")) == (refusal is None)
    if refusal is not None:  # every refusal says where
        assert all(problem.line is not None for problem in refusal.problems), refusal.problems


def test_an_extra_key_under_practice_is_refused_by_both(
    valid: dict[str, Any], tmp_path: Path
) -> None:
    mutated = copy.deepcopy(valid)
    mutated["practice"]["colour"] = "blue"
    text = json.dumps(mutated, indent=2)
    refusal = _refusal_by_full(text)
    assert refusal is not None
    expected = "practice.colour: a result file has no such field: remove it"
    assert refusal.problems[0].message == expected
    assert not _accepted_by_fast(text, tmp_path)


def test_a_bad_value_in_a_mapping_is_placed_at_its_own_key(valid: dict[str, Any]) -> None:
    mutated = copy.deepcopy(valid)
    domain = list(mutated["scores"]["domains"])[2]
    mutated["scores"]["domains"][domain]["score"] = 150
    text = json.dumps(mutated, indent=2)
    refusal = _refusal_by_full(text)
    assert refusal is not None
    problem = refusal.problems[0]
    assert problem.message == f"scores.domains.{domain}.score: expected a number at most 100.0"
    assert problem.line is not None
    assert text.splitlines()[problem.line - 1].strip() == '"score": 150,'


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


def test_a_bad_value_among_thousands_of_keys_is_found_by_halving(
    valid: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The failing key is found in a few checks, not one per key (a big file never hangs)."""
    from readiness.results import record

    mutated = copy.deepcopy(valid)
    mutated["notes"] = {f"note_{n}": "fine" for n in range(3000)}
    mutated["notes"]["note_2345"] = "x" * 2001
    checks: list[object] = []
    original = record._check_again

    def counted(data: object) -> None:
        checks.append(data)
        original(data)

    monkeypatch.setattr(record, "_check_again", counted)
    refusal = _refusal_by_full(json.dumps(mutated, indent=2))
    assert refusal is not None
    assert refusal.problems[0].message.startswith("notes.note_2345: expected text of length")
    assert len(checks) <= 20
