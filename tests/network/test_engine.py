"""The comparison engine (and its fast reader): a small PCN with known figures, respondents,
earlier results, anonymising, bad files, mixed questionnaire versions and invariants."""

from __future__ import annotations

import json
import shutil
import statistics
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec import to_builtins
from msgspec.structs import replace

from helpers.pcn import IDENTIFYING, PCN_FOLDER, copy_pcn
from readiness.errors import ReadinessError
from readiness.network import basis, records
from readiness.network import engine as engine
from readiness.network.engine import compare_paths, compare_results, find_result_files
from readiness.network.practices import letters
from readiness.network.records import NetworkComparison, NothingToCompare
from readiness.questionnaire.load import load_questionnaire
from readiness.questionnaire.model import AnswerSet, Practice, Questionnaire
from readiness.report.network.common import note_texts
from readiness.results import fast as reader
from readiness.results.identity import time_key
from readiness.results.record import (
    BenchmarkRecord,
    PracticeRecord,
    SourceRecord,
    build_result,
    read_result,
    result_json,
)


@pytest.fixture(scope="module")
def pcn() -> NetworkComparison:
    return compare_paths([PCN_FOLDER])


def row(comparison: NetworkComparison, label: str) -> records.PracticeRow:
    return next(r for r in comparison.practices if r.label == label)


def summary(comparison: NetworkComparison, domain: str) -> records.DomainSummary:
    return next(s for s in comparison.network if s.domain.id == domain)


def scores(row_: records.PracticeRow) -> list[float | None]:
    return [cell.score if cell.enough_answers else None for cell in row_.domains]


# ------------------------------------------------------------------ the fixture PCN


def test_one_row_per_practice_highest_overall_first(pcn: NetworkComparison) -> None:
    assert [r.label for r in pcn.practices] == [
        "Hillcrest Surgery",
        "Brookside Family Practice",
        "Oak Tree Practice",
        "Riverside Medical Practice",
        "Meadow Lane Health Centre",
    ]
    assert [r.overall.score for r in pcn.practices] == [94.2, 80.5, 64.2, 49.2, 32.5]
    assert pcn.title == "Riverside Valley PCN"
    assert pcn.files_read == 7
    assert pcn.newest == "2026-01-14T16:45:00Z"


def test_known_domain_scores_and_low_coverage(pcn: NetworkComparison) -> None:
    assert scores(row(pcn, "Hillcrest Surgery")) == [100.0, 83.3, 100.0, 85.7, 100.0, 96.4]
    oak = row(pcn, "Oak Tree Practice")
    assert scores(oak) == [30.0, 50.0, 93.8, None, 82.9, None]
    assert not oak.domains[3].enough_answers
    assert oak.domains[3].coverage < 0.5


def test_network_medians_ranges_and_band_counts(pcn: NetworkComparison) -> None:
    expected = {  # median, lowest, highest, practices per band, not enough answers
        "funding": (30.0, 0.0, 100.0, (4, 0, 0, 1), 0),
        "time": (50.0, 0.0, 100.0, (2, 1, 0, 2), 0),
        "workforce": (93.8, 43.8, 100.0, (0, 1, 0, 4), 0),
        "representation": (70.3, 29.2, 100.0, (1, 1, 0, 2), 1),
        "collaboration": (82.9, 48.3, 100.0, (0, 2, 0, 3), 0),
        "infrastructure": (73.2, 43.8, 100.0, (0, 2, 0, 2), 1),
    }
    for domain, (median, lowest, highest, bands, missing) in expected.items():
        found = summary(pcn, domain)
        assert (found.median, found.lowest, found.highest) == (median, lowest, highest), domain
        assert (found.band_counts, found.not_enough) == (bands, missing), domain
    assert pcn.overall.median == 64.2
    assert pcn.overall.band_counts == (1, 1, 1, 2)


def test_shared_barriers_and_weak_in_one_practice_only(pcn: NetworkComparison) -> None:
    barriers = {s.domain.id: s.barrier for s in pcn.network}
    assert barriers == {
        "funding": "shared",
        "time": "shared",
        "workforce": "one",
        "representation": "some",
        "collaboration": "some",
        "infrastructure": "some",
    }
    assert summary(pcn, "workforce").weak == ("Meadow Lane Health Centre",)
    assert len(summary(pcn, "funding").weak) == 4
    assert pcn.weak_below() == 'below 60 ("Not yet ready" or "Getting there")'


