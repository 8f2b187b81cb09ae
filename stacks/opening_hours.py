"""Opening hours: the context key ``opening_hours``, read into the week the Connect stack creates.

The key is a JSON object mapping day names (``monday`` ... ``sunday``) to a range
``"HH:MM-HH:MM"`` or a list of such ranges; a day that is absent is closed. The string ``"24/7"``
instead of the object means open every day, all day. From cdk.json the object is written as
JSON; with ``-c`` it arrives as text and is parsed as JSON here::

    "opening_hours": {"monday": "08:00-20:00", "saturday": ["09:00-12:00", "13:00-17:00"]}
    npx cdk synth -c 'opening_hours={"monday": "08:00-20:00"}'
    npx cdk synth -c opening_hours=24/7

Connect's hours of operation take, per entry, a day and a start and end time of hours 0-23 and
minutes 0-59 (https://docs.aws.amazon.com/connect/latest/APIReference/API_HoursOfOperationTimeSlice.html,
https://docs.aws.amazon.com/connect/latest/APIReference/API_HoursOfOperationConfig.html), and a
day may hold several ranges, for a lunch break
(https://docs.aws.amazon.com/connect/latest/adminguide/set-hours-operation.html#add-lunch-breaks).
There is no 24:00: an end time of 00:00 is midnight at the end of the day, so ``"20:00-00:00"``
is open until midnight and ``"00:00-00:00"`` all day, as the administrator guide specifies
midnight (https://docs.aws.amazon.com/connect/latest/adminguide/set-hours-operation.html#set-hours-operation-midnight).
A range runs within one day: a night shift past midnight is written as two days
(``"friday": "22:00-00:00", "saturday": "00:00-06:00"``).

Each range must start before it ends, and the ranges of a day must not overlap; a mistake is
one line naming the key, the day and the expected form (:class:`OpeningHoursError`).
"""

from __future__ import annotations

import difflib
import itertools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

KEY = "opening_hours"
ALWAYS_OPEN = "24/7"
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RANGE_FORM = (
    '"HH:MM-HH:MM" (hours 00-23, minutes 00-59; an end of 00:00 is midnight), e.g. "08:00-20:00"'
)
DAY_FORM = f"{RANGE_FORM}, or a list of such ranges"
OBJECT_FORM = (
    'a JSON object of day names (monday ... sunday) to "HH:MM-HH:MM" or a list of such ranges, '
    'e.g. {"monday": "08:00-20:00", "saturday": ["09:00-12:00", "13:00-17:00"]}, or "24/7"'
)
_RANGE = re.compile(r"^\s*(\d\d):(\d\d)\s*-\s*(\d\d):(\d\d)\s*$")
_MINUTES_IN_A_DAY = 24 * 60


class OpeningHoursError(ValueError):
    """A value of ``opening_hours`` that cannot be used; the message is one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.key = KEY


@dataclass(frozen=True, order=True)
class TimeRange:
    """Open from ``start`` to ``end`` on one day; minutes since midnight, ``end`` up to 1440
    (midnight at the end of the day, which Connect writes as 00:00)."""

    start: int
    end: int

    @property
    def start_time(self) -> tuple[int, int]:
        return divmod(self.start, 60)

    @property
    def end_time(self) -> tuple[int, int]:
        """(hours, minutes) as Connect takes it: midnight at the end of the day is (0, 0)."""
        return divmod(self.end % _MINUTES_IN_A_DAY, 60)

    def describe(self) -> str:
        return f"{_clock(self.start_time)}-{_clock(self.end_time)}"


def _clock(time: tuple[int, int]) -> str:
    return f"{time[0]:02d}:{time[1]:02d}"


@dataclass(frozen=True)
class OpeningHours:
    """The week: day name -> its ranges in order of start (a day without ranges is closed)."""

    days: Mapping[str, tuple[TimeRange, ...]]

    def ranges(self, day: str) -> tuple[TimeRange, ...]:
        return self.days.get(day, ())

    @property
    def always_open(self) -> bool:
        whole_day = (TimeRange(0, _MINUTES_IN_A_DAY),)
        return all(self.ranges(day) == whole_day for day in DAYS)

    def entries(self) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
        """(DAY, start, end) for each range, in week order: Connect's HoursOfOperationConfig."""
        return [
            (day.upper(), time_range.start_time, time_range.end_time)
            for day in DAYS
            for time_range in self.ranges(day)
        ]

    def describe(self) -> str:
        """One line for people: ``Mon-Fri 08:00-20:00, Sat 09:00-13:00, Sun closed``."""
        if self.always_open:
            return "open 24/7"
        spans: list[tuple[int, int, str]] = []  # (first day, last day, hours)
        for index, day in enumerate(DAYS):
            hours = ", ".join(r.describe() for r in self.ranges(day)) or "closed"
            if spans and spans[-1][2] == hours:
                spans[-1] = (spans[-1][0], index, hours)
            else:
                spans.append((index, index, hours))
        return ", ".join(
            f"{_short(first)}{'' if first == last else '-' + _short(last)} {hours}"
            for first, last, hours in spans
        )


