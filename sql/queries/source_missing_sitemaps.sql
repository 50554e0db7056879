-- A site's sitemaps that answered 404 or 410 on their last fetch this week: not asked again.
SELECT url FROM fetches
WHERE site = $site AND purpose = 'sitemap' AND requested_at >= now() - INTERVAL 7 DAY
GROUP BY url
HAVING arg_max(status_code, requested_at) IN (404, 410)
