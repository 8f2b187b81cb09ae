"""Customer profiles, Cases, Check Voice ID, Create task and Amazon Q in Connect, on small
hand-written flows."""

from __future__ import annotations

from flows.simulator import BlockOutcome, ContactSetup, Script, simulate
from tests.unit.simulator_flows import action, flow, say

NME = {"NoMatchingError": "error"}


def profile(request: dict[str, str] | None = None) -> dict[str, object]:
    return action(
        "profile",
        "GetCustomerProfile",
        {
            "ProfileRequestData": request or {"PhoneNumber": "$.CustomerEndpoint.Address"},
            "ProfileResponseData": ["FirstName", "EmailAddress"],
        },
        "say",
        {"NoneFoundError": "no", "MultipleFoundError": "other", **NME},
    )


def test_unscripted_no_customer_profile_is_found_as_assumed() -> None:
    result = simulate(flow(profile()))
    assert result.path == ["profile", "no"]
    assert result.steps[0].assumptions == ["no customer profile matches PhoneNumber=+14155550100"]


def test_a_scripted_profile_fills_customer_with_the_fields_asked_for() -> None:
    outcome = BlockOutcome(
        result="Found", data={"FirstName": "Ana", "LastName": "Silva", "ProfileId": "p-1"}
    )
    content = flow(
        profile(), say("say", "$.Customer.FirstName [$.Customer.LastName] $.Customer.ProfileId")
    )
    result = simulate(content, script=Script(outcomes=[("profile", outcome)]))
    assert result.path == ["profile", "say", "yes"]
    assert result.prompts == ["Ana [] p-1"]


def test_a_scripted_profile_error_takes_its_branch() -> None:
    script = Script(outcomes=[("profile", BlockOutcome(error="MultipleFoundError"))])
    assert simulate(flow(profile()), script=script).path == ["profile", "other"]


def test_a_profile_search_without_a_key_takes_the_error_branch() -> None:
    result = simulate(flow(profile({"PhoneNumber": "$.Attributes.absent"})))
    assert result.path == ["profile", "error"]


def case() -> dict[str, object]:
    return action(
        "case",
        "GetCase",
        {"CaseRequestFields": {"case_id": "$.Attributes.case"}, "CaseResponseFields": ["status"]},
        "say",
        {"NoneFound": "no", "MultipleFound": "other", **NME},
    )


def test_unscripted_no_case_is_found_as_assumed() -> None:
    result = simulate(flow(case()), ContactSetup(attributes={"case": "C-1"}))
    assert result.path == ["case", "no"]
    assert result.steps[0].assumptions == ["no case matches the request"]


def test_a_scripted_case_fills_case_with_its_response_fields() -> None:
    outcome = BlockOutcome(result="Found", data={"status": "open", "title": "Hidden"})
    content = flow(case(), say("say", "$.Case.status [$.Case.title]"))
    result = simulate(content, script=Script(outcomes=[("case", outcome)]))
    assert result.prompts == ["open []"]


def voice_id(option: str = "voiceAuthentication") -> dict[str, object]:
    return action(
        "voiceid",
        "CheckVoiceId",
        {"CheckVoiceIdOption": option},
        errors=NME,
        conditions=[
            ("Equals", "Authenticated", "yes"),
            ("Equals", "Inconclusive", "no"),
            ("Equals", "NotEnrolled", "other"),
        ],
    )


def test_voice_authentication_without_audio_is_assumed_inconclusive() -> None:
    result = simulate(flow(voice_id()))
    assert result.path == ["voiceid", "no"]
    assert result.steps[0].assumptions == [
        "Voice ID has no audio of a simulated call to analyse: Inconclusive"
    ]


def test_enrollment_status_is_assumed_not_enrolled() -> None:
    assert simulate(flow(voice_id("enrollmentStatus"))).path == ["voiceid", "other"]


def test_a_scripted_voice_id_status_takes_its_condition() -> None:
    script = Script(outcomes=[("voiceid", BlockOutcome(result="Authenticated"))])
    assert simulate(flow(voice_id()), script=script).path == ["voiceid", "yes"]


def test_check_voice_id_on_a_chat_takes_the_error_branch() -> None:
    assert simulate(flow(voice_id()), ContactSetup(channel="CHAT")).path == ["voiceid", "error"]


def test_an_unknown_voice_id_option_takes_the_error_branch() -> None:
    assert simulate(flow(voice_id("voiceprint"))).path == ["voiceid", "error"]


def task(parameters: dict[str, object]) -> dict[str, object]:
    return action("task", "CreateTask", parameters, "say", NME)


def test_a_created_task_is_recorded_and_its_contact_id_readable() -> None:
    content = flow(
        task(
            {
                "Name": "Claim for $.Attributes.who",
                "ContactFlowId": "arn:aws:connect:us-east-1:1:instance/i/contact-flow/f",
                "Attributes": {"policy": "$.Attributes.policy"},
            }
        ),
        say("say", "$.Task.ContactId"),
    )
    result = simulate(content, ContactSetup(attributes={"who": "Ana", "policy": "P-9"}))
    assert result.path == ["task", "say", "yes"]
    [created] = result.tasks
    assert (created["Name"], created["Attributes"]) == ("Claim for Ana", {"policy": "P-9"})
    assert result.prompts == [created["ContactId"]]


def test_a_task_without_a_name_or_template_takes_the_error_branch() -> None:
    result = simulate(flow(task({"Description": "nameless"})))
    assert (result.path, result.tasks) == (["task", "error"], [])


def test_a_task_delay_outside_one_to_518400_seconds_takes_the_error_branch() -> None:
    assert simulate(flow(task({"Name": "t", "DelaySeconds": "0"}))).path == ["task", "error"]


def test_an_amazon_q_session_is_readable_as_wisdom_session_arn_and_assumed() -> None:
    assistant = "arn:aws:wisdom:us-east-1:111111111111:assistant/a-1"
    content = flow(
        action("q", "CreateWisdomSession", {"WisdomAssistantArn": assistant}, "say", NME),
        say("say", "$.Wisdom.SessionArn"),
    )
    result = simulate(content)
    assert result.prompts[0].startswith(f"{assistant}/session/")
    assert result.steps[0].assumptions == [f"the Amazon Q in Connect assistant {assistant} exists"]


def test_an_amazon_q_session_without_an_assistant_takes_the_error_branch() -> None:
    content = flow(action("q", "CreateWisdomSession", {}, "yes", NME))
    assert simulate(content).path == ["q", "error"]
