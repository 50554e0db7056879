"""Russia, mid.ru: RSS feeds plus page 1 of the news listing, and two article layouts.

robots.txt is reported to forbid `?PAGEN_1` paging, so a backfill reaches only what the feed and
page 1 hold and says so. The ru and en versions of a statement share the numeric id (and the
document number), so the id is the story key that joins them.
"""

from __future__ import annotations

import re

from carta.core.dates import PartialDate
from scrapers.adapters.base import Adapter

_DOC_NUMBER = re.compile(r"(?<!\d)(\d{1,5})-(\d{2})-(\d{2})-(\d{4})(?!\d)")


class MidRu(Adapter):
    name = "mid_ru"
    parser_version = "1"

    def doc_number(self, text: str) -> str | None:
        """`1348-20-08-2025`: running number, then the day it was issued."""
        m = _DOC_NUMBER.search(text)
        return m.group(0) if m else None

    def date_from_doc_number(self, number: str) -> PartialDate | None:
        m = _DOC_NUMBER.search(number)
        if not m:
            return None
        day, month, year = int(m.group(2)), int(m.group(3)), int(m.group(4))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        return PartialDate(year, month, day, "selector", number)


ADAPTER = MidRu()
