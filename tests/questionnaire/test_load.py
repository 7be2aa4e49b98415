"""Loading questionnaires: every problem is named with file, line, column and what to change."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import factory
from readiness.errors import InvalidFileError, ReadinessError, UsageError
from readiness.questionnaire.load import describe, load_questionnaire
from readiness.questionnaire.locate import available, resolve

A, B, M = factory.ALPHA, factory.BETA, factory.MANIFEST

BAD_CASES = {
    "yaml syntax": (
        {"alpha": A.replace("title: Alpha", "title: [Alpha")},
        "alpha.yaml:3:10: this is not valid YAML: while parsing a flow sequence did not "
        "find expected ',' or ']'",
    ),
    "duplicate key": (
        {"alpha": A.replace("title: Alpha", "title: Alpha\ntitle: Again")},
        "alpha.yaml:3:1: duplicate key 'title' (first given on line 2): keep only one",
    ),
    "unknown field": (
        {"alpha": A.replace("    type: scale", "    type: scale\n    wieght: 2")},
        "alpha.yaml:27:5: unknown field 'wieght': did you mean 'weight'?",
    ),
    "wrong type": (
        {"alpha": A.replace("min: 0\n    max: 100", "min: zero\n    max: 100")},
        "alpha.yaml:15:10: 'min': should be a number (found str)",
    ),
    "yaml 1.1 no": (
        {"beta": B.replace("value: none, label: None", "value: no, label: None")},
        "beta.yaml:11:17: 'value': YAML reads no as true/false, not text: "
        'put it in quotes, like "no"',
    ),
    "yaml 1.1 off": (
        {"beta": B.replace("value: none, label: None", "value: off, label: None")},
        "beta.yaml:11:17: 'value': YAML reads off as true/false, not text: "
        'put it in quotes, like "off"',
    ),
    "duplicate question id": (
        {"beta": B.replace("id: notes", "id: confidence")},
        "beta.yaml:13:9: duplicate question id 'confidence' (first used in alpha.yaml line 23): "
        "every question needs its own id",
    ),
    "when names an unknown question": (
        {"alpha": A.replace("has_pharmacist == 'yes'", "has_pharmacists == 'yes'")},
        "alpha.yaml:21:11: 'when' names 'has_pharmacists', which is not an earlier question: "
        "a condition can only look at questions asked before this one",
    ),
    "when names a later question": (
        {"alpha": A.replace("has_pharmacist == 'yes'", "confidence == 'very'")},
        "alpha.yaml:21:11: 'when' names 'confidence', which is not an earlier question: "
        "a condition can only look at questions asked before this one",
    ),
    "when with a single =": (
        {"alpha": A.replace("has_pharmacist == 'yes'", "has_pharmacist = 'yes'")},
        "alpha.yaml:21:11: 'when' condition: unexpected character '=': use '==' to compare "
        "(at character 16 of \"has_pharmacist = 'yes'\")",
    ),
    "when compares with a value that is not a choice": (
        {"alpha": A.replace("has_pharmacist == 'yes'", "has_pharmacist == 'maybe'")},
        "alpha.yaml:21:11: 'when' compares 'has_pharmacist' with 'maybe', which is not one of "
        "its choices ('yes', 'no')",
    ),
    "benchmark not in catalogue": (
        {"alpha": A.replace("id: pharmacists, matches", "id: pharmacist, matches")},
        "alpha.yaml:9:21: no benchmark 'pharmacist' in the benchmark catalogue: "
        "did you mean 'pharmacists'?",
    ),
    "benchmark matches a value that is not a choice": (
        {"alpha": A.replace('matches: ["yes"]', 'matches: ["si"]')},
        "alpha.yaml:9:44: 'si' is not one of this question's choice values",
    ),
    "score above 1": (
        {"alpha": A.replace("label: Very, score: 1", "label: Very, score: 1.5")},
        "alpha.yaml:30:43: 'score': input should be less than or equal to 1",
    ),
    "bands with a gap": (
        {"questionnaire": M.replace("min: 50, max: 100", "min: 60, max: 100")},
        "questionnaire.yaml:13:5: band 'high' starts at 60, leaving a gap after 50: bands must "
        "cover 0 to 100 with no gaps or overlaps",
    ),
    "bands short of 100": (
        {"questionnaire": M.replace("min: 50, max: 100", "min: 50, max: 90")},
        "questionnaire.yaml:12:3: the bands end at 90: the last band's max must be 100",
    ),
    "empty file": ({"beta": ""}, "beta.yaml:1:1: the file is empty"),
    "not a mapping": (
        {"beta": "- just\n- a list\n"},
        "beta.yaml:1:1: the file should hold 'key: value' lines, not a list",
    ),
    "anchors and aliases": (
        {"beta": B.replace("title: Beta", "title: &t Beta\ndescription: *t")},
        "beta.yaml:2:8: anchors and aliases (&name, *name) are not allowed: write the value "
        "out in full",
    ),
    "tab indentation": (
        {"beta": "id: beta\n\ttitle: x\n"},
        "beta.yaml:2:1: this is not valid YAML: while scanning a plain scalar found a tab "
        "character that violates indentation (use spaces, not tabs, to indent)",
    ),
    "missing field": (
        {"beta": B.replace("    help: Free text.\n", "")},
        "beta.yaml:13:5: missing required field 'help'",
    ),
    "choices on a number question": (
        {
            "alpha": A.replace(
                "    unit: hours\n",
                "    unit: hours\n    choices: [{value: a, label: A, score: 1}]\n",
            )
        },
        "alpha.yaml:18:14: a 'number' question cannot have 'choices'",
    ),
    "domain file missing": (
        {"questionnaire": M.replace("file: beta.yaml", "file: gamma.yaml")},
        "questionnaire.yaml:9:11: the file 'gamma.yaml' does not exist in {folder}",
    ),
    "a scored choice without a score": (
        {
            "alpha": A.replace(
                "{value: some, label: Somewhat, score: 0.5}", "{value: some, label: Somewhat}"
            )
        },
        "alpha.yaml:29:9: choice 'some' needs a 'score' from 0 to 1 (only a question marked "
        "'context: true' has none)",
    ),
    "a paraphrase without its anchor": (
        {"alpha": A.replace('finding: "75% not confident"}', 'finding: "most", paraphrase: true}')},
        "alpha.yaml:31:62: a paraphrased finding needs 'anchor': the source's own words it "
        "rests on",
    ),
}


@pytest.mark.parametrize(("files", "expected"), BAD_CASES.values(), ids=BAD_CASES.keys())
def test_bad_questionnaire_gives_exact_message(
    tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    folder = factory.write(tmp_path / "q", **files)
    with pytest.raises(InvalidFileError) as caught:
        load_questionnaire(folder)
    messages = [str(p).replace(f"{folder}/", "") for p in caught.value.problems]
    assert messages == [expected.format(folder=folder)]


def test_every_problem_in_every_file_is_listed(tmp_path: Path) -> None:
    folder = factory.write(
        tmp_path / "q",
        questionnaire=M.replace("min: 50, max: 100", "min: 60, max: 100"),
        alpha=A.replace("    type: scale", "    type: scale\n    wieght: 2"),
        beta=B.replace("label: Physiotherapist, score: 0.5", "label: Physio, score: 7"),
    )
    with pytest.raises(InvalidFileError) as caught:
        load_questionnaire(folder)
    files = sorted(p.path.name for p in caught.value.problems if p.path)
    assert files == ["alpha.yaml", "beta.yaml", "questionnaire.yaml"]


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (b"id: beta\x00\x01", "beta.yaml:1:9: this looks like a binary file"),
        ("id: beta\ntitle: caf\xe9\n".encode("latin-1"), "beta.yaml:2:11: this is not UTF-8 text"),
        (b"a: " + b"x" * (1024 * 1024), "is 1,048,579 bytes; the limit is 1 MiB"),
        (b"[" * 200 + b"]" * 200, "beta.yaml:1:33: nested more than 32 levels deep"),
        (b"id: beta\n---\nid: again\n", "only one YAML document is allowed"),
    ],
)
def test_unreadable_files_are_refused(tmp_path: Path, raw: bytes, fragment: str) -> None:
    folder = factory.write(tmp_path / "q")
    (folder / "beta.yaml").write_bytes(raw)
    with pytest.raises(InvalidFileError) as caught:
        load_questionnaire(folder)
    assert fragment in str(caught.value.problems[0])


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    folder = factory.write(tmp_path / "q")
    (folder / "beta.yaml").write_bytes(b"\xef\xbb\xbf" + B.encode())
    assert load_questionnaire(folder).domain("beta") is not None


def test_valid_tiny_questionnaire_builds_records(tmp_path: Path) -> None:
    loaded = load_questionnaire(factory.write(tmp_path / "q"))
    assert [q.id for q in loaded.questions] == [
        "has_pharmacist",
        "pharmacist_hours",
        "confidence",
        "roles",
        "notes",
    ]
    yes_no = loaded.question("has_pharmacist")
    assert yes_no is not None and [c.value for c in yes_no.choices] == ["yes", "no"]
    assert loaded.benchmark("pharmacists") is not None
    assert len(loaded.sha256) == 64


def test_sha256_changes_when_a_file_changes(tmp_path: Path) -> None:
    first = load_questionnaire(factory.write(tmp_path / "a")).sha256
    second = load_questionnaire(
        factory.write(tmp_path / "b", beta=B.replace("Anything else?", "Anything more?"))
    ).sha256
    assert first != second


def test_resolve_accepts_manifest_file_and_rejects_unknown_names(tmp_path: Path) -> None:
    folder = factory.write(tmp_path / "q")
    assert resolve(folder / "questionnaire.yaml") == folder
    with pytest.raises(UsageError, match="no questionnaire called 'nope'"):
        resolve("nope")


def test_user_questionnaires_are_listed(readiness_home: Path) -> None:
    factory.write(readiness_home / "questionnaires" / "tiny")
    found = {(item.id, item.origin) for item in available()}
    assert ("tiny", "yours") in found
    assert ("integration-readiness", "bundled") in found
    assert load_questionnaire("tiny").id == "tiny"


def test_describe_has_the_documented_shape(questionnaire: object) -> None:
    described = describe(questionnaire)  # type: ignore[arg-type]
    domain = described["domains"][0]  # type: ignore[index]
    assert {"id", "title", "weight", "questions"} <= set(domain)
    assert {"id", "text", "type", "choices", "min", "max", "when"} <= set(domain["questions"][0])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_arbitrary_input_raises_only_our_error(tmp_path: Path, content: bytes) -> None:
    folder = factory.write(tmp_path / "fuzz")
    (folder / "beta.yaml").write_bytes(content)
    with contextlib.suppress(ReadinessError):
        load_questionnaire(folder)


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(InvalidFileError) as caught:
        load_questionnaire(folder)
    return [str(p).replace(f"{folder}/", "") for p in caught.value.problems]


def test_a_complement_must_be_every_other_answer(tmp_path: Path) -> None:
    linked = A.replace(
        '    evidence: {source: 000.txt, finding: "75% not confident"}',
        '    evidence: {source: 000.txt, finding: "75% not confident"}\n'
        "    benchmark: {id: pharmacists, matches: [none], complement: [very]}",
    )
    assert problems_of(factory.write(tmp_path / "q", alpha=linked)) == [
        "alpha.yaml:32:63: 'complement' must list every other answer (and only those): here "
        "some, very. Leave it out unless the survey question was plainly yes or no"
    ]


def test_a_context_question_carries_no_scores(tmp_path: Path) -> None:
    context = A.replace("    type: scale\n", "    type: scale\n    context: true\n")
    problems = problems_of(factory.write(tmp_path / "q", alpha=context))
    assert problems == [
        f"alpha.yaml:{line}: a context question is never scored: remove 'score' from its choices"
        for line in ("29:49", "30:47", "31:43")
    ]


def test_show_json_gives_scored_and_links_with_their_complement(tmp_path: Path) -> None:
    loaded = load_questionnaire(factory.write(tmp_path / "q"))
    described = describe(loaded)
    questions = {q["id"]: q for d in described["domains"] for q in d["questions"]}  # type: ignore[attr-defined]
    assert questions["has_pharmacist"]["scored"] is True
    assert questions["notes"]["scored"] is False
    assert questions["has_pharmacist"]["benchmark"] == {
        "id": "pharmacists",
        "matches": ["yes"],
        "complement": [],
    }
