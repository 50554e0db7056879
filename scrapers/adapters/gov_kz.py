"""Kazakhstan, gov.kz (entity "mfa"): read the portal's data API, not its JavaScript shell.

GraphQL `news(projects: "EQ:mfa", ...)` first, REST `content-manager/news` second. Two JSON shapes
are reported (a bare array, or `{"content": [...]}`; `title` or `name`; `created_date` or
`createdDate`) and both are read. The API already carries each article's full body, so the stored
document of an article is its own JSON object from the API page (sorted keys, UTF-8): no detail
page is fetched, and re-parsing needs only that object. When the API demands the `hash`/`token`
headers the site's own JavaScript computes, the language is reported `blocked` with the API's
words, never as an empty night.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from carta.core.documents import ListingItem, ParsedArticle
from scrapers.adapters.base import Adapter, Context, describe, fail_status
from scrapers.config import SourceConfig, absolute
from scrapers.html import Decoding, ParseError, block_text, clean_inline, parse_fragment
from scrapers.http import EXPECT_JSON
from scrapers.when import read_when

# The stored document is the API's JSON object, which is UTF-8 by definition (RFC 8259).
_JSON_TEXT = Decoding("utf-8", "default")
_FIELDS = "id title name slug created_date createdDate heropic body short_description"


def graphql_query(project: str, size: int, page: int, lang: str) -> str:
    """The `news` query as gov.kz's own client writes it (literal arguments, JSON-quoted)."""
    return (
        "query { news("
        f"projects: {json.dumps('EQ:' + project)}, _size: {int(size)}, _page: {int(page)}, "
        f'_sort: "created_date:DESC", _lang: {json.dumps(lang)}'
        f") {{ {_FIELDS} }} }}"
    )


