"""Sharing work among forked processes: slices, worker counts, order kept, and falling back."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness import parallel


@given(st.lists(st.integers(), max_size=50), st.integers(1, 12))
def test_split_keeps_every_item_in_order_in_near_equal_slices(items: list[int], parts: int) -> None:
    slices = parallel.split(items, parts)
    assert [item for part in slices for item in part] == items
    assert all(slices) and len(slices) <= parts
    if slices:
        assert max(map(len, slices)) - min(map(len, slices)) <= len(slices[0])


def test_worker_count_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("readiness.parallel.os.cpu_count", lambda: 2)
    assert parallel.worker_count(399, minimum=400) == 1
    assert parallel.worker_count(6500, minimum=400) == 2
    assert parallel.worker_count(3, minimum=400, forced=True) == 2
    assert parallel.worker_count(1, minimum=1, forced=True) == 1
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    assert parallel.worker_count(6500, minimum=400) == 1


def doubled(chunk: Sequence[int]) -> list[int]:
    return [2 * item for item in chunk]


@pytest.mark.skipif(not parallel.can_fork(), reason="needs fork")
def test_map_chunks_in_processes_keeps_the_order() -> None:
    chunks = parallel.split(list(range(100)), 7)
    assert parallel.map_chunks(doubled, chunks, workers=2) == [2 * n for n in range(100)]


def test_map_chunks_works_here_when_no_process_can_start(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("no processes")

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", refuse)
    chunks = parallel.split(list(range(10)), 3)
    assert parallel.map_chunks(doubled, chunks, workers=2) == [2 * n for n in range(10)]


def test_can_fork_needs_no_multiprocessing_import() -> None:
    """Deciding whether to fork must not import multiprocessing (20 ms on every command)."""
    import subprocess
    import sys

    code = "import sys; from readiness import parallel; parallel.can_fork(); "
    code += "print('multiprocessing' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False"