def test_survey_counts_leave_out_practices_that_did_not_answer(pcn: NetworkComparison) -> None:
    found = {
        item.record.id: (item.matched, item.answered, item.practices, item.percent)
        for item in pcn.benchmarks
    }
    assert found["gip-2021-clinical-pharmacists"] == (4, 5, 5, 80)
    assert found["gip-2021-feasible-partnerships"] == (3, 5, 5, 60)
    assert found["hscc-2022-list-size-limit"] == (5, 5, 5, 100)
    # Oak Tree answered "Don't know" to the representation questions.
    assert found["nhsconfed-2021-unclear-pcn-role"] == (1, 4, 5, 25)
    pharmacists = next(i for i in pcn.benchmarks if i.record.id == "gip-2021-clinical-pharmacists")
    assert pharmacists.record.value == 75
    assert pharmacists.record.ci95 == (69.5, 79.8)
    assert pharmacists.record.source.publisher.startswith("Guidelines in Practice")


def test_survey_counts_agree_with_each_result_file(pcn: NetworkComparison) -> None:
    """The same counts worked out from the full result files, the slow way."""
    latest: dict[object, Any] = {}
    for path in sorted(PCN_FOLDER.glob("*.json")):
        result = read_result(path)
        key = (result.practice.ods_code, (result.practice.respondent or "").casefold())
        if key not in latest or latest[key].created_at < result.created_at:
            latest[key] = result
    for item in pcn.benchmarks:
        by_practice: dict[str | None, tuple[str, bool]] = {}
        for result in latest.values():
            for record in result.benchmarks:
                if record.id == item.record.id and record.matches is not None:
                    seen = by_practice.get(result.practice.ods_code)
                    if seen is None or seen[0] < result.created_at:
                        by_practice[result.practice.ods_code] = (result.created_at, record.matches)
        assert item.answered == len(by_practice), item.record.id
        assert item.matched == sum(1 for _, m in by_practice.values() if m), item.record.id


# ------------------------------------------------------------------ several results for a practice


def test_two_respondents_are_shown_together_with_agreement(pcn: NetworkComparison) -> None:
    riverside = row(pcn, "Riverside Medical Practice")
    assert [r.respondent for r in riverside.current] == ["Practice manager", "GP partner"]
    assert [a.kind for a in riverside.agreement] == [
        "near",
        "agree",
        "agree",
        "near",
        "split",
        "agree",
    ]
    split = riverside.agreement[4]
    assert (split.lowest, split.highest) == (32.5, 68.6)
    # The practice's score is its respondents' mean (45.8 and 0 for funding).
    assert riverside.domains[0].score == 22.9
    assert riverside.overall.score == 49.2
    assert pcn.several_respondents == (riverside,)


def test_same_respondent_again_uses_the_latest_and_names_the_other(pcn: NetworkComparison) -> None:
    hillcrest = row(pcn, "Hillcrest Surgery")
    assert len(hillcrest.responses) == 1
    assert hillcrest.responses[0].created_at == "2026-01-14T16:45:00Z"
    note = next(n for n in note_texts(pcn) if n.startswith("Hillcrest Surgery"))
    assert "hillcrest-october.json" in note
    assert "--all" in note


def test_keep_all_shows_earlier_results_without_counting_them(pcn: NetworkComparison) -> None:
    everything = compare_paths([PCN_FOLDER], keep_all=True)
    hillcrest = row(everything, "Hillcrest Surgery")
    assert [r.current for r in hillcrest.responses] == [True, False]
    assert hillcrest.responses[1].created_at.startswith("2025-10-01")
    assert everything.network == pcn.network
    assert everything.overall == pcn.overall


def test_sort_by_name() -> None:
    labels = [r.label for r in compare_paths([PCN_FOLDER], sort="name").practices]
    assert labels == sorted(labels)


