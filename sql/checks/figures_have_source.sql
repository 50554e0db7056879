-- No figure without a source: every trade figure comes from a document or from the baseline,
-- and carries the words it was read from.
SELECT figure_id, scope, year, value, provenance FROM trade_figures
WHERE (provenance <> 'baseline' AND doc_id IS NULL)
   OR provenance NOT IN ('baseline', 'extracted')
   OR as_quoted IS NULL OR trim(as_quoted) = '';
