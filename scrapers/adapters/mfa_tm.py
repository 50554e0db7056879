"""Turkmenistan, mfa.gov.tm: `/{lang}/news?page=N` listings, `/{lang}/news/<id>` articles dated
DD/MM/YYYY (followed on the page by a view counter, which is outside the text and so never makes
a new revision).

The same release is republished under other ids; the archive matches documents by their text, so a
republication joins the story of the first. An /en/ listing may carry Russian-language items, so
the language of each article is detected (language_source "detected").
"""

from __future__ import annotations

from scrapers.adapters.base import Adapter


class MfaTm(Adapter):
    name = "mfa_tm"
    parser_version = "1"


ADAPTER = MfaTm()
