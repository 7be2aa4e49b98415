"""Past assessments in the results store, and how each domain changed since the one before.

The engine behind ``readiness history``, and the one search for "the result
before this one" that reports use too. Results are grouped by practice (ODS
code, else name) and respondent, so that a GP partner's answers are never
set against the practice manager's as if they were a change over time. Each
assessment's domain scores are set beside the previous assessment's for the
same practice and respondent. Pure: returns frozen records, never prints.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from msgspec import Struct

from readiness.errors import ReadinessError
from readiness.questionnaire.answers import ODS_PRACTICE_CODE
from readiness.results.diff import change_points
from readiness.results.fast import DomainInfo, Scanned, Skipped, scan
from readiness.results.identity import practice_key, respondent_key, time_key
from readiness.results.record import ResultFile, read_result
from readiness.scoring import band_for


class Change(Struct, frozen=True):
    """A score (None: not enough answers, or not asked) and its change since the previous one."""

    score: float | None
    change: float | None  # None for the first assessment, or when either score is missing


class Assessment(Struct, frozen=True):
    file: str  # the result file, as found
    created_at: str
    questionnaire: str  # id and version
    overall: Change
    band_label: str | None
    domains: tuple[Change, ...]  # in the order of Track.domains


class Track(Struct, frozen=True):
    """One practice's assessments by one respondent, oldest first."""

    name: str | None
    ods_code: str | None
    pcn: str | None
    respondent: str | None
    domains: tuple[DomainInfo, ...]
    assessments: tuple[Assessment, ...]

    @property
    def label(self) -> str:
        return self.name or self.ods_code or "Unnamed practice"


class History(Struct, frozen=True):
    tracks: tuple[Track, ...]
    skipped: tuple[Skipped, ...]
    files_read: int


def history(files: Sequence[Path], *, practice: str | None = None) -> History:
    """Every practice's assessments (or only those of ``practice``: ODS code or name)."""
    scanned, unreadable = scan(files)
    skipped = tuple(
        Skipped(str(item.path), tuple(p.detail() for p in item.problems)) for item in unreadable
    )
    tracks = [_track(items) for items in _grouped(scanned).values()]
    if practice is not None:
        tracks = _only(tracks, practice)
    tracks.sort(key=lambda t: (t.label.casefold(), t.ods_code or "", t.respondent or ""))
    return History(tuple(tracks), skipped, len(files))


def _grouped(items: Sequence[Scanned]) -> dict[tuple[object, ...], list[Scanned]]:
    groups: dict[tuple[object, ...], list[Scanned]] = defaultdict(list)
    for item in items:
        groups[
            (
                practice_key(item.ods_code, item.name) or ("file", item.path),
                respondent_key(item.respondent),
            )
        ].append(item)
    return groups


def _only(tracks: list[Track], wanted: str) -> list[Track]:
    code = wanted.strip().upper()
    if ODS_PRACTICE_CODE.match(code):
        found = [track for track in tracks if (track.ods_code or "").upper() == code]
    else:
        words = " ".join(wanted.casefold().split())
        found = [track for track in tracks if words in " ".join(track.label.casefold().split())]
    if found:
        return found
    known = sorted({f"{t.label} ({t.ods_code})" if t.ods_code else t.label for t in tracks})
    listed = ", ".join(known[:10]) + (", …" if len(known) > 10 else "")
    raise ReadinessError(
        f"No saved assessment is for '{wanted.strip()}'.",
        hint=f"Saved practices: {listed}."
        if known
        else "There are no saved assessments yet: run 'readiness assess' first.",
    )


def _track(items: list[Scanned]) -> Track:
    items.sort(key=lambda item: (time_key(item.created_at), item.number))
    newest = items[-1]
    titles: dict[str, str] = {}
    for item in reversed(items):  # the newest title of each domain, in the newest order
        for domain in item.domains:
            titles.setdefault(domain.id, domain.title)
    domains = tuple(DomainInfo(key, title) for key, title in titles.items())
    assessments: list[Assessment] = []
    previous: Scanned | None = None
    for item in items:
        assessments.append(_assessment(item, previous, domains))
        previous = item
    return Track(
        newest.name, newest.ods_code, newest.pcn, newest.respondent, domains, tuple(assessments)
    )


def _assessment(
    item: Scanned, previous: Scanned | None, domains: Sequence[DomainInfo]
) -> Assessment:
    now, before = _scores(item), _scores(previous) if previous is not None else {}
    overall_before = previous.overall if previous is not None else None
    band = _band_label(item)
    return Assessment(
        file=item.path,
        created_at=item.created_at,
        questionnaire=item.questionnaire.label(),
        overall=_change(item.overall, overall_before),
        band_label=band,
        domains=tuple(_change(now.get(info.id), before.get(info.id)) for info in domains),
    )


def _scores(item: Scanned) -> dict[str, float | None]:
    return {d.id: d.score if d.enough_answers else None for d in item.domains}


def _change(score: float | None, before: float | None) -> Change:
    return Change(score, change_points(before, score))


def _band_label(item: Scanned) -> str | None:
    band = band_for(item.bands, item.overall)
    return band.label if band is not None else None


def latest_earlier(result: ResultFile, files: Sequence[Path]) -> ResultFile | None:
    """The latest result in ``files`` made before ``result`` by the same respondent for the
    same practice with the same questionnaire: the one "change since last time" is from.

    Files are read by the fast reader (bounded, and only regular files); a damaged or
    foreign file in the store is passed over rather than stopping the report.
    """
    wanted = practice_key(result.practice.ods_code, result.practice.name)
    if wanted is None:
        return None
    who = respondent_key(result.practice.respondent)
    before = time_key(result.created_at)
    scanned, _unreadable = scan(files)
    candidates = sorted(
        (
            item
            for item in scanned
            if item.questionnaire.id == result.questionnaire.id
            and practice_key(item.ods_code, item.name) == wanted
            and respondent_key(item.respondent) == who
            and time_key(item.created_at) < before
        ),
        key=lambda item: (time_key(item.created_at), item.path),
        reverse=True,
    )
    for item in candidates:
        try:
            return read_result(Path(item.path))
        except ReadinessError:
            continue
    return None
