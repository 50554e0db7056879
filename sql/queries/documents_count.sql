-- Archived documents of the sites $sites (all sites when empty).
SELECT count(*) FROM documents
WHERE len($sites::VARCHAR[]) = 0 OR list_contains($sites::VARCHAR[], site)
