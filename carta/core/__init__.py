"""The core every stage shares, and which imports no stage.

The stages (`scrapers`: fetch and parse; `normalise`: extract and resolve; `warehouse`: archive,
load and views) never import each other; what passes between them is defined here:

- `documents`: what was fetched and parsed (fetch records, raw pages, parsed articles, a
  source's state and a night's result);
- `extraction`: what the extractor read in a text (events, participants, trade figures);
- `meetings`: what resolution works on and hands to the load (claims, meetings, mentions);
- `dates`: partial dates, with where each came from and how precise it is;
- `keys`: the stable ids;
- `langdata`, `language` and `registry`: the knowledge files of `normalise/data/` read and
  checked once (each language's words, the language of a text, people and places), since the
  parser needs month names and languages as much as the extractor does.

The application (`carta.reading`, `carta.loading`, the CLI and the flows) composes the stages.
An import-linter contract in `pyproject.toml` keeps it so.
"""
