"""The comparison as JSON, for other programs (an ICB dashboard, a notebook).

The structure (``format_version`` 1; docs/compare.md describes every field)::

    {
      "format": "readiness-compare", "format_version": 1, "tool_version": "0.1.0",
      "title": "Riverside Valley PCN", "anonymised": false, "sort": "score",
      "newest_result": "2026-01-14T16:45:00Z", "files_read": 7,
      "questionnaires": ["Integration readiness for GP practices 1.0.0"],
      "bands": [{"id", "label", "min", "max"}],
      "domains": [{"id", "title"}],
      "network": {"domains": [SUMMARY], "overall": SUMMARY},
      "benchmarks": [{"id", "statement", "question", "value", "unit", "ci95",
                      "sample_size", "sample_size_is_minimum", "sampled", "value_note",
                      "source": {...}, "matched", "answered", "practices", "percent", "text"}],
      "notes": ["..."],
      "skipped": [{"file", "reasons": ["..."]}],
      "practices": [{
        "label", "name", "ods_code", "pcn",
        "overall": SCORE, "domains": {"<domain id>": SCORE},
        "benchmarks": [true | false | null, ...],  (in the order of the top "benchmarks")
        "responses": [{"respondent", "created_at", "questionnaire", "file", "current",
                       "overall": SCORE, "domains": {"<domain id>": SCORE}}],
        "agreement": {"<domain id>": {"kind": "agree" | "near" | "split" | "unknown",
                                      "lowest", "highest"}}
      }]
    }

    SCORE   = {"score": 62.5 | null, "band": "<band id>" | null, "coverage": 0.0–1.0}
    SUMMARY = {"id", "title", "median", "lowest", "highest",
               "bands": {"<band id>": count}, "not_enough_answers": count,
               "weak": ["<practice label>"], "barrier": "shared" | "some" | "one" | "none"}

Practices are in the order asked for (``sort``), and come last. Scores are out
of 100, rounded to 0.1. A null ``band`` means not enough answers (less than half
the question weight answered): ``score`` is kept, but counts in no network
figure. Each response carries its own ``overall`` and ``domains`` only when the
practice has more than one (otherwise they are the practice's), and
``agreement`` is empty unless the practice has two or more respondents. No
generation time is written, so the same results give the same bytes. Up to
``COMPACT_OVER`` practices the JSON is indented; above, it is one line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from msgspec.structs import asdict

from readiness import __version__
from readiness.network.records import (
    BenchmarkSummary,
    Cell,
    DomainSummary,
    Entry,
    NetworkComparison,
    PracticeRow,
    Response,
    Round,
)
from readiness.report.network import common as words
from readiness.results.fast import DomainInfo

FORMAT = "readiness-compare"
FORMAT_VERSION = 1


def render(comparison: NetworkComparison) -> str:
    """Indented JSON; compact (one line) for more than ``COMPACT_OVER`` practices."""
    if len(comparison.practices) <= COMPACT_OVER:
        data = to_data(comparison)
        return json.dumps(data, indent=2, **_ENCODING) + "\n"
    head = json.dumps(to_data(comparison, practices=False), **_COMPACT)
    # "practices" is the last key: its list is written apart, straight to text.
    return f'{head[:-1]},"practices":{_practices_text(comparison)}}}\n'


# Above this, indenting makes the file several times bigger and slower to write.
COMPACT_OVER = 500
# No reference cycles are possible (score objects are shared, never nested in themselves),
# so the encoder need not look for them.
_ENCODING: dict[str, Any] = {"ensure_ascii": False, "allow_nan": False, "check_circular": False}
# Compact output has no spaces at all: half the encoding time of ", " and ": ".
_COMPACT: dict[str, Any] = {**_ENCODING, "separators": (",", ":")}


def to_data(comparison: NetworkComparison, *, practices: bool = True) -> dict[str, object]:
    bands = comparison.bands
    data: dict[str, object] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "tool_version": __version__,
        "title": comparison.title,
        "anonymised": comparison.anonymised,
        "sort": comparison.sort,
        "newest_result": comparison.newest,
        "files_read": comparison.files_read,
        "questionnaires": list(comparison.questionnaires),
        "bands": [{"id": b.id, "label": b.label, "min": b.min, "max": b.max} for b in bands],
        "domains": [{"id": info.id, "title": info.title} for info in comparison.domains],
        "network": {
            "domains": [_summary(comparison, summary) for summary in comparison.network],
            "overall": _summary(comparison, comparison.overall),
        },
        "benchmarks": [_benchmark(item) for item in comparison.benchmarks],
        "notes": words.note_texts(comparison),
        "skipped": [
            {"file": item.file, "reasons": list(item.reasons)} for item in comparison.skipped
        ],
    }
    if comparison.collection is not None:
        data["collection_round"] = _collection(comparison.collection)
    data.update(_targets_and_plans(comparison))
    if practices:
        scores = _Scores(comparison)
        data["practices"] = [_practice(comparison, scores, row) for row in comparison.practices]
    return data


def _targets_and_plans(comparison: NetworkComparison) -> dict[str, object]:
    """Targets per domain, the shared plans (names only when not anonymised), and notes."""
    data: dict[str, object] = {}
    if words.target_rows(comparison):
        data["targets"] = [
            {
                "domain": item.domain.id,
                "median_now": item.current,
                "median_at_target": item.target,
                "practices_aiming_to_move": item.aiming,
                "practices_with_targets": item.with_targets,
            }
            for item in comparison.targets
        ]
    if comparison.plans is not None:
        plans = comparison.plans
        data["plans"] = {
            "practices_with_plans": plans.practices_with_plans,
            "practices": plans.total,
            "steps": [
                {
                    "step": step.text,
                    "question": step.question or None,
                    "practices": step.practices,
                    "shared_by_more_than_half": step.shared,
                    "earliest_due": step.earliest,
                    "latest_due": step.latest,
                    **({"practice_names": list(step.labels)} if step.labels else {}),
                    "sentence": step.sentence(),
                }
                for step in plans.steps
            ],
        }
    if comparison.answer_notes:
        data["answer_notes"] = [
            {
                "practice": item.label,
                "notes": [{"question": q, "answer": a, "note": n} for q, a, n in item.notes],
            }
            for item in comparison.answer_notes
        ]
    return data


def _collection(collection: Round) -> dict[str, object]:
    def entries(items: Sequence[Entry]) -> list[dict[str, object]]:
        return [{"practice": e.label, "latest": e.when, "results": e.results} for e in items]

    return {
        "summary": words.returned_line(collection),
        "expected": collection.expected,
        "returned": collection.returned,
        "waiting_count": collection.waiting_count,
        "waiting": [entry.label for entry in collection.waiting],
        "not_on_list": entries(collection.unexpected),
        "sent_more_than_once": entries(collection.duplicates),
        "since": collection.since,
        "stale": entries(collection.stale),
        "lines": words.round_lines(collection),
    }


def _practices_text(comparison: NetworkComparison) -> str:
    """The practices as a compact JSON list: the same JSON as ``to_data`` would give."""
    writer = _PracticeWriter(comparison)
    return "[" + ",".join(map(writer.practice, comparison.practices)) + "]"


class _PracticeWriter:
    """Writes practices' compact JSON text straight from cached pieces.

    For all of England this takes a third of the time of building dictionaries for
    ``json.dumps``: a score's text is made once per distinct score (most repeat), and
    every piece of text is escaped by the json module's own function. The tests hold
    its output to ``to_data``'s.
    """

    def __init__(self, comparison: NetworkComparison) -> None:
        self.comparison = comparison
        self.scores = _Scores(comparison)
        self._keys = [_STRING(info.id) + ":" for info in comparison.domains]
        self._cells: dict[Cell, str] = {}

    def cell(self, cell: Cell) -> str:
        text = self._cells.get(cell)
        if text is None:
            text = self._cells[cell] = json.dumps(self.scores.one(cell), **_COMPACT)
        return text

    def domains(self, cells: Sequence[Cell]) -> str:
        parts = map(str.__add__, self._keys, map(self.cell, cells))
        return "{" + ",".join(parts) + "}"

    def practice(self, row: PracticeRow) -> str:
        several = len(row.responses) > 1
        responses = ",".join(self.response(response, several=several) for response in row.responses)
        agreement = (
            json.dumps(_agreement(self.comparison, row), **_COMPACT) if row.agreement else "{}"
        )
        return (
            f'{{"label":{_text(row.label)},"name":{_text(row.name)},'
            f'"ods_code":{_text(row.ods_code)},"pcn":{_text(row.pcn)},'
            f'"overall":{self.cell(row.overall)},"domains":{self.domains(row.domains)},'
            f'"benchmarks":[{",".join(map(_LITERALS.__getitem__, row.benchmarks))}],'
            f'"responses":[{responses}],"agreement":{agreement}}}'
        )

    def response(self, response: Response, *, several: bool) -> str:
        text = (
            f'{{"respondent":{_text(response.respondent)},'
            f'"created_at":{_text(response.created_at)},'
            f'"questionnaire":{_text(response.questionnaire)},"file":{_text(response.file)},'
            f'"current":{_LITERALS[response.current]}'
        )
        if several:
            text += (
                f',"overall":{self.cell(response.overall)},'
                f'"domains":{self.domains(response.domains)}'
            )
        return text + "}"


# The escaping json.dumps itself uses (with ensure_ascii=False), in C.
_STRING: Callable[[str], str] = json.encoder.encode_basestring
_LITERALS = {True: "true", False: "false", None: "null"}


def _text(value: str | None) -> str:
    return "null" if value is None else _STRING(value)


class _Scores:
    """Score objects, made once per distinct cell: most scores repeat across practices."""

    def __init__(self, comparison: NetworkComparison) -> None:
        self.comparison = comparison
        self._ids = [info.id for info in comparison.domains]
        self._made: dict[Cell, dict[str, object]] = {}

    def one(self, cell: Cell) -> dict[str, object]:
        made = self._made.get(cell)
        if made is None:
            band = self.comparison.bands[cell.band].id if cell.band is not None else None
            made = self._made[cell] = {"score": cell.score, "band": band, "coverage": cell.coverage}
        return made

    def domains(self, cells: Sequence[Cell]) -> dict[str, object]:
        return dict(zip(self._ids, map(self.one, cells), strict=True))


def _practice(
    comparison: NetworkComparison, scores: _Scores, row: PracticeRow
) -> dict[str, object]:
    several = len(row.responses) > 1
    return {
        "label": row.label,
        "name": row.name,
        "ods_code": row.ods_code,
        "pcn": row.pcn,
        "overall": scores.one(row.overall),
        "domains": scores.domains(row.domains),
        "benchmarks": list(row.benchmarks),
        "responses": [_response(scores, response, several=several) for response in row.responses],
        "agreement": _agreement(comparison, row),
    }


def _agreement(comparison: NetworkComparison, row: PracticeRow) -> dict[str, object]:
    return {
        info.id: {"kind": agreement.kind, "lowest": agreement.lowest, "highest": agreement.highest}
        # Only practices with two or more respondents have an agreement per domain.
        for info, agreement in zip(comparison.domains, row.agreement, strict=False)
    }


def _response(scores: _Scores, response: Response, *, several: bool) -> dict[str, object]:
    found: dict[str, object] = {
        "respondent": response.respondent,
        "created_at": response.created_at,
        "questionnaire": response.questionnaire,
        "file": response.file,
        "current": response.current,
    }
    if several:
        found["overall"] = scores.one(response.overall)
        found["domains"] = scores.domains(response.domains)
    return found


def _summary(comparison: NetworkComparison, summary: DomainSummary) -> dict[str, object]:
    info: DomainInfo = summary.domain
    return {
        "id": info.id,
        "title": info.title,
        "median": summary.median,
        "lowest": summary.lowest,
        "highest": summary.highest,
        "bands": {
            band.id: count
            for band, count in zip(comparison.bands, summary.band_counts, strict=True)
        },
        "not_enough_answers": summary.not_enough,
        "weak": list(summary.weak),
        "barrier": summary.barrier,
    }


def _benchmark(item: BenchmarkSummary) -> dict[str, object]:
    record = item.record
    return {
        "id": record.id,
        "statement": record.statement,
        "question": record.question,
        "value": record.value,
        "unit": record.unit,
        "value_is_lower_bound": record.value_is_lower_bound,
        "context": record.context,
        "ci95": list(record.ci95) if record.ci95 else None,
        "sample_size": record.sample_size,
        "sample_size_is_minimum": record.sample_size_is_minimum,
        "sampled": record.sampled,
        "value_note": record.value_note,
        "source": asdict(record.source),
        "matched": item.matched,
        "answered": item.answered,
        "practices": item.practices,
        "percent": item.percent,
        # Where a practice in the group stands (figures.standing), the same rule as a report's.
        "standing_in_group": words.group_standing(item),
        "text": words.benchmark_sentence(item),
    }
