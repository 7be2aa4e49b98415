"""The bundled questionnaire: valid, evidence-linked, and true to the seed documents."""

from __future__ import annotations

import re

import pytest

from helpers.paths import SEEDS
from readiness.interview.session import estimate
from readiness.questionnaire.load import load_questionnaire
from readiness.questionnaire.locate import bundled_root
from readiness.questionnaire.model import Questionnaire

TERMS = {
    "PCN": "primary care network",
    "ICS": "integrated care system",
    "ICB": "integrated care board",
    "ARRS": "additional roles reimbursement scheme",
    "DES": "directed enhanced service",
    "INT": "integrated neighbourhood team",
}


def normalised(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").split()).lower()


def test_bundled_questionnaire_validates_fully() -> None:
    loaded = load_questionnaire(bundled_root() / "integration-readiness", use_cache=False)
    assert {"funding", "time", "workforce", "representation"} <= {d.id for d in loaded.domains}
    for domain in loaded.domains:
        assert 6 <= len(domain.questions) <= 10, domain.id


def test_cached_records_are_the_checked_records() -> None:
    fresh = load_questionnaire(use_cache=False)
    load_questionnaire()  # fills the cache
    assert load_questionnaire() == fresh


def test_every_question_cites_a_seed_and_finding(questionnaire: Questionnaire) -> None:
    seed_names = {p.name for p in SEEDS.glob("*.txt")} if SEEDS.is_dir() else None
    for question in questionnaire.questions:
        assert question.evidence.finding.strip(), question.id
        if seed_names is not None:
            assert question.evidence.source in seed_names, question.id


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not beside this checkout")
def test_every_benchmark_quote_is_in_its_seed(questionnaire: Questionnaire) -> None:
    for benchmark in questionnaire.benchmarks:
        seed = normalised((SEEDS / benchmark.source.file).read_text(encoding="utf-8"))
        assert normalised(benchmark.quote) in seed, benchmark.id


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not beside this checkout")
def test_every_benchmark_value_appears_in_its_quote(questionnaire: Questionnaire) -> None:
    for benchmark in questionnaire.benchmarks:
        if benchmark.value_words:  # "more than half": the words are in the quote, not 50
            assert benchmark.value_words in benchmark.quote, benchmark.id
            continue
        digits = re.sub(r"[,\s]", "", benchmark.quote)
        assert f"{benchmark.value:g}" in digits, benchmark.id


def test_percentages_with_samples_have_intervals(questionnaire: Questionnaire) -> None:
    for benchmark in questionnaire.benchmarks:
        if benchmark.value_is_lower_bound or benchmark.context:
            # A bound has no interval around it, and context is not a survey share.
            assert benchmark.ci95 is None, benchmark.id
        elif benchmark.unit == "percent" and benchmark.effective_sample_size:
            assert benchmark.ci95 is not None
            low, high = benchmark.ci95
            assert low <= benchmark.value <= high


def test_every_benchmark_link_resolves(questionnaire: Questionnaire) -> None:
    linked = [q for q in questionnaire.questions if q.benchmark]
    assert linked
    for question in linked:
        assert question.benchmark is not None
        assert questionnaire.benchmark(question.benchmark.benchmark_id) is not None


def test_vague_sample_is_marked(questionnaire: Questionnaire) -> None:
    confed = [b for b in questionnaire.benchmarks if b.source.sample_size_is_minimum]
    assert confed and all(b.source.sample_size == 200 for b in confed)
    assert all("more than 200" in (b.source.sample_size_note or "") for b in confed)


@pytest.mark.parametrize(("term", "expansion"), TERMS.items())
def test_terms_are_explained_where_first_used(
    questionnaire: Questionnaire, term: str, expansion: str
) -> None:
    pattern = re.compile(rf"\b{term}s?\b")
    first = next(
        (q for q in questionnaire.questions if pattern.search(q.text) or pattern.search(q.help)),
        None,
    )
    if first is None:
        pytest.skip(f"{term} is not used")
    assert expansion in normalised(f"{first.text} {first.help}"), first.id


def test_glossary_covers_the_terms(questionnaire: Questionnaire) -> None:
    terms = {t.term.split()[0].upper() for t in questionnaire.glossary}
    assert set(TERMS) <= terms


def test_the_time_the_questionnaire_promises_is_the_interview_estimate(
    questionnaire: Questionnaire,
) -> None:
    # The interview's estimate (about 20 seconds a question) falls in the range the
    # questionnaire's description promises ("15 to 25 minutes").
    _count, minutes = estimate(questionnaire, [d.id for d in questionnaire.domains])
    low, high = (
        int(n) for n in re.findall(r"(\d+) to (\d+) minutes", questionnaire.description)[0]
    )
    assert low <= minutes <= high
