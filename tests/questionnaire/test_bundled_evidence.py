"""The bundled questionnaire's evidence, benchmark links and shape, checked against the seeds.

These tests read the YAML files directly with ``yaml.safe_load``, not through the
package's loader, so they check the content alone. The seed documents live
outside the repository, in ``shared/seeds`` beside the checkout, or wherever
the ``READINESS_SEEDS`` environment variable points; without them the
seed-dependent tests are skipped.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "questionnaires" / "integration-readiness"


def _seeds_dir() -> Path | None:
    beside = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if beside.is_dir():
        return beside
    configured = os.environ.get("READINESS_SEEDS")
    if configured and Path(configured).is_dir():
        return Path(configured)
    return None


SEEDS = _seeds_dir()
needs_seeds = pytest.mark.skipif(SEEDS is None, reason="the seed documents are not available")


def fold(text: str) -> str:
    """Fold runs of whitespace, including line breaks, to single spaces."""
    return " ".join(text.split())


def _load(name: str) -> Any:
    with (FOLDER / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


MANIFEST: dict[str, Any] = _load("questionnaire.yaml")
DOMAINS: list[dict[str, Any]] = [_load(ref["file"]) for ref in MANIFEST["domains"]]
QUESTIONS: list[dict[str, Any]] = [
    {**question, "domain": domain["id"]} for domain in DOMAINS for question in domain["questions"]
]
CATALOGUE: dict[str, Any] = _load(MANIFEST["benchmarks"])
SOURCES: dict[str, dict[str, Any]] = {source["id"]: source for source in CATALOGUE["sources"]}
BENCHMARKS: list[dict[str, Any]] = CATALOGUE["benchmarks"]


def is_context(question: dict[str, Any]) -> bool:
    return bool(question.get("context", False))


def is_scored(question: dict[str, Any]) -> bool:
    return (
        not is_context(question)
        and question["type"] != "text"
        and float(question.get("weight", 1)) > 0
    )


def seed_text(file_name: str) -> str:
    assert SEEDS is not None
    path = SEEDS / file_name
    assert path.is_file(), f"no seed file {file_name}"
    return fold(path.read_text(encoding="utf-8"))


def value_spellings(value: float) -> set[str]:
    """The ways a value may be written in a quote: 75, 1,700 or 1700, 12.5."""
    if float(value).is_integer():
        whole = int(value)
        return {str(whole), f"{whole:,}"}
    return {f"{value:g}"}


QUESTION_IDS = [q["id"] for q in QUESTIONS]
LINKED = [q for q in QUESTIONS if q.get("benchmark")]
WITH_COMPLEMENT = [q for q in LINKED if "complement" in q["benchmark"]]
CONTEXT = [q for q in QUESTIONS if is_context(q)]
PARAPHRASES = [q for q in QUESTIONS if q["evidence"].get("paraphrase")]
SCORED = [q for q in QUESTIONS if is_scored(q)]


@needs_seeds
@pytest.mark.parametrize("question", QUESTIONS, ids=QUESTION_IDS)
def test_finding_is_verbatim_or_anchored(question: dict[str, Any]) -> None:
    evidence = question["evidence"]
    seed = seed_text(evidence["source"])
    if evidence.get("paraphrase"):
        assert evidence.get("anchor"), "a paraphrase needs an anchor"
        assert fold(evidence["anchor"]) in seed, "the anchor is not verbatim in the seed"
    else:
        assert "anchor" not in evidence, "an anchor is only for a paraphrase"
        assert fold(evidence["finding"]) in seed, "the finding is not verbatim in the seed"


@pytest.mark.parametrize("question", PARAPHRASES, ids=[q["id"] for q in PARAPHRASES])
def test_every_paraphrase_has_an_anchor(question: dict[str, Any]) -> None:
    assert str(question["evidence"].get("anchor", "")).strip()


@needs_seeds
@pytest.mark.parametrize("benchmark", BENCHMARKS, ids=[b["id"] for b in BENCHMARKS])
def test_benchmark_quote_is_verbatim_in_its_seed(benchmark: dict[str, Any]) -> None:
    source = SOURCES[benchmark["source"]]
    assert fold(benchmark["quote"]) in seed_text(source["file"])


@pytest.mark.parametrize("benchmark", BENCHMARKS, ids=[b["id"] for b in BENCHMARKS])
def test_benchmark_value_appears_in_its_quote(benchmark: dict[str, Any]) -> None:
    quote = fold(benchmark["quote"])
    words = benchmark.get("value_words")
    if words:
        assert fold(words) in quote, "value_words are not in the quote"
        return
    spellings = value_spellings(benchmark["value"])
    assert any(spelling in quote for spelling in spellings), spellings


@pytest.mark.parametrize("benchmark", BENCHMARKS, ids=[b["id"] for b in BENCHMARKS])
def test_share_statements_read_after_their_respondents(benchmark: dict[str, Any]) -> None:
    source = SOURCES[benchmark["source"]]
    statement = benchmark["statement"]
    assert not statement.startswith("Context:")
    if benchmark.get("context"):
        assert statement[0].isupper() and statement.endswith("."), "a context figure is a sentence"
        return
    assert benchmark["unit"] == "percent"
    assert source.get("respondents"), "a survey source needs 'respondents'"
    assert statement[0].islower() and not statement.endswith("."), "a predicate, not a sentence"
    assert not statement.lower().startswith(("practices", "of practices")), "people answered"
    assert "national survey" not in statement.lower(), "say 'published surveys'"
    if benchmark.get("value_is_lower_bound"):
        assert benchmark.get("value_words"), "a lower bound is printed in words"


@pytest.mark.parametrize("question", LINKED, ids=[q["id"] for q in LINKED])
def test_benchmark_link_resolves_and_matches_choices(question: dict[str, Any]) -> None:
    link = question["benchmark"]
    assert link["id"] in {b["id"] for b in BENCHMARKS}
    values = {c["value"] for c in question.get("choices") or []}
    for value in link.get("matches", []):
        assert value in values, f"'{value}' is not a choice"


@pytest.mark.parametrize("question", WITH_COMPLEMENT, ids=[q["id"] for q in WITH_COMPLEMENT])
def test_complement_is_every_other_choice(question: dict[str, Any]) -> None:
    link = question["benchmark"]
    others = [
        c["value"]
        for c in question["choices"]
        if c["value"] not in link["matches"] and not c.get("not_applicable", False)
    ]
    assert sorted(link["complement"]) == sorted(others)


@pytest.mark.parametrize("question", CONTEXT, ids=[q["id"] for q in CONTEXT])
def test_context_questions_are_never_scored(question: dict[str, Any]) -> None:
    assert all("score" not in choice for choice in question.get("choices") or [])
    for key in ("ranges", "recommendations", "weight", "quick"):
        assert key not in question, f"a context question has no '{key}'"


@pytest.mark.parametrize("question", SCORED, ids=[q["id"] for q in SCORED])
def test_scored_choices_carry_scores(question: dict[str, Any]) -> None:
    for choice in question.get("choices") or []:
        assert 0 <= float(choice["score"]) <= 1, choice["value"]


def test_thirty_to_forty_scored_questions() -> None:
    assert 30 <= len(SCORED) <= 40, [q["id"] for q in SCORED]


@pytest.mark.parametrize("domain", DOMAINS, ids=[d["id"] for d in DOMAINS])
def test_one_to_three_quick_questions_per_domain(domain: dict[str, Any]) -> None:
    quick = [q for q in domain["questions"] if q.get("quick")]
    assert 1 <= len(quick) <= 3, [q["id"] for q in quick]
    assert all(is_scored(q) for q in quick), "quick questions must be scored"
