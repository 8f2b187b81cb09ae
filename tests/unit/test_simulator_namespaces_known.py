"""The namespaces the simulator reads are namespaces the flow language knows.

The validator warns about a reference whose namespace flows.language.facts does not know; the
simulator reads references from the contact it runs. If the two disagreed, a flow could run in
the simulator and be warned about by the validator (or the other way round).
"""

from __future__ import annotations

import pytest

from flows.language.facts import REFERENCE_NAMESPACES
from flows.simulator import ContactSetup, simulate
from flows.simulator.contact import READABLE_NAMESPACES
from tests.unit.simulator_flows import action, flow

# What blocks set or load and later blocks read back, with one block that sets it.
LOADED_BY_BLOCKS = (
    "Name",
    "Description",
    "References",
    "CustomerId",
    "Lex",
    "Metrics",
    "Customer",
    "Case",
    "Views",
    "Wisdom",
    "Task",
)


def test_every_namespace_the_simulator_reads_is_one_the_language_knows() -> None:
    assert sorted(READABLE_NAMESPACES - REFERENCE_NAMESPACES) == []


@pytest.mark.parametrize("namespace", LOADED_BY_BLOCKS)
def test_namespaces_blocks_load_are_known_to_the_language(namespace: str) -> None:
    assert namespace in REFERENCE_NAMESPACES


@pytest.mark.parametrize("namespace", LOADED_BY_BLOCKS)
def test_namespaces_blocks_load_are_read_by_the_simulator(namespace: str) -> None:
    assert namespace in READABLE_NAMESPACES


def test_a_name_set_by_set_contact_data_is_read_back_as_dollar_name() -> None:
    content = flow(
        action(
            "data", "UpdateContactData", {"Name": "Claim 42"}, "say", {"NoMatchingError": "error"}
        ),
        action("say", "MessageParticipant", {"Text": "About $.Name"}, "yes"),
    )
    result = simulate(content, ContactSetup())
    assert result.prompts == ["About Claim 42"]
