"""Drafts: saved atomically, read back exactly, fitted to a changed questionnaire."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.errors import InvalidFileError
from readiness.interview import drafts
from readiness.questionnaire.model import DONT_KNOW, DONT_KNOW_TEXT, Answer, Practice, Questionnaire
from readiness.results import store

PRACTICE = Practice("Riverside Surgery", "A81001", "North PCN", "Practice manager")


def make(
    questionnaire: Questionnaire,
    practice: Practice = PRACTICE,
    answers: dict[str, Answer] | None = None,
    position: str | None = "arrs_budget_use",
) -> drafts.Draft:
    return drafts.new_draft(
        questionnaire,
        practice,
        answers=answers if answers is not None else {"network_des": "yes"},
        position=position,
        domains=("funding",),
    )


def test_save_and_read_back(questionnaire: Questionnaire) -> None:
    answers: dict[str, Answer] = {
        "network_des": "yes",
        "funded_pcn_time": DONT_KNOW,
        "other_arrs_roles": ("paramedic", "dietitian"),
        "patients_per_gp": 2100.0,
    }
    path = drafts.save_draft(make(questionnaire, answers=answers))
    assert path == store.drafts_dir() / questionnaire.id / "a81001-practice-manager.json"
    resumed = drafts.read_draft(path, questionnaire)
    assert resumed.draft.answers == answers
    assert resumed.draft.practice == PRACTICE
    assert resumed.draft.position == "arrs_budget_use"
    assert resumed.draft.domains == ("funding",)
    assert resumed.dropped == ()
    assert not resumed.questionnaire_changed


def test_file_holds_what_the_issue_asks(questionnaire: Questionnaire) -> None:
    path = drafts.save_draft(make(questionnaire))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["questionnaire"] == {
        "id": questionnaire.id,
        "version": questionnaire.version,
        "sha256": questionnaire.sha256,
    }
    assert data["practice"]["ods_code"] == "A81001"
    assert data["answers"] == {"network_des": "yes"}
    assert data["position"] == "arrs_budget_use"
    assert data["saved_at"].endswith("Z")
    # Written atomically: no temporary file is left behind.
    assert [p.name for p in path.parent.iterdir()] == [path.name]


@pytest.mark.parametrize(
    ("practice", "key"),
    [
        (Practice("Riverside", "a81001"), "a81001"),
        (Practice("Riverside Surgery"), "riverside-surgery"),
        (Practice(), "unnamed-practice"),
        (Practice(None, "A81001", None, "Dr Jones"), "a81001-dr-jones"),
    ],
)
def test_draft_key(practice: Practice, key: str) -> None:
    assert drafts.draft_key(practice) == key


def test_changed_questionnaire_keeps_what_still_fits(questionnaire: Questionnaire) -> None:
    draft = dataclasses.replace(make(questionnaire), questionnaire_sha256="0" * 64)
    path = drafts.save_draft(draft)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["answers"].update(
        {"retired_question": "yes", "headspace": "very_much", "funded_pcn_time": "partly"}
    )
    path.write_text(json.dumps(data), encoding="utf-8")
    resumed = drafts.read_draft(path, questionnaire)
    assert resumed.questionnaire_changed
    assert resumed.draft.answers == {"network_des": "yes", "funded_pcn_time": "partly"}
    dropped = {item.question_id: item.reason for item in resumed.dropped}
    assert set(dropped) == {"retired_question", "headspace"}
    assert "no longer in the questionnaire" in dropped["retired_question"]
    assert "very_much" in dropped["headspace"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        '{"kind": "readiness-draft", "format": 1, "answ',
        "[1, 2]",
        "null",
        '{"kind": "readiness-draft", "format": 1}',
        '{"kind": "readiness-draft", "format": 99}',
    ],
)
def test_damaged_draft_is_set_aside(questionnaire: Questionnaire, text: str) -> None:
    good = drafts.save_draft(make(questionnaire, Practice("Other", "B82002")))
    bad = store.drafts_dir() / "a81001.json"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidFileError):
        drafts.read_draft(bad, questionnaire)
    found = drafts.find_drafts(questionnaire)
    assert [r.path for r in found.drafts] == [good]
    assert len(found.set_aside) == 1
    moved = found.set_aside[0].moved_to
    assert moved is not None and moved.name.startswith("a81001.json.corrupt-")
    assert moved.read_text(encoding="utf-8") == text  # kept, for whoever wants it
    assert not bad.exists()
    # Next time there is nothing in the way.
    assert drafts.find_drafts(questionnaire).set_aside == ()


def test_bytes_that_are_not_utf8_are_set_aside(questionnaire: Questionnaire) -> None:
    bad = store.ensure_dir(store.drafts_dir()) / "a81001.json"
    bad.write_bytes(b"\xff\xfe{")
    found = drafts.find_drafts(questionnaire, key="a81001")
    assert found.drafts == ()
    assert "UTF-8" in found.set_aside[0].reason


def test_find_by_key_and_other_questionnaires(questionnaire: Questionnaire) -> None:
    mine = drafts.save_draft(make(questionnaire))
    other = dataclasses.replace(
        make(questionnaire, Practice("Elsewhere")), questionnaire_id="another-questionnaire"
    )
    drafts.save_draft(other)
    assert [r.path for r in drafts.find_drafts(questionnaire).drafts] == [mine]
    assert [
        r.path for r in drafts.find_drafts(questionnaire, key="a81001-practice-manager").drafts
    ] == [mine]
    assert drafts.find_drafts(questionnaire, key="z99999").drafts == ()


def test_discard(questionnaire: Questionnaire) -> None:
    draft = make(questionnaire)
    drafts.save_draft(draft)
    assert drafts.discard(draft)
    assert not draft.path.exists()
    assert not drafts.discard(draft)


def test_saved_when_is_readable(questionnaire: Questionnaire) -> None:
    draft = dataclasses.replace(make(questionnaire), saved_at="2026-01-15T10:30:00Z")
    assert drafts.saved_when(draft).startswith("15 January 2026 at ")
    assert drafts.saved_when(dataclasses.replace(draft, saved_at="junk")) == "junk"


# A note reading exactly "dont_know" is how answers files spell "Don't know", so it is
# not a note; every other text must come back unchanged.
NOTES = st.text(max_size=300).filter(lambda text: text != DONT_KNOW_TEXT)
DETAILS = st.one_of(st.none(), st.text(min_size=1, max_size=80))
TRICKY = st.sampled_from(["\u0085", "\u2028", "\"'\\", "\r\n", "🙂👩‍⚕️", "\x00", "\ud7ff"])


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    note=st.one_of(NOTES, st.builds(lambda a, b, c: a + b + c, NOTES, TRICKY, NOTES)),
    name=DETAILS,
    pcn=DETAILS,
    respondent=DETAILS,
)
def test_any_text_survives_save_and_reload(
    questionnaire: Questionnaire,
    note: str,
    name: str | None,
    pcn: str | None,
    respondent: str | None,
) -> None:
    practice = Practice(name, "A81001", pcn, respondent)
    answers: dict[str, Answer] = {"collaboration_notes": note} if note else {}
    path = drafts.save_draft(make(questionnaire, practice, answers=answers))
    resumed = drafts.read_draft(path, questionnaire)
    assert resumed.draft.answers == answers
    assert resumed.draft.practice == practice
    path.unlink()


def test_note_that_says_dont_know_where_not_offered(questionnaire: Questionnaire) -> None:
    path = drafts.save_draft(make(questionnaire, answers={"collaboration_notes": DONT_KNOW_TEXT}))
    resumed = drafts.read_draft(path, questionnaire)
    assert resumed.draft.answers == {}
    assert resumed.dropped[0].question_id == "collaboration_notes"


def test_a_draft_keeps_its_notes(tmp_path: Path) -> None:
    from helpers import factory
    from readiness.interview import drafts
    from readiness.questionnaire.load import load_questionnaire
    from readiness.questionnaire.model import Practice

    tiny = load_questionnaire(factory.write(tmp_path / "q"))
    draft = drafts.new_draft(
        tiny,
        Practice("Riverside"),
        answers={"confidence": "some"},
        position=None,
        domains=("alpha",),
        notes={"confidence": "Partners split", "gone": "old"},
    )
    path = drafts.save_draft(draft)
    resumed = drafts.read_draft(path, tiny)
    assert resumed.draft.notes == {"confidence": "Partners split"}
    assert [item.question_id for item in resumed.dropped] == ["gone"]
