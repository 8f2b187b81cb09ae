"""How typed values of the model are written in the flow language's JSON, and read back.

Console exports write numbers and booleans as strings (``"InvocationTimeLimitSeconds": "8"``,
``"StoreInput": "False"``). Each codec turns one JSON value into the model's value, or answers
:data:`NO_FIT` when the value does not have the expected shape: the model then keeps the raw
value verbatim (in ``extra``), so that parsing never loses or rewrites anything.

A string that is not a plain number or boolean (a reference such as ``$.Attributes.timeout``, a
CDK token ``${Token[TOKEN.12]}``, a deploy-time placeholder) stays a string, unchanged.
"""

from __future__ import annotations

import copy
import re
from typing import Any, Final

NO_FIT: Final = object()

# The only spelling of an integer that writing it back reproduces byte for byte.
_CANONICAL_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")


class Codec:
    """A string value, kept as it is (the default for parameters)."""

    def decode(self, raw: Any) -> Any:
        return raw if isinstance(raw, str) else NO_FIT

    def encode(self, value: Any) -> Any:
        return value


class NumberCodec(Codec):
    """``"8"`` <-> ``8``; other strings (references, tokens) are kept as strings."""

    def decode(self, raw: Any) -> Any:
        if not isinstance(raw, str):
            return NO_FIT
        return int(raw) if _CANONICAL_INT.fullmatch(raw) else raw

    def encode(self, value: Any) -> Any:
        if isinstance(value, bool):  # bool is an int subclass; "True" is no number
            raise TypeError(f"expected a whole number or a string, found {value!r}")
        return str(value) if isinstance(value, int) else value


class BooleanCodec(Codec):
    """``"True"``/``"False"`` <-> ``True``/``False``; other strings are kept as strings."""

    def decode(self, raw: Any) -> Any:
        if not isinstance(raw, str):
            return NO_FIT
        return {"True": True, "False": False}.get(raw, raw)

    def encode(self, value: Any) -> Any:
        return ("True" if value else "False") if isinstance(value, bool) else value


class StringMapCodec(Codec):
    """A map of strings to strings (contact attributes, Lambda invocation attributes)."""

    def decode(self, raw: Any) -> Any:
        if isinstance(raw, dict) and all(isinstance(v, str) for v in raw.values()):
            return dict(raw)
        return NO_FIT

    def encode(self, value: Any) -> Any:
        return dict(value)


class ObjectCodec(Codec):
    """A JSON object the model does not look into (DTMFConfiguration, Media, ...)."""

    def decode(self, raw: Any) -> Any:
        return copy.deepcopy(raw) if isinstance(raw, dict) else NO_FIT

    def encode(self, value: Any) -> Any:
        return copy.deepcopy(value)


class WrappedStringCodec(Codec):
    """A string written inside a one-key object, e.g. ``{"ResponseType": "STRING_MAP"}``."""

    def __init__(self, key: str) -> None:
        self.key = key

    def decode(self, raw: Any) -> Any:
        if isinstance(raw, dict) and list(raw) == [self.key] and isinstance(raw[self.key], str):
            return raw[self.key]
        return NO_FIT

    def encode(self, value: Any) -> Any:
        return {self.key: value}


TEXT = Codec()
NUMBER = NumberCodec()
BOOLEAN = BooleanCodec()
STRING_MAP = StringMapCodec()
OBJECT = ObjectCodec()


def in_key_order(obj: dict[str, Any], key_order: tuple[str, ...]) -> dict[str, Any]:
    """``obj`` with its keys in ``key_order`` (the order they were read in), new keys last.

    Parsed objects remember their key order so that writing them back gives the same text,
    which keeps diffs of edited exports small.
    """
    if not key_order:
        return obj
    rank = {key: i for i, key in enumerate(key_order)}
    return dict(sorted(obj.items(), key=lambda item: rank.get(item[0], len(rank))))
