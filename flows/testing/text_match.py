"""Matching the text a test case expects against the text the system played.

The live service matches ``MessageReceived`` text in one of two ways (DG
https://docs.aws.amazon.com/connect/latest/devguide/testing-language-events-message-received.html):
``Inclusion`` (the message contains the text) and ``Similarity`` (a semantic match, done by a
model we cannot run here). Text it hands back is sometimes normalised (lower case, "Press 1" heard
as "Press one", per a third party's live runs), so both criteria here compare *normalised* text:

- lower case (Unicode case folding);
- SSML tags removed and entities decoded, when the text is SSML;
- numbers written in words ("1" -> "one", "25" -> "twenty five", "100" -> "one hundred"; runs
  of more than six digits, such as phone numbers, digit by digit);
- apostrophes dropped ("you're" -> "youre"), every other punctuation mark a space, whitespace
  collapsed.

``Inclusion``: the normalised played text contains the normalised expected text.

``Similarity`` is a deterministic stand-in: the two normalised texts are similar when
:func:`similarity` (difflib's ``SequenceMatcher.ratio`` over their characters: twice the matched
characters over the total) is at least ``SIMILARITY_THRESHOLD`` (0.8). It accepts identical and
near-identical wording (case, punctuation, "1" vs "one", a word added, dropped or changed in a
sentence: "Thank you for calling" / "Thanks for calling" scores 0.87) and rejects unrelated text
("Welcome to Example Corp" / "All agents are busy" scores 0.14). It judges wording, not meaning:
"Press one for sales" and "Press two for sales" are similar (0.89). To tell options or values
apart, use ``Inclusion`` with the distinguishing words.
"""

from __future__ import annotations

import html
import re
from difflib import SequenceMatcher

SIMILARITY_THRESHOLD = 0.8

_ONES = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
    *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_MAX_WORDED_DIGITS = 6  # up to 999,999 in words; longer runs (phone numbers) digit by digit

_TAG = re.compile(r"<[^>]*>")
_DIGITS = re.compile(r"\d+")
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc]")
_NOT_WORD = re.compile(r"[\W_]+")


def strip_ssml(ssml: str) -> str:
    """The words of an SSML document: tags removed, entities such as ``&amp;`` decoded."""
    return html.unescape(_TAG.sub(" ", ssml))


def number_in_words(digits: str) -> str:
    """``"21"`` -> ``"twenty one"``; more than six digits are read one by one."""
    if len(digits) > _MAX_WORDED_DIGITS:
        return " ".join(_ONES[int(digit)] for digit in digits)
    return _words(int(digits))


def _words(number: int) -> str:
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, rest = divmod(number, 10)
        return _TENS[tens] + (f" {_ONES[rest]}" if rest else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {_words(rest)}" if rest else "")
    thousands, rest = divmod(number, 1000)
    return f"{_words(thousands)} thousand" + (f" {_words(rest)}" if rest else "")


def normalize(text: str, *, ssml: bool = False) -> str:
    """The form both criteria compare (see the module's docstring)."""
    if ssml:
        text = strip_ssml(text)
    text = _DIGITS.sub(lambda match: f" {number_in_words(match.group())} ", text.casefold())
    text = _APOSTROPHES.sub("", text)
    return " ".join(_NOT_WORD.sub(" ", text).split())


def includes(played: str, expected: str, *, ssml: bool = False) -> bool:
    """``Inclusion``: the played text contains the expected text (both normalised)."""
    return normalize(expected, ssml=ssml) in normalize(played)


def similarity(first: str, second: str) -> float:
    """0.0 (nothing in common) .. 1.0 (the same), symmetric, over already-normalised texts."""
    low, high = sorted((first, second))
    if not low and not high:
        return 1.0
    return SequenceMatcher(None, low, high, autojunk=False).ratio()


def similar(played: str, expected: str, *, ssml: bool = False) -> bool:
    """``Similarity``: the normalised texts score at least ``SIMILARITY_THRESHOLD``."""
    return similarity(normalize(played), normalize(expected, ssml=ssml)) >= SIMILARITY_THRESHOLD
