-- (the key list, one placeholder per figure_id)
DELETE FROM trade_figures WHERE figure_id IN ({keys})
