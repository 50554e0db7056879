"""Russian morphology (pymorphy3): a verb's tense, a name's nominative."""

from __future__ import annotations

from normalise.morph import nominative, verb_tense


def test_tense_of_a_russian_verb() -> None:
    assert verb_tense("провели") == "past"
    assert verb_tense("проведут") == "futr"
    assert verb_tense("министр") is None


def test_a_surname_in_the_dative_is_named_in_the_nominative() -> None:
    assert nominative("Лаврову") == "Лавров"
