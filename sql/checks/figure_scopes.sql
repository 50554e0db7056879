-- Every trade figure's scope is a pair of country (or region) codes, such as RU-KZ or RU-CA.
SELECT figure_id, scope FROM trade_figures
WHERE NOT regexp_full_match(scope, '[A-Z]{2,3}-[A-Z]{2,3}');
