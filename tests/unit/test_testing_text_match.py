"""Inclusion and the local Similarity: normalised, case-insensitive, deterministic; similar wording
passes, unrelated text does not."""

from __future__ import annotations

import pytest

from flows.testing.text_match import (
    includes,
    normalize,
    number_in_words,
    similar,
    similarity,
    strip_ssml,
)


@pytest.mark.parametrize(
    ("digits", "words"),
    [
        ("0", "zero"),
        ("1", "one"),
        ("13", "thirteen"),
        ("20", "twenty"),
        ("42", "forty two"),
        ("100", "one hundred"),
        ("305", "three hundred five"),
        ("2026", "two thousand twenty six"),
        ("999999", "nine hundred ninety nine thousand nine hundred ninety nine"),
        ("5550100", "five five five zero one zero zero"),
    ],
)
def test_numbers_are_read_in_words(digits: str, words: str) -> None:
    assert number_in_words(digits) == words


def test_normalising_lowers_case_spells_numbers_and_drops_punctuation() -> None:
    assert normalize("Press 1, or say \u201cAgent\u201d! You\u2019re #2.") == (
        "press one or say agent youre two"
    )


def test_ssml_is_compared_by_its_words() -> None:
    assert strip_ssml("<speak>Fish &amp; chips<break time='1s'/>now</speak>") == (
        " Fish & chips now "
    )
    assert normalize("<speak>Press <emphasis>1</emphasis></speak>", ssml=True) == "press one"


@pytest.mark.parametrize(
    ("played", "expected"),
    [
        ("Welcome to Example Corp. Press 1 for billing.", "press one for billing"),
        ("welcome to example corp", "Welcome"),
        ("Thank you. Your call is important to us.", "your call is important"),
    ],
)
def test_inclusion_finds_the_expected_text_inside_what_was_played(
    played: str, expected: str
) -> None:
    assert includes(played, expected), f"{played!r} should include {expected!r}"


@pytest.mark.parametrize(
    ("played", "expected"),
    [
        ("Welcome to Example Corp.", "Press 1 for billing"),
        ("Press 1 for billing", "Press 2 for billing"),
    ],
)
def test_inclusion_rejects_text_that_was_not_played(played: str, expected: str) -> None:
    assert not includes(played, expected), f"{played!r} should not include {expected!r}"


@pytest.mark.parametrize(
    ("played", "expected"),
    [
        ("Press 1 to be connected to an agent", "Press 1 to be connected to an agent"),
        ("press one to be connected to an agent", "Press 1 to be connected to an agent."),
        ("PRESS 1, TO BE CONNECTED TO AN AGENT!", "press 1 to be connected to an agent"),
        ("Thanks for calling Example Corp", "Thank you for calling Example Corp."),
        ("Your call is very important to us", "Your call is important to us"),
        (
            "Thank you for calling. Your call is important to us, please hold.",
            "Thank you for calling. Your call is very important to us. Please stay on the line.",
        ),
    ],
    ids=["identical", "one-vs-1", "case-punctuation", "thanks", "word-added", "sentence-edits"],
)
def test_similarity_accepts_identical_and_near_identical_wording(
    played: str, expected: str
) -> None:
    assert similar(played, expected), (
        f"{played!r} vs {expected!r} scored {similarity(normalize(played), normalize(expected))}"
    )


@pytest.mark.parametrize(
    ("played", "expected"),
    [
        ("Welcome to Example Corp", "All agents are busy"),
        ("Press one for sales", "Goodbye"),
        ("Sorry, we are closed", "We are open"),
        ("Hola, bienvenido", "Hello, welcome"),
        ("Connecting you to a specialist", "Connecting you with our priority team"),
        ("", "Welcome"),
    ],
    ids=["unrelated", "menu-vs-goodbye", "closed-vs-open", "other-language", "other-team", "empty"],
)
def test_similarity_rejects_unrelated_text(played: str, expected: str) -> None:
    assert not similar(played, expected), (
        f"{played!r} vs {expected!r} scored {similarity(normalize(played), normalize(expected))}"
    )


def test_similarity_is_symmetric() -> None:
    first, second = "thanks for calling", "thank you for calling"

    assert similarity(first, second) == similarity(second, first)


def test_similarity_of_the_documented_pairs() -> None:
    assert round(similarity("thank you for calling", "thanks for calling"), 2) == 0.87
    assert round(similarity("welcome to example corp", "all agents are busy"), 2) == 0.14
    assert round(similarity("press one for sales", "press two for sales"), 2) == 0.89
