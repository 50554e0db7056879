-- One scope's yearly trade, for the report's chart.
SELECT year, value_usd, basis, reported_change_pct, conflict FROM trade_trend
WHERE scope = $scope ORDER BY year
