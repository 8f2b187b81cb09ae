"""The context key opening_hours: a week of ranges, read from JSON or "24/7", one-line errors."""

from __future__ import annotations

import json

import pytest

from stacks.opening_hours import (
    DEFAULT_OPENING_HOURS,
    OpeningHoursError,
    TimeRange,
    parse_opening_hours,
)


def test_a_day_maps_to_a_range_or_a_list_of_ranges_and_absent_days_are_closed() -> None:
    week = parse_opening_hours(
        {"monday": "08:00-20:00", "saturday": ["13:00-17:00", "09:00-12:00"]}
    )

    assert week.ranges("monday") == (TimeRange(8 * 60, 20 * 60),)
    assert week.ranges("saturday") == (TimeRange(9 * 60, 12 * 60), TimeRange(13 * 60, 17 * 60))
    assert week.ranges("sunday") == ()
    assert week.entries() == [
        ("MONDAY", (8, 0), (20, 0)),
        ("SATURDAY", (9, 0), (12, 0)),
        ("SATURDAY", (13, 0), (17, 0)),
    ]


def test_the_value_may_be_json_text_as_cdk_passes_a_c_value() -> None:
    text = json.dumps({"friday": "22:00-00:00", "saturday": "00:00-06:00"})

    week = parse_opening_hours(text)

    # An end of 00:00 is midnight at the end of the day, and Connect takes it as 00:00.
    assert week.entries() == [("FRIDAY", (22, 0), (0, 0)), ("SATURDAY", (0, 0), (6, 0))]
    assert week.describe() == ("Mon-Thu closed, Fri 22:00-00:00, Sat 00:00-06:00, Sun closed")


@pytest.mark.parametrize("value", ["24/7", " 24/7 ", '"24/7"'])
def test_24_7_is_every_day_all_day(value: str) -> None:
    week = parse_opening_hours(value)

    assert week.always_open
    assert week.describe() == "open 24/7"
    assert len(week.entries()) == 7
    assert {(start, end) for _, start, end in week.entries()} == {((0, 0), (0, 0))}


def test_day_names_are_read_without_case() -> None:
    assert parse_opening_hours({"Monday": "09:00-17:00"}).ranges("monday")


def test_the_default_schedule_is_weekdays_and_saturday_morning() -> None:
    assert DEFAULT_OPENING_HOURS.describe() == ("Mon-Fri 08:00-20:00, Sat 09:00-13:00, Sun closed")


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ({"monday": "24:00-08:00"}, 'opening_hours.monday="24:00-08:00": expected "HH:MM-HH:MM"'),
        ({"monday": "08:60-09:00"}, 'opening_hours.monday="08:60-09:00": expected "HH:MM-HH:MM"'),
        ({"tuesday": "8:00-20:00"}, 'opening_hours.tuesday="8:00-20:00": expected'),
        ({"tuesday": "08:00"}, 'opening_hours.tuesday="08:00": expected'),
        ({"wednesday": 8}, "opening_hours.wednesday=8: expected"),
        (
            {"friday": "22:00-02:00"},
            'opening_hours.friday="22:00-02:00": expected a start before the end; a range '
            "past midnight is written as two days",
        ),
        ({"friday": "09:00-09:00"}, "expected a start before the end"),
        (
            {"thursday": ["09:00-13:00", "12:00-17:00"]},
            'opening_hours.thursday=["09:00-13:00", "12:00-17:00"]: 09:00-13:00 and '
            "12:00-17:00 overlap",
        ),
        ({"tuseday": "09:00-17:00"}, "day 'tuseday' is not a day name (did you mean 'tuesday'?)"),
        ({"monday": "09:00-17:00", "Monday": "10:00-11:00"}, "day 'Monday' is given twice"),
        ({}, "expected at least one day with opening hours"),
        ("mon-fri 9-5", 'opening_hours="mon-fri 9-5": expected a JSON object of day names'),
        (["09:00-17:00"], "expected a JSON object of day names"),
    ],
)
def test_a_mistake_is_one_line_naming_the_key_the_day_and_the_expected_form(
    value: object, says: str
) -> None:
    with pytest.raises(OpeningHoursError) as raised:
        parse_opening_hours(value)

    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("invalid context value opening_hours")
    assert says in message


def test_ranges_that_touch_do_not_overlap() -> None:
    week = parse_opening_hours({"monday": ["09:00-12:00", "12:00-17:00"]})
    assert len(week.ranges("monday")) == 2
