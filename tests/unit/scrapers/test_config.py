"""Every key `sources.toml` may hold is read by the code that it is meant to steer.

A key that is validated and then ignored (as `incremental.overlap_days` once was) lets an
operator change the configuration and see nothing change; this fails as soon as a declared key
is read nowhere but in its own validators.
"""

from __future__ import annotations

import ast
from pathlib import Path

from pydantic import BaseModel

from scrapers import config

ROOT = Path(__file__).resolve().parents[3]
PRODUCT = ("carta", "flows", "normalise", "scrapers", "warehouse")
_VALIDATORS = {"field_validator", "model_validator"}


def _is_validator(fn: ast.FunctionDef) -> bool:
    for d in fn.decorator_list:
        target = d.func if isinstance(d, ast.Call) else d
        if isinstance(target, ast.Name) and target.id in _VALIDATORS:
            return True
    return False


def _attributes_read(tree: ast.AST) -> set[str]:
    """Attribute names read in `tree`, leaving out the bodies of pydantic validators."""
    out: set[str] = set()

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef) and _is_validator(child):
                continue
            if isinstance(child, ast.Attribute):
                out.add(child.attr)
            walk(child)

    walk(tree)
    return out


def _models() -> list[type[BaseModel]]:
    return [
        v
        for v in vars(config).values()
        if isinstance(v, type) and issubclass(v, BaseModel) and v.__module__ == config.__name__
    ]


def test_every_declared_config_key_is_read() -> None:
    read: set[str] = set()
    for package in PRODUCT:
        for path in (ROOT / package).rglob("*.py"):
            read |= _attributes_read(ast.parse(path.read_text(encoding="utf-8")))
    unread = sorted(
        f"{model.__name__}.{name}"
        for model in _models()
        for name in model.model_fields
        if name not in read
    )
    assert unread == [], "declared in scrapers/config.py but read nowhere"


def test_the_check_sees_a_key_read_only_by_its_validator() -> None:
    tree = ast.parse(
        "class M:\n"
        "    @field_validator('x')\n"
        "    def _x(cls, v):\n"
        "        return v.only_here\n"
        "def f(m):\n"
        "    return m.used\n"
    )
    assert _attributes_read(tree) >= {"used"}
    assert "only_here" not in _attributes_read(tree)
