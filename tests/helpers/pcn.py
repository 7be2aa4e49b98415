"""The fixture PCN (tests/fixtures/pcn): its folder, every identifying word in it, a copy."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers.paths import PCN_FOLDER

__all__ = ["IDENTIFYING", "PCN_FOLDER", "copy_pcn"]

# Every name, ODS code, PCN, respondent and file name in the fixture PCN.
IDENTIFYING = (
    "Riverside",
    "Hillcrest",
    "Meadow Lane",
    "Oak Tree",
    "Brookside",
    "Z00001",
    "Z00002",
    "Z00003",
    "Z00004",
    "Z00005",
    "Valley",
    "Practice manager",
    "Practice Manager",
    "GP partner",
    "Operations manager",
    "hillcrest-october",
    "riverside-gp-partner",
    "meadow-lane",
    "oak-tree",
    "brookside",
    "fixtures",
)


def copy_pcn(tmp_path: Path) -> Path:
    folder = tmp_path / "pcn"
    folder.mkdir()
    for path in PCN_FOLDER.glob("*.json"):
        shutil.copy(path, folder / path.name)
    return folder
