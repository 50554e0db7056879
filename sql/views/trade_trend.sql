-- trade_trend: one row per scope and year of full-year trade in USD.
--
-- Each source states a figure with a qualifier; a figure is read as an interval (exact: the value;
-- about: +-5%; over: the value and up; under: up to the value) and sources conflict when the
-- highest lower bound exceeds the lowest upper bound by more than 1%. The row's value is the most
-- precise statement (exact, then about, then bounds). A reported change against the previous year
-- implies that year's value; when no source reports that year directly it appears as a row with
-- basis = 'implied'.
CREATE OR REPLACE VIEW trade_trend AS
WITH full_year AS (
    SELECT
        f.*,
        coalesce(f.story_id, f.doc_id, f.provenance) AS source_key,
        CASE f.qualifier WHEN 'exact' THEN f.value WHEN 'about' THEN f.value * 0.95
                         WHEN 'over' THEN f.value ELSE 0 END AS lo,
        CASE f.qualifier WHEN 'exact' THEN f.value WHEN 'about' THEN f.value * 1.05
                         WHEN 'under' THEN f.value ELSE 'infinity'::DOUBLE END AS hi,
        CASE f.qualifier WHEN 'exact' THEN 0 WHEN 'about' THEN 1 ELSE 2 END AS rank_precision
    FROM trade_figures f
    WHERE f.unit = 'USD' AND f.period_kind = 'year' AND f.year IS NOT NULL AND f.value IS NOT NULL
),
best AS (
    SELECT
        scope,
        year,
        arg_min(value, [rank_precision, CASE WHEN provenance = 'baseline' THEN 0 ELSE 1 END]) AS value_usd,
        arg_min(qualifier, [rank_precision, CASE WHEN provenance = 'baseline' THEN 0 ELSE 1 END]) AS qualifier,
        arg_min(as_quoted, [rank_precision, CASE WHEN provenance = 'baseline' THEN 0 ELSE 1 END]) AS as_quoted,
        arg_min(change_pct, [CASE WHEN change_pct IS NULL THEN 1 ELSE 0 END, rank_precision])
            AS reported_change_pct,
        count(DISTINCT source_key) AS n_sources,
        max(lo) > min(hi) * 1.01 AS conflict
    FROM full_year
    GROUP BY scope, year
),
reported AS (
    SELECT
        b.scope,
        b.year,
        b.value_usd,
        b.reported_change_pct,
        round(100 * (b.value_usd / prev.value_usd - 1), 2) AS computed_change_pct,
        CASE WHEN b.reported_change_pct IS NOT NULL
             THEN round(b.value_usd / (1 + b.reported_change_pct / 100), 2) END
            AS implied_prev_value_usd,
        b.n_sources,
        b.conflict,
        'reported' AS basis,
        b.qualifier,
        b.as_quoted
    FROM best b
    LEFT JOIN best prev ON prev.scope = b.scope AND prev.year = b.year - 1
),
implied AS (
    SELECT
        r.scope,
        r.year - 1 AS year,
        r.implied_prev_value_usd AS value_usd,
        NULL::DOUBLE AS reported_change_pct,
        NULL::DOUBLE AS computed_change_pct,
        NULL::DOUBLE AS implied_prev_value_usd,
        r.n_sources,
        false AS conflict,
        'implied' AS basis,
        'implied' AS qualifier,
        NULL::VARCHAR AS as_quoted
    FROM reported r
    WHERE r.implied_prev_value_usd IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM best b WHERE b.scope = r.scope AND b.year = r.year - 1)
)
SELECT * FROM reported
UNION ALL
SELECT * FROM implied;
