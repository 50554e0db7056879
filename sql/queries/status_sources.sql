-- How each source is doing, for `carta status` and `carta sources list`.
SELECT source, state, last_success_at, last_new_article_at, docs_7d, errors_7d
FROM source_health ORDER BY source
