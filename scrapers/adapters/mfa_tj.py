"""Tajikistan, mfa.tj: an HTML listing of `<a>` + teaser + `span.date` "DD.MM.YYYY HH:MM"
(Dushanbe, UTC+5) and `/{lang}/main/view/<id>/<slug>` articles.

The language editions number their articles separately, so no id joins them: there is no story
key, and the archive links versions only when their text is identical. The listing's date and
time are kept (published_source "listing") when the article page shows only a date.
"""

from __future__ import annotations

from scrapers.adapters.base import Adapter


class MfaTj(Adapter):
    name = "mfa_tj"
    parser_version = "1"


ADAPTER = MfaTj()
