"""A workbook's bytes, the same every time for the same content and moment.

The answer form and the comparison workbook are both stamped with a moment of their
own (when the form was made, the newest result compared) rather than the time they
happen to be written, so the same input gives the same file, and a form's "last
saved" time stays the one it was made with until someone saves it.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any


def workbook_bytes(workbook: Any, moment: datetime) -> bytes:
    """``workbook`` (openpyxl) as .xlsx bytes, its properties and parts stamped ``moment``."""
    from openpyxl.writer.excel import ExcelWriter

    naive = moment.replace(tzinfo=None, microsecond=0)
    workbook.properties.created = naive
    workbook.properties.modified = naive
    workbook.properties.creator = "readiness"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # ExcelWriter rather than workbook.save, which stamps "modified" with the time now.
        ExcelWriter(workbook, archive).save()
    return _fixed_times(buffer.getvalue(), naive)


def _fixed_times(data: bytes, moment: datetime) -> bytes:
    """The zip again, with every part stamped ``moment`` instead of the time it was written."""
    stamp = (
        max(moment.year, 1980),
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
    )
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return output.getvalue()
