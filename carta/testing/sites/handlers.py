"""Dynamic answers of the fixture sites: gov.kz's GraphQL and REST news API."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from carta.testing.sites.messages import Hit, Reply, json_reply


def _news(folder: Path, lang: str) -> list[dict[str, Any]]:
    items = json.loads((folder / "news.json").read_text(encoding="utf-8"))
    out = []
    for item in sorted(items, key=lambda i: i["created_date"], reverse=True):
        out.append(
            {
                "id": item["id"],
                "slug": item["slug"],
                "created_date": item["created_date"],
                "heropic": item["heropic"],
                "title": item["title"][lang],
                "body": item["body"][lang],
                "short_description": None,
            }
        )
    return out


def _page(items: list[dict[str, Any]], page: int, size: int) -> list[dict[str, Any]]:
    return items[(page - 1) * size : page * size]


def gov_kz_graphql(folder: Path, hit: Hit) -> Reply:
    """`{"query": "query { news(projects: \"EQ:mfa\", _size: 20, _page: 1, ..., _lang: \"ru\") {...} }"}`"""  # noqa: E501
    query = json.loads(hit.body or b"{}").get("query", "")
    args = dict(re.findall(r"(\w+):\s*(\"[^\"]*\"|\d+)", query))
    if args.get("projects") != '"EQ:mfa"':
        return json_reply({"data": {"news": []}})
    lang = args.get("_lang", '"ru"').strip('"')
    items = _page(_news(folder, lang), int(args.get("_page", 1)), int(args.get("_size", 20)))
    return json_reply({"data": {"news": items}})


def gov_kz_rest(folder: Path, hit: Hit) -> Reply:
    """The REST shape reported by newer scrapers: {"content": [...]}, `name`, `createdDate`."""
    q = {k: v[0] for k, v in parse_qs(hit.query).items()}
    if q.get("projects") != "eq:mfa":
        return json_reply({"content": [], "totalElements": 0})
    lang = hit.headers.get("Accept-Language", q.get("lang", "ru"))
    items = _news(folder, lang)
    page = _page(items, int(q.get("page", 1)), int(q.get("size", 20)))
    content = [
        {
            "id": i["id"],
            "name": i["title"],
            "createdDate": i["created_date"],
            "body": i["body"],
            "slug": i["slug"],
        }
        for i in page
    ]
    return json_reply({"content": content, "totalElements": len(items)})