def _items(data: Any) -> list[dict[str, Any]] | None:
    """The list of news objects in either reported shape, or None if neither."""
    if isinstance(data, dict) and "data" in data:
        data = data["data"]
        if isinstance(data, dict):
            data = data.get("news", data)
    if isinstance(data, dict):
        for key in ("content", "items", "results", "news"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    if isinstance(data, list) and all(isinstance(x, dict) for x in data):
        return data
    return None


def _created(item: dict[str, Any]) -> str | None:
    for key in ("created_date", "createdDate", "published_date", "publishedDate"):
        value = item.get(key)
        if isinstance(value, str) and value:
            return value
    return None


class GovKz(Adapter):
    name = "gov_kz"
    parser_version = "1"

    def item_url(self, source: SourceConfig, item_id: object, language: str) -> str:
        assert source.api is not None
        path = source.api.article_url.format(id=item_id, lang=language)
        return absolute(source.base_url, path)

    def parse_listing(
        self,
        raw: bytes,
        url: str,
        source: SourceConfig,
        *,
        language: str,
        content_type: str | None = None,
    ) -> list[ListingItem]:
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ParseError(f"API answer is not JSON: {exc}") from exc
        items = _items(data)
        if items is None:
            errors = data.get("errors") if isinstance(data, dict) else None
            if errors:
                raise ParseError(f"API errors: {json.dumps(errors, ensure_ascii=False)[:300]}")
            raise ParseError(
                "API answer holds no news list (neither an array nor {content: [...]})"
            )
        out: list[ListingItem] = []
        for item in items:
            item_id = item.get("id")
            if item_id is None:
                continue
            title = item.get("title") or item.get("name")
            published, at = read_when(_created(item), tz=source.timezone, source="api")
            out.append(
                ListingItem(
                    url=self.item_url(source, item_id, language),
                    language=language,
                    title=str(title) if title else None,
                    published=published,
                    published_at=at,
                    story_key=f"{source.id}:{item_id}",
                    payload=json.dumps(item, ensure_ascii=False, sort_keys=True).encode("utf-8"),
                    payload_type="application/json",
                )
            )
        return out

    def parse_article(
        self,
        raw: bytes,
        url: str,
        source: SourceConfig,
        listing_item: ListingItem | None = None,
        *,
        language: str | None = None,
        content_type: str | None = None,
    ) -> ParsedArticle:
        try:
            item = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ParseError(f"stored API object is not JSON: {exc}") from exc
        if not isinstance(item, dict):
            raise ParseError("stored API object is not a JSON object")
        language = language or self.language_of(source, url)
        title = item.get("title") or item.get("name")
        published, at = read_when(_created(item), tz=source.timezone, source="api")
        body_html = item.get("body") or ""
        body = block_text(parse_fragment(str(body_html))) if body_html else ""
        if not body and item.get("short_description"):
            body = clean_inline(str(item["short_description"]))
        item_id = item.get("id")
        return self._finish(
            source,
            url,
            language,
            clean_inline(str(title)) if title else None,
            published,
            at,
            "api" if published else None,
            body,
            None,
            [],
            story_key=f"{source.id}:{item_id}" if item_id is not None else None,
            decoding=_JSON_TEXT,
        )

    def read_language(self, ctx: Context, language: str) -> None:
        src = ctx.source
        api = src.api
        assert api is not None
        out = ctx.lang(language)
        lang = src.languages[language].api_lang or language
        if ctx.mode == "check":
            limit = 1
        elif ctx.mode == "backfill":
            limit = src.incremental.backfill_max_pages
        else:
            limit = src.incremental.max_pages
        items: list[ListingItem] = []
        use_rest = not api.graphql_path
        known_seen = 0
        cutoff = self._cutoff(ctx)
        for page in range(1, limit + 1):
            page_items: list[ListingItem] | None = None
            if not use_rest and api.graphql_path:
                gql = absolute(src.base_url, api.graphql_path)
                query = graphql_query(api.project, api.page_size, page, lang)
                resp = ctx.http.post_json(gql, {"query": query}, purpose="api", language=language)
                why = describe(resp)
                if resp.ok and resp.body is not None:
                    try:
                        page_items = self.parse_listing(resp.body, gql, src, language=language)
                    except ParseError as exc:
                        why = f"{exc} at {gql}"
                if page_items is None:
                    use_rest = True
                    if resp.outcome == "blocked":
                        ctx.bump("blocked")
                    out.notes.append(f"GraphQL: {why}" + (", trying REST" if api.rest_path else ""))
                    if not api.rest_path:
                        out.status = fail_status(resp) if not resp.ok else "layout_changed"
                        break
            if page_items is None and api.rest_path:
                query_string = urlencode(
                    {
                        "sort-by": "created_date:DESC",
                        "projects": f"eq:{api.project}",
                        "page": page,
                        "size": api.page_size,
                        "lang": lang,
                    }
                )
                rest = absolute(src.base_url, api.rest_path) + "?" + query_string
                resp = ctx.http.get(
                    rest,
                    purpose="api",
                    language=language,
                    expect=EXPECT_JSON,
                    headers={"Accept-Language": lang, "Accept": "application/json"},
                    validators=ctx.state.validators.get(rest),
                )
                if resp.outcome == "not_modified":
                    break  # unchanged since the last run: nothing new on it, nor after it
                if resp.ok and resp.body is not None:
                    try:
                        page_items = self.parse_listing(resp.body, rest, src, language=language)
                    except ParseError as exc:
                        out.notes.append(f"REST: {exc} at {rest}")
                        if page == 1:
                            out.status = "layout_changed"
                        break
                else:
                    if resp.outcome == "blocked":
                        ctx.bump("blocked")
                    out.notes.append(f"REST: {describe(resp)}")
                    if page == 1:
                        out.status = fail_status(resp)
                    break
            if not page_items:
                break
            have = {x.url for x in items}
            fresh = [i for i in page_items if i.url not in have]
            if not fresh:
                break
            items.extend(fresh)
            known_seen += sum(1 for i in page_items if self._known(ctx, i))
            if len(page_items) < api.page_size or self._stop_paging(
                ctx, page_items, known_seen, cutoff
            ):
                break
        if items:
            self.fetch_articles(ctx, language, items)


ADAPTER = GovKz()
