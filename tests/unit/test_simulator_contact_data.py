"""Set contact data, Set callback number, Hold customer or agent, and settings with no visible
effect, on small hand-written flows."""

from __future__ import annotations

from flows.language.facts import console_name
from flows.simulator import ContactSetup, Ended, Script, simulate
from tests.unit.simulator_flows import action, flow, say

NME = {"NoMatchingError": "error"}


def set_data(parameters: dict[str, object], next_action: str = "yes") -> dict[str, object]:
    return action("data", "UpdateContactData", parameters, next_action, NME)


# --- Set contact data ---


def test_set_contact_data_sets_the_language_read_back_as_language_code() -> None:
    result = simulate(
        flow(set_data({"LanguageCode": "es-US"}, "say"), say("say", "$.LanguageCode"))
    )
    assert result.prompts == ["es-US"]


def test_set_contact_data_sets_name_and_description_read_back_by_their_references() -> None:
    content = flow(
        set_data({"Name": "Claim $.Attributes.claim", "Description": "Windscreen"}, "say"),
        say("say", "$.Name / $.Description"),
    )
    result = simulate(content, ContactSetup(attributes={"claim": "C-7"}))
    assert result.prompts == ["Claim C-7 / Windscreen"]
    assert result.contact_data == {"Name": "Claim C-7", "Description": "Windscreen"}


def test_set_contact_data_references_are_read_as_value_and_type() -> None:
    references = {"Portal": {"Value": "https://example.com/c/1", "Type": "URL"}}
    content = flow(
        set_data({"References": references}, "say"),
        say("say", "$.References.Portal.Type $.References.Portal.Value"),
    )
    assert simulate(content).prompts == ["URL https://example.com/c/1"]


def test_set_contact_data_keeps_other_settings_in_the_results_contact_data() -> None:
    result = simulate(flow(set_data({"WisdomSessionArn": "arn:aws:wisdom:s/1"})))
    assert result.contact_data == {"WisdomSessionArn": "arn:aws:wisdom:s/1"}
    assert result.path == ["data", "yes"]


def test_set_contact_data_with_a_placeholder_language_fails_and_sets_nothing() -> None:
    result = simulate(flow(set_data({"Name": "kept?", "LanguageCode": "%LangCode%"})))
    assert result.path == ["data", "error"]
    assert result.contact_data == {}
    assert "LanguageCode '%LangCode%' is not a language tag such as en-US" in result.notes


def test_set_contact_data_with_a_name_over_512_characters_takes_the_error_branch() -> None:
    result = simulate(flow(set_data({"Name": "n" * 513})))
    assert result.path == ["data", "error"]


def test_set_contact_data_on_the_related_contact_leaves_this_contact_unchanged() -> None:
    content = flow(
        set_data({"LanguageCode": "fr-FR", "TargetContact": "Related"}, "say"),
        say("say", "$.LanguageCode"),
    )
    assert simulate(content).prompts == ["en-US"]


# --- Set callback number ---


def callback_number(reference: str = "$.Attributes.number") -> dict[str, object]:
    return action(
        "callback",
        "UpdateContactCallbackNumber",
        {"CallbackNumber": reference},
        "yes",
        {"InvalidCallbackNumber": "no", "CallbackNumberNotDialable": "other"},
    )


def test_a_valid_callback_number_is_set_and_its_dialability_assumed() -> None:
    result = simulate(flow(callback_number()), ContactSetup(attributes={"number": "+442079460958"}))
    assert result.path == ["callback", "yes"]
    assert result.contact_data == {"CallbackNumber": "+442079460958"}
    assert result.steps[0].assumptions == ["the instance may dial +442079460958"]


def test_a_callback_number_of_digits_gets_its_plus_as_connect_prepends_it() -> None:
    result = simulate(flow(callback_number()), ContactSetup(attributes={"number": "14155550111"}))
    assert result.contact_data == {"CallbackNumber": "+14155550111"}


def test_a_callback_number_that_is_not_e164_takes_invalid_callback_number() -> None:
    result = simulate(flow(callback_number()), ContactSetup(attributes={"number": "Timeout"}))
    assert result.path == ["callback", "no"]


def test_a_chat_contact_takes_invalid_callback_number() -> None:
    contact = ContactSetup(channel="CHAT", attributes={"number": "+14155550111"})
    assert simulate(flow(callback_number()), contact).path == ["callback", "no"]


def test_a_number_the_instance_cannot_dial_is_scripted_as_a_failure() -> None:
    result = simulate(
        flow(callback_number()),
        ContactSetup(attributes={"number": "+14155550111"}),
        script=Script(failures={"callback": "CallbackNumberNotDialable"}),
    )
    assert result.path == ["callback", "other"]


# --- Hold customer or agent ---


def hold(state: str) -> dict[str, object]:
    return action(
        "hold",
        "UpdatePreviousContactParticipantState",
        {"PreviousContactParticipantState": state},
        "yes",
        NME,
    )


def test_hold_customer_or_agent_succeeds_as_an_assumption() -> None:
    result = simulate(flow(hold("OffHold")))
    assert result.path == ["hold", "yes"]
    assert result.steps[0].assumptions == ["the previous contact's participants are set to OffHold"]


def test_hold_customer_or_agent_with_an_unknown_state_takes_the_error_branch() -> None:
    assert simulate(flow(hold("Sideways"))).path == ["hold", "error"]


# --- Settings with no effect a simulated contact can observe ---


def test_set_voice_id_goes_on_with_a_note() -> None:
    result = simulate(flow(action("voiceid", "StartVoiceIdStream", {}, "yes", NME)))
    assert (result.path, result.ended) == (["voiceid", "yes"], Ended.DISCONNECTED)
    assert result.notes == [f"{console_name('StartVoiceIdStream')}: no effect in the simulator"]
