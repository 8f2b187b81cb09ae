"""The strict one-record-per-line CSV reader used to seed customers."""

from __future__ import annotations

import pytest

from scripts.csv_lines import RecordError, delimiter_hint, split_record


def test_plain_cells_are_split_at_commas() -> None:
    assert split_record("+14155550100,C-1,Olivia") == ["+14155550100", "C-1", "Olivia"]


def test_empty_cells_are_kept_in_place() -> None:
    assert split_record(",C-1,,") == ["", "C-1", "", ""]


def test_a_quoted_cell_may_hold_commas() -> None:
    assert split_record('+14155550191,"Ortiz, Jr.",NONE') == ["+14155550191", "Ortiz, Jr.", "NONE"]


def test_doubled_quotes_inside_a_quoted_cell_are_one_quote() -> None:
    assert split_record('"O""Brien","""quoted"""') == ['O"Brien', '"quoted"']


def test_an_empty_quoted_cell_is_empty() -> None:
    assert split_record('"",x') == ["", "x"]


def test_spaces_around_a_quoted_cell_are_allowed_and_dropped() -> None:
    assert split_record('a,  "b, c"  ,d') == ["a", "b, c", "d"]


def test_spaces_in_a_plain_cell_are_kept() -> None:
    assert split_record(" a , b") == [" a ", " b"]


def test_a_quote_left_open_at_the_end_of_the_line_is_an_error_naming_cell_and_column() -> None:
    with pytest.raises(RecordError, match=r"cell 3: the quote in column 21 is not closed"):
        split_record('+14155550200,C-1200,"Oops,GOLD')


def test_a_quote_inside_a_plain_cell_is_an_error() -> None:
    with pytest.raises(RecordError, match=r"cell 2: a quote inside an unquoted cell \(column 4\)"):
        split_record('x,O"Brien,y')


def test_the_tail_of_a_cell_quoted_across_lines_is_an_error() -> None:
    with pytest.raises(RecordError, match=r"cell 1: a quote inside an unquoted cell"):
        split_record('Marie",GOLD')


def test_text_after_a_closing_quote_is_an_error() -> None:
    with pytest.raises(RecordError, match=r"cell 2: text after its closing quote \(column 8\)"):
        split_record('a,"Ann"x,b')


def test_an_escaped_quote_at_the_end_does_not_close_the_cell() -> None:
    with pytest.raises(RecordError, match="not closed on this line"):
        split_record('a,"ends with a quote""')


def test_hint_names_a_semicolon_used_between_cells() -> None:
    assert delimiter_hint("+14155550201;C-2;Ann;GOLD", 4) == (
        "; cells are separated by commas, this line seems to use ';'"
    )


def test_hint_names_a_tab_used_between_cells() -> None:
    assert "'\\t'" in delimiter_hint("+14155550201\tC-2", 2)


def test_no_hint_when_other_separators_are_too_few_to_explain_the_row() -> None:
    assert delimiter_hint("+14155550201;C-2,Ann", 4) == ""
