"""Query results as a table, CSV or JSON: the same rows in each."""

from __future__ import annotations

import csv
import io
import json

from carta.output import render

COLUMNS = ["meeting_id", "n"]
ROWS = [("ca_russia_fm-08", 3), ("talks, 2025", None)]


def test_csv_quotes_what_needs_it_and_leaves_nulls_empty() -> None:
    back = list(csv.reader(io.StringIO(render(COLUMNS, ROWS, "csv"))))
    assert back == [COLUMNS, ["ca_russia_fm-08", "3"], ["talks, 2025", ""]]


def test_json_is_one_object_per_row_with_nulls() -> None:
    assert json.loads(render(COLUMNS, ROWS, "json")) == [
        {"meeting_id": "ca_russia_fm-08", "n": 3},
        {"meeting_id": "talks, 2025", "n": None},
    ]


def test_a_table_shows_null_and_counts_its_rows() -> None:
    table = render(COLUMNS, ROWS, "table")
    assert "NULL" in table and table.rstrip().endswith("(2 rows)")