def test_pcn_option_keeps_that_pcn_and_notes_the_rest(tmp_path: Path) -> None:
    folder = copy_pcn(tmp_path)
    other = read_result(PCN_FOLDER / "brookside.json")
    moved = replace(
        other,
        practice=PracticeRecord(name="Elsewhere Surgery", ods_code="Z00009", pcn="Hilltop PCN"),
    )
    (folder / "elsewhere.json").write_text(result_json(moved), encoding="utf-8")
    found = compare_paths([folder], pcn="riverside valley")
    assert "Elsewhere Surgery" not in [r.label for r in found.practices]
    assert found.title == "riverside valley"
    assert any("1 result from other PCNs (Hilltop PCN)" in note for note in note_texts(found))
    with pytest.raises(ReadinessError, match="Nowhere"):
        compare_paths([folder], pcn="Nowhere")


# ------------------------------------------------------------------ anonymising


def strings(value: object) -> Iterator[str]:
    """Every piece of text inside a comparison's records."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from strings(item)
    elif hasattr(value, "__struct_fields__") or hasattr(value, "__dataclass_fields__"):
        names = getattr(value, "__struct_fields__", None) or vars(type(value)).get(
            "__dataclass_fields__", {}
        )
        for name in names:
            yield from strings(getattr(value, name))


def test_anonymised_comparison_holds_no_names_codes_or_files() -> None:
    hidden = compare_paths([PCN_FOLDER], anonymise=True, keep_all=True)
    assert [r.label for r in hidden.practices] == [f"Practice {c}" for c in "ABCDE"]
    assert hidden.title == "PCN A"
    assert {r.pcn for r in hidden.practices} == {"PCN A"}
    text = "\n".join(strings(hidden))
    for word in IDENTIFYING:
        assert word not in text, word
    assert "Respondent 2" in text
    assert "file 3" in text  # the earlier Hillcrest result, by number


def test_letters_run_on_like_spreadsheet_columns() -> None:
    assert [letters(n) for n in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]


# ------------------------------------------------------------------ finding and reading files


def test_folders_give_the_json_files_directly_inside(tmp_path: Path) -> None:
    folder = copy_pcn(tmp_path)
    (folder / "notes.txt").write_text("not a result", encoding="utf-8")
    (folder / "old").mkdir()
    shutil.copy(PCN_FOLDER / "oak-tree.json", folder / "old" / "oak-tree-2024.json")
    found = find_result_files([folder, folder / "oak-tree.json"])
    assert len(found) == 7
    assert all(name.endswith(".json") and "/old/" not in name for name in found)


def test_a_bad_file_among_good_ones_is_skipped_with_its_reason(tmp_path: Path) -> None:
    folder = copy_pcn(tmp_path)
    (folder / "cut-short.json").write_text('{"schema_version": 1, "practice": {', "utf-8")
    (folder / "answers.json").write_text('{"answers": {}}', encoding="utf-8")
    broken = to_builtins(read_result(PCN_FOLDER / "oak-tree.json"))
    broken["scores"]["domains"]["time"]["score"] = 150
    (folder / "impossible.json").write_text(json.dumps(broken, indent=2), encoding="utf-8")
    found = compare_paths([folder])
    assert len(found.practices) == 5
    reasons = {Path(s.file).name: " ".join(s.reasons) for s in found.skipped}
    assert set(reasons) == {"cut-short.json", "answers.json", "impossible.json"}
    assert "not valid JSON" in reasons["cut-short.json"]
    assert "line 1" in reasons["cut-short.json"]
    assert "not a readiness result" in reasons["answers.json"]
    assert "scores.domains.time.score" in reasons["impossible.json"]


def test_only_bad_files_is_an_error_naming_each(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("[]", encoding="utf-8")
    (tmp_path / "b.json").write_text("{", encoding="utf-8")
    with pytest.raises(NothingToCompare) as caught:
        compare_paths([tmp_path])
    assert caught.value.exit_code == 1
    assert "none of the 2 files" in caught.value.message
    assert {p.path.name for p in caught.value.problems if p.path} == {"a.json", "b.json"}


def test_no_json_files_at_all_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ReadinessError, match="no result files"):
        compare_paths([tmp_path])


def test_a_byte_order_mark_is_read_the_slow_way(tmp_path: Path) -> None:
    text = (PCN_FOLDER / "brookside.json").read_text(encoding="utf-8")
    (tmp_path / "bom.json").write_text("\ufeff" + text, encoding="utf-8")
    found = compare_paths([tmp_path])
    assert found.practices[0].label == "Brookside Family Practice"
    assert not found.skipped


def test_scoring_again_on_every_question_gives_the_stored_scores() -> None:
    for path in PCN_FOLDER.glob("*.json"):
        result = read_result(path)
        questions = reader.read_questions(reader.scan([path])[0])[1]
        for domain_id, stored in result.scores.domains.items():
            positions = [i for i, q in enumerate(questions.keys) if q.domain == domain_id]
            cell = basis._rescored_domain(questions, positions, ())
            assert cell.score == stored.score, (path.name, domain_id)
            assert cell.coverage == stored.coverage, (path.name, domain_id)


# ------------------------------------------------------------------ mixed questionnaire versions


def older_questionnaire(folder: Path, questionnaire: Questionnaire) -> Questionnaire:
    """Version 0.9.0: no infrastructure domain, and no question on locum reliance."""
    shutil.copytree(questionnaire.folder, folder)
    manifest = yaml.safe_load((folder / "questionnaire.yaml").read_text(encoding="utf-8"))
    manifest["version"] = "0.9.0"
    manifest["domains"] = [d for d in manifest["domains"] if d["id"] != "infrastructure"]
    manifest.pop("demo_answers", None)
    (folder / "questionnaire.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    workforce = yaml.safe_load((folder / "workforce.yaml").read_text(encoding="utf-8"))
    workforce["questions"] = [q for q in workforce["questions"] if q["id"] != "locum_reliance"]
    (folder / "workforce.yaml").write_text(yaml.safe_dump(workforce), encoding="utf-8")
    return load_questionnaire(folder)


def test_mixed_versions_are_compared_on_what_they_share(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    older = older_questionnaire(tmp_path / "older", questionnaire)
    current = read_result(PCN_FOLDER / "oak-tree.json")
    answers = {k: v for k, v in current.answers.items() if older.question(k) is not None}
    from readiness.questionnaire.answers import check_answer

    converted = {k: check_answer(older.question(k), v) for k, v in answers.items()}  # type: ignore[arg-type]
    old = build_result(
        questionnaire=older,
        answer_set=AnswerSet(
            Practice("Old Mill Surgery", "Z00008", "Riverside Valley PCN"),
            {k: v for k, v in converted.items() if v is not None},
        ),
        created_at="2025-06-01T09:00:00Z",
    )
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(PCN_FOLDER / "oak-tree.json", folder / "oak-tree.json")
    (folder / "old-mill.json").write_text(result_json(old), encoding="utf-8")
    found = compare_paths([folder])
    assert [d.id for d in found.domains] == [
        "funding",
        "time",
        "workforce",
        "representation",
        "collaboration",
    ]
    assert len(found.questionnaires) == 2
    notes = " ".join(note_texts(found))
    assert "different questionnaires" in notes
    assert "Infrastructure" in notes
    assert "locum_reliance" in notes
    # Oak Tree's workforce score without locum reliance is the older version's score for the
    # same answers; its other shared domains keep their stored scores.
    oak = row(found, "Oak Tree Practice")
    assert oak.domains[2].score == old.scores.domains["workforce"].score
    assert oak.domains[2].score != current.scores.domains["workforce"].score
    assert oak.domains[0].score == current.scores.domains["funding"].score
    assert not any(item.record.question == "locum_reliance" for item in found.benchmarks)


def test_a_result_with_no_domain_in_common_is_left_out_and_the_rest_compared() -> None:
    first = reader.scan([PCN_FOLDER / "brookside.json"])[0][0]
    twin = first._replace(number=2, ods_code="Z00009", name="Twin")
    other = first._replace(
        number=3,
        path="other.json",
        questionnaire=first.questionnaire._replace(id="other", sha256="0" * 64),
        domains=tuple(d._replace(id=f"other-{d.id}") for d in first.domains),
    )
    found = compare_results(
        [first, twin, other],
        questions=lambda items: {item.number: reader.QuestionList((), ()) for item in items},
    )
    assert len(found.practices) == 2
    (skipped,) = found.skipped
    assert skipped.file == "other.json"
    assert "no domain in common" in skipped.reasons[0]


def test_a_result_with_no_domains_is_left_out_and_alone_it_cannot_be_compared() -> None:
    first = reader.scan([PCN_FOLDER / "brookside.json"])[0][0]
    empty = first._replace(number=2, path="empty.json", domains=())
    found = compare_results([first, empty])
    assert [item.file for item in found.skipped] == ["empty.json"]
    assert "no domain scores" in found.skipped[0].reasons[0]
    with pytest.raises(ReadinessError) as refused:
        compare_results([empty])
    assert "nothing to compare" in refused.value.message


# ------------------------------------------------------------------ invariants


BANDS = (
    ("low", "Low", 0.0, 40.0),
    ("mid", "Middle", 40.0, 60.0),
    ("good", "Good", 60.0, 80.0),
    ("top", "Top", 80.0, 100.0),
)
DOMAINS = ("alpha", "beta", "gamma")
score_or_none = st.one_of(st.none(), st.floats(0, 100).map(lambda x: round(x, 1)))


def synthetic(number: int, values: list[float | None], matches: bool | None) -> reader.Scanned:
    domains = tuple(
        reader.ScannedDomain(
            key, key.title(), 1.0, value, 1.0 if value is not None else 0.0, value is not None
        )
        for key, value in zip(DOMAINS, values, strict=True)
    )
    scored = [v for v in values if v is not None]
    return reader.Scanned(
        number,
        f"/results/secret-{number}.json",
        f"Secret Practice {number}",
        f"Q{number:05d}",
        f"Hidden PCN {number % 3}",
        f"Person {number}",
        f"2026-01-{1 + number % 28:02d}T10:00:00Z",
        reader.QuestionnaireKey("q", "1", "abc", "Q"),
        tuple(reader.BandKey(*band) for band in BANDS),
        round(sum(scored) / len(scored), 1) if scored else None,
        domains,
        (reader.Match("figure", "question", matches),),
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(score_or_none, min_size=3, max_size=3), st.sampled_from([True, False, None])
        ),
        min_size=1,
        max_size=40,
    )
)
def test_network_figures_hold_together(practices: list[tuple[list[float | None], Any]]) -> None:
    items = [synthetic(n, values, m) for n, (values, m) in enumerate(practices, start=1)]
    figure = BenchmarkRecord(
        id="figure",
        question="question",
        statement="S",
        value=50.0,
        unit="percent",
        sample_size=100,
        sampled="people",
        ci95=(40.0, 60.0),
        source=SourceRecord(publisher="P", title="T", published="2021", file="f.txt"),
        answer=None,
        answer_label="Not answered",
        matches=None,
    )
    found = compare_results(items, anonymise=True, figures=lambda _items: {"figure": figure})
    for item in (*found.network, found.overall):
        assert sum(item.band_counts) + item.not_enough == len(items)
        if item.median is not None:
            assert item.lowest is not None and item.highest is not None
            assert item.lowest <= item.median <= item.highest
        assert len(item.weak) <= item.scored
        assert (item.barrier == "shared") == (item.scored >= 2 and len(item.weak) * 2 > item.scored)
    (survey,) = found.benchmarks
    assert survey.matched <= survey.answered <= survey.practices == len(items)
    text = "\n".join(strings(found))
    assert "Secret" not in text and "Hidden" not in text and "Person" not in text
    assert "Q0" not in text


@given(st.lists(st.floats(0, 100), min_size=1, max_size=30))
def test_median_is_the_usual_median(scores: list[float]) -> None:
    assert engine.median(sorted(scores)) == pytest.approx(statistics.median(scores))


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("2026-01-15T10:30:00Z", "2026-01-15T10:30:00.5Z"),
        ("2026-01-15T11:29:00+01:00", "2026-01-15T10:30:00Z"),
        ("2026-01-15T10:30:00", "2026-01-15T10:30:01Z"),
    ],
)
def test_results_sort_by_their_real_time(earlier: str, later: str) -> None:
    assert time_key(earlier) < time_key(later)
