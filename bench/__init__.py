"""carta's benchmark suite (issue 6): `uv run --group bench python -m bench`.

Each module measures one thing and returns rows for the results table:
    reprocess  re-process throughput vs lxml.html and trafilatura, with a profile
    nightly    a no-change nightly against the fixture sites: requests, bytes, wall time
    history    loading one night's 100 documents into warehouses of 0, 100k and 1M documents
    views      the public views on the 1M warehouse, cold and warm
    memory     peak RSS of a re-process over 10k pages vs 1k pages
Inputs are generated deterministically under bench/_work/ (git-ignored); nothing here is run
by CI except the smoke test in tests/test_bench_smoke.py.
"""
