"""Context keys the app does not read: a warning naming the closest key it does read."""

from __future__ import annotations

from stacks.context_keys import RecordingContext, unknown_key_warnings

KNOWN = ("instance_arn", "stage", "lookup_region", "lookup_account", "snap_start")


def test_a_misspelt_key_names_the_key_it_resembles() -> None:
    warnings = unknown_key_warnings({"instance_Arn": "arn:..."}, KNOWN)

    assert warnings == [
        "context key 'instance_Arn' is not one this app reads, so it is ignored; "
        "did you mean 'instance_arn'?"
    ]


def test_a_key_with_a_typo_in_its_letters_names_the_nearest_known_key() -> None:
    warnings = unknown_key_warnings({"snapstart": "true", "lookup_regoin": "eu-west-2"}, KNOWN)

    assert warnings == [
        "context key 'lookup_regoin' is not one this app reads, so it is ignored; "
        "did you mean 'lookup_region'?",
        "context key 'snapstart' is not one this app reads, so it is ignored; "
        "did you mean 'snap_start'?",
    ]


def test_keys_the_app_reads_raise_no_warning() -> None:
    assert unknown_key_warnings({"instance_arn": "x", "stage": "dev"}, KNOWN) == []


def test_cdk_feature_flags_settings_and_cached_lookups_are_not_judged() -> None:
    context = {
        "@aws-cdk/aws-lambda:recognizeLayerVersion": True,
        "aws:cdk:enable-path-metadata": True,
        "availability-zones:account=111111111111:region=us-east-1": ["us-east-1a"],
        "Stage": "dev",  # not shaped like the app's keys (starts with a capital)
    }

    assert unknown_key_warnings(context, KNOWN) == []


def test_recording_context_remembers_every_key_asked_for_even_when_absent() -> None:
    context = RecordingContext({"stage": "dev"}.get)

    assert context.get("stage") == "dev"
    assert context.get("time_zone") is None
    assert context.keys_read == {"stage", "time_zone"}
