-- Every page removed from its site (a tombstone).
SELECT canonical_url FROM tombstones
