"""Where a practice stands beside a survey figure, and the sentence that says it: the one rule
(issue 8 §1), checked over every bundled link and choice with generated figures, and the
hard cases pinned as whole sentences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from readiness.figures import (
    STANDING_TEXT,
    STANDINGS,
    figure_sentence,
    standing,
    standing_text,
)
from readiness.questionnaire.model import (
    Benchmark,
    BenchmarkLink,
    Question,
    Questionnaire,
    Source,
    wilson_interval,
)
from readiness.scoring import in_complement, matches_group

SOURCE = Source(
    id="poll",
    file="000.txt",
    publisher="Guidelines in Practice (Medscape UK)",
    title="Poll",
    published="2021-08-02",
    sampled="GPs and healthcare professionals",
    fieldwork="24 June to 7 July 2021",
    sample_size=270,
    respondents="270 GPs and healthcare professionals who answered an online poll",
)


def linked_questions(questionnaire: Questionnaire) -> list[Question]:
    return [
        q for q in questionnaire.questions if q.benchmark is not None and q.choices and q.scored
    ]


# ------------------------------------------------------------------ the rule, as properties


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_standing_follows_the_rule_for_every_bundled_link_and_choice(
    questionnaire: Questionnaire, data: st.DataObject
) -> None:
    """For any figure (value, sample, bound or not) and any split of a bundled question's
    choices into the reported group, its complement and the rest, each choice's standing
    is what §1 says, and nothing else."""
    question = data.draw(st.sampled_from(linked_questions(questionnaire)))
    values = [choice.value for choice in question.choices if not choice.not_applicable]
    sides = data.draw(
        st.lists(st.sampled_from(("group", "complement", "rest")), min_size=len(values),
                 max_size=len(values))
    )  # fmt: skip
    matches = tuple(v for v, side in zip(values, sides, strict=True) if side == "group")
    # A complement is declared only as the whole rest of a binary question, or not at all.
    binary = data.draw(st.booleans())
    complement = tuple(v for v in values if v not in matches) if binary else ()
    value = data.draw(st.floats(min_value=0, max_value=100, allow_nan=False).map(round))
    n = data.draw(st.integers(min_value=10, max_value=5000))
    lower = data.draw(st.booleans())
    benchmark = Benchmark(
        id="figure",
        source=replace(SOURCE, sample_size=n),
        statement="said so",
        value=float(value),
        unit="percent",
        quote="",
        value_is_lower_bound=lower,
    )
    link = BenchmarkLink("figure", matches=matches, complement=complement)
    linked = replace(question, benchmark=link)
    ci95 = benchmark.ci95
    assert (ci95 is None) == lower  # a bound has no interval
    for chosen in values:
        found = standing(
            matches=matches_group(linked, chosen),
            value=benchmark.value,
            unit=benchmark.unit,
            ci95=ci95,
            in_complement=in_complement(linked, chosen),
            lower_bound=lower,
        )
        assert found in STANDINGS
        assert found == _by_the_rule(chosen in matches, chosen in complement, value, ci95, lower)


def _by_the_rule(
    in_group: bool, in_rest: bool, value: float, ci95: tuple[float, float] | None, lower: bool
) -> str:
    """§1 written out case by case, for the property above."""
    if lower:  # "more than X%": the share lies above the bound
        if value < 50:
            return "not_reported"  # above 20% could be anything
        return "majority" if in_group else "minority"
    assert ci95 is not None
    low, high = ci95
    if in_group:
        return "majority" if low > 50 else "minority" if high < 50 else "about_half"
    if in_rest:  # a binary question: everyone else gave this answer
        return "majority" if high < 50 else "minority" if low > 50 else "about_half"
    return "minority" if low > 50 else "not_reported"


@given(
    value=st.floats(min_value=0, max_value=100, allow_nan=False),
    matches=st.none() | st.booleans(),
)
def test_figures_that_are_not_shares_of_respondents_are_context(
    value: float, matches: bool | None
) -> None:
    assert standing(matches=matches, value=value, unit="patients per GP", ci95=None) == "context"
    assert (
        standing(matches=matches, value=value, unit="percent", ci95=None, context=True) == "context"
    )


def test_no_usable_answer_has_no_standing() -> None:
    assert standing(matches=None, value=75, unit="percent", ci95=(69.5, 79.8)) is None
    assert standing_text(None) == "No answer to compare"


def test_every_standing_has_its_words_in_one_place() -> None:
    assert set(STANDING_TEXT) == set(STANDINGS)
    assert STANDING_TEXT["not_reported"] == "The survey did not report how many gave this answer"


# ------------------------------------------------------------------ the hard cases, pinned


def test_never_beside_twelve_percent_always_involved_is_not_reported() -> None:
    ci95 = wilson_interval(0.12, 200)
    assert standing(matches=False, value=12, unit="percent", ci95=ci95) == "not_reported"


def test_recruiting_beside_seventy_five_percent_appointed_is_a_minority() -> None:
    ci95 = wilson_interval(0.75, 270)
    found = standing(matches=False, value=75, unit="percent", ci95=ci95, in_complement=True)
    assert found == "minority"


def test_clear_beside_more_than_half_unclear_is_a_minority_with_no_interval() -> None:
    found = standing(matches=False, value=50, unit="percent", ci95=None, lower_bound=True)
    assert found == "minority"
    assert standing(matches=True, value=50, unit="percent", ci95=None, lower_bound=True) == (
        "majority"
    )


def test_forty_eight_percent_with_an_interval_spanning_half_is_about_half() -> None:
    ci95 = wilson_interval(0.48, 270)
    assert ci95[0] < 50 < ci95[1]
    assert standing(matches=True, value=48, unit="percent", ci95=ci95) == "about_half"


def test_a_sentence_names_its_respondents_and_date() -> None:
    sentence = figure_sentence(
        statement="said their practice had already appointed clinical pharmacists",
        value=75,
        unit="percent",
        when="24 June to 7 July 2021",
        respondents="270 GPs and healthcare professionals who answered an online poll",
        sample_size=270,
        sampled="GPs and healthcare professionals",
    )
    assert sentence == (
        "75% of 270 GPs and healthcare professionals who answered an online poll "
        "(24 June to 7 July 2021) said their practice had already appointed clinical "
        "pharmacists."
    )


def test_a_lower_bound_reads_more_than_half() -> None:
    sentence = figure_sentence(
        statement="said they were unclear about the function of PCNs in ICSs",
        value=50,
        unit="percent",
        when="published 27 May 2021",
        respondents=None,
        sample_size=200,
        sampled="primary care leaders",
        is_minimum=True,
        lower_bound=True,
        value_words="more than half",
    )
    assert sentence == (
        "More than half of more than 200 primary care leaders (published 27 May 2021) "
        "said they were unclear about the function of PCNs in ICSs."
    )


def test_a_context_figure_is_its_own_sentence() -> None:
    sentence = figure_sentence(
        statement="The committee used a limit of 2,500 patients per GP as an example",
        value=2500,
        unit="patients per GP",
        when="published 2022",
        respondents=None,
        sample_size=None,
        sampled="committee report",
        context=True,
    )
    assert sentence == "The committee used a limit of 2,500 patients per GP as an example."


@pytest.mark.parametrize("value", [0.0, 100.0])
def test_extreme_figures_still_follow_the_rule(value: float) -> None:
    ci95 = wilson_interval(value / 100, 270)
    expected = "majority" if value == 100 else "minority"
    assert standing(matches=True, value=value, unit="percent", ci95=ci95) == expected
