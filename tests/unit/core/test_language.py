"""Language codes as the sites write them, and the language of a text."""

from __future__ import annotations

import pytest

from carta.core.language import detect, from_url, normalise_code


@pytest.mark.parametrize(
    ("code", "expected"),
    [("ky", "ky"), ("kg", "ky"), ("oz", "uz"), ("uz-Cyrl", "uz"), ("tj", "tg"), ("RU", "ru")],
)
def test_the_sites_own_codes_are_the_standard_ones(code: str, expected: str) -> None:
    assert normalise_code(code) == expected


def test_a_language_is_read_from_the_url_path_or_query() -> None:
    assert from_url("https://mfa.gov.kg/kg/news/1") == "ky"
    assert from_url("https://gov.uz/oz/mfa/news/view/1") == "uz"
    assert from_url("https://example.uz/news?lang=oz") == "uz"
    assert from_url("https://example.org/news/1") is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Министр иностранных дел России провёл переговоры с коллегой из Казахстана.", "ru"),
        ("Сыртқы істер министрі Ресей әріптесімен келіссөздер жүргізді.", "kk"),
        ("The foreign ministers met in Astana to discuss transport corridors.", "en"),
    ],
)
def test_the_language_of_a_sentence(text: str, language: str) -> None:
    assert detect(text) == language
