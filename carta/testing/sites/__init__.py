"""Fixture ministry sites (pages written for carta, in the real sites' structure) and the local
HTTP servers that serve them to the scraper tests."""