def _short(index: int) -> str:
    return DAYS[index][:3].capitalize()


def parse_opening_hours(value: object) -> OpeningHours:
    """The week ``value`` describes (a mapping, ``"24/7"``, or either as JSON text)."""
    if isinstance(value, str):
        text = value.strip()
        if text == ALWAYS_OPEN:
            return _always_open()
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            raise OpeningHoursError(
                f"invalid context value {KEY}={_shown(value)}: expected {OBJECT_FORM}"
            ) from None
        if value == ALWAYS_OPEN:
            return _always_open()
    if not isinstance(value, Mapping):
        raise OpeningHoursError(
            f"invalid context value {KEY}={_shown(value)}: expected {OBJECT_FORM}"
        )
    days: dict[str, tuple[TimeRange, ...]] = {}
    for written, day_value in value.items():
        day = _day(written, days)
        days[day] = _day_ranges(day, day_value)
    if not any(days.values()):
        raise OpeningHoursError(
            f"invalid context value {KEY}={_shown(value)}: expected at least one day with "
            f"opening hours (a day left out is closed); {OBJECT_FORM}"
        )
    return OpeningHours(MappingProxyType({day: days[day] for day in DAYS if days.get(day)}))


def _always_open() -> OpeningHours:
    return OpeningHours(MappingProxyType({day: (TimeRange(0, _MINUTES_IN_A_DAY),) for day in DAYS}))


def _day(written: object, seen: Mapping[str, object]) -> str:
    day = written.strip().lower() if isinstance(written, str) else ""
    if day not in DAYS:
        close = difflib.get_close_matches(day, DAYS, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise OpeningHoursError(
            f"invalid context value {KEY}: day {written!r} is not a day name{hint}; expected "
            f"one of {', '.join(DAYS)}"
        )
    if day in seen:
        raise OpeningHoursError(
            f"invalid context value {KEY}: day {written!r} is given twice; expected each day once"
        )
    return day


def _day_ranges(day: str, value: object) -> tuple[TimeRange, ...]:
    written = value if isinstance(value, list) else [value]
    ranges = [_range(day, item) for item in written]
    ranges.sort()
    for before, after in itertools.pairwise(ranges):
        if after.start < before.end:
            raise OpeningHoursError(
                f"invalid context value {KEY}.{day}={_shown(value)}: {before.describe()} and "
                f"{after.describe()} overlap; expected ranges that do not overlap, "
                f'e.g. ["09:00-12:00", "13:00-17:00"]'
            )
    return tuple(ranges)


def _range(day: str, item: object) -> TimeRange:
    match = _RANGE.match(item) if isinstance(item, str) else None
    where = f"invalid context value {KEY}.{day}={_shown(item)}"
    if match is None:
        raise OpeningHoursError(f"{where}: expected {DAY_FORM}")
    start_h, start_m, end_h, end_m = (int(part) for part in match.groups())
    if max(start_h, end_h) > 23 or max(start_m, end_m) > 59:
        raise OpeningHoursError(f"{where}: expected {RANGE_FORM}")
    start = start_h * 60 + start_m
    end = end_h * 60 + end_m or _MINUTES_IN_A_DAY  # 00:00 as an end is midnight
    if start >= end:
        raise OpeningHoursError(
            f"{where}: expected a start before the end; a range past midnight is written as two "
            f'days, e.g. "friday": "22:00-00:00", "saturday": "00:00-06:00"'
        )
    return TimeRange(start, end)


def _shown(value: object) -> str:
    """The value as written in cdk.json (JSON), or as given with -c."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


# The schedule the app creates when ``opening_hours`` is not set: weekdays 08:00-20:00,
# Saturday 09:00-13:00, closed on Sunday. `cdk synth` prints it among the stack's notes.
DEFAULT_OPENING_HOURS = parse_opening_hours(
    {
        "monday": "08:00-20:00",
        "tuesday": "08:00-20:00",
        "wednesday": "08:00-20:00",
        "thursday": "08:00-20:00",
        "friday": "08:00-20:00",
        "saturday": "09:00-13:00",
    }
)
