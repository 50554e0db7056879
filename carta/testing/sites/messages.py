"""What passes between a fixture site's server and its dynamic routes (`handlers`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Hit:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    at: float  # time.monotonic() when the request line arrived
    body: bytes = b""

    @property
    def target(self) -> str:
        return self.path + (f"?{self.query}" if self.query else "")


@dataclass
class Scripted:
    """What a path answers for its next `times` requests instead of its route."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    times: int = 1
    trickle_seconds: float = 0.0  # a pause before each byte of the body (a slow-loris server)
    stall_seconds: float = 0.0  # a pause after the headers, before the body
    wait_seconds: float = 0.0  # a pause before answering at all
    trickle_head_seconds: float = 0.0  # a pause before each byte of the status line and headers


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)
    trickle_seconds: float = 0.0
    stall_seconds: float = 0.0


# A dynamic route: the site's folder and the request, to the answer.
Handler = Callable[[Path, Hit], Reply]


def json_reply(data: Any, status: int = 200) -> Reply:
    return Reply(
        status,
        json.dumps(data, ensure_ascii=False).encode("utf-8"),
        "application/json; charset=utf-8",
    )
