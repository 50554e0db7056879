-- When each robots.txt of a site was last asked for, over the last 30 days.
SELECT url, max(requested_at) FROM fetches
WHERE site = $site AND purpose = 'robots' AND requested_at >= now() - INTERVAL 30 DAY
GROUP BY url
