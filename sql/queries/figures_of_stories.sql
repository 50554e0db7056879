-- The extracted trade figures of these stories (the key list, one placeholder per story_id).
SELECT figure_id FROM trade_figures WHERE story_id IN ({keys}) AND provenance = 'extracted'
