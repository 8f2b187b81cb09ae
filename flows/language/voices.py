"""The text-to-speech voices Set voice (UpdateContactTextToSpeechVoice) may name, and the engines
each supports, for the block's Error branch: "Results in error if voice or engine are invalid, or
if the selected voice does not support the selected engine"
(https://docs.aws.amazon.com/connect/latest/APIReference/contact-actions-updatecontacttexttospeechvoice.html).

- The voices: the ``VoiceId`` enumeration of Amazon Polly's service model, read from the installed
  botocore (the SDK's own copy of the API; a newer botocore knows newer voices). Without
  botocore, voices are not judged.
- The engines, as Connect writes them: the action table's TEXT_TO_SPEECH_ENGINES ("Standard",
  "Neural", "Generative"); Polly's model spells them in lower case.
- Which voice supports which engine, where a page says so:
  - the standard engine: the voices of the "Available Standard voices" table,
    https://docs.aws.amazon.com/polly/latest/dg/standard-voices.html (60 voices in 29 languages;
    Aditi is listed twice, for en-IN and hi-IN);
  - the neural engine: the voices the "Available voices" table marks "Neural voice: No",
    https://docs.aws.amazon.com/polly/latest/dg/available-voices.html, as far as its rows were
    read (Arabic to English (Indian)); the neural support of the other voices is not judged;
  - the generative engine: not judged (the generative list grows every few months).
A block that names no engine is not judged on engines: which engine Connect then uses is not
documented.
"""

from __future__ import annotations

from functools import cache

from flows.language.action_table import TEXT_TO_SPEECH_ENGINES

STANDARD_VOICES = frozenset(
    {
        "Zeina",
        "Zhiyu",
        "Naja",
        "Mads",
        "Lotte",
        "Ruben",
        "Nicole",
        "Russell",
        "Amy",
        "Emma",
        "Brian",
        "Aditi",
        "Raveena",
        "Ivy",
        "Joanna",
        "Kendra",
        "Kimberly",
        "Salli",
        "Joey",
        "Kevin",
        "Geraint",
        "Celine",
        "Lea",
        "Mathieu",
        "Chantal",
        "Marlene",
        "Vicki",
        "Hans",
        "Dora",
        "Karl",
        "Carla",
        "Bianca",
        "Giorgio",
        "Mizuki",
        "Takumi",
        "Seoyeon",
        "Liv",
        "Ewa",
        "Maja",
        "Jacek",
        "Jan",
        "Camila",
        "Vitoria",
        "Ricardo",
        "Ines",
        "Cristiano",
        "Carmen",
        "Tatyana",
        "Maxim",
        "Conchita",
        "Lucia",
        "Enrique",
        "Mia",
        "Lupe",
        "Penelope",
        "Miguel",
        "Astrid",
        "Filiz",
        "Gwyneth",
    }
)
# Rows 1-12 of the "Available voices" table: the voices it marks "Neural voice: No".
NOT_NEURAL_VOICES = frozenset(
    {"Zeina", "Naja", "Mads", "Lotte", "Ruben", "Nicole", "Russell", "Aditi", "Raveena"}
)


@cache
def polly_voice_ids() -> frozenset[str] | None:
    """Amazon Polly's voice ids, from botocore's service model (None when botocore is absent)."""
    try:
        import botocore.session
    except ImportError:  # pragma: no cover - botocore comes with the project's dev environment
        return None
    model = botocore.session.get_session().get_service_model("polly")
    return frozenset(model.shape_for("VoiceId").enum)


def voice_problem(voice: str, engine: str) -> str | None:
    """Why Set voice takes its Error branch with this voice and engine, or None.

    ``engine`` is "" when the block names none.
    """
    if engine and engine not in TEXT_TO_SPEECH_ENGINES:
        return (
            f"TextToSpeechEngine {engine!r} is not an engine Connect takes "
            f"({', '.join(TEXT_TO_SPEECH_ENGINES)})"
        )
    voices = polly_voice_ids()
    if voices is not None and voice not in voices:
        return f"TextToSpeechVoice {voice!r} is not an Amazon Polly voice"
    if engine == "Standard" and voice not in STANDARD_VOICES:
        return f"{voice} has no standard voice (Polly's standard-voices list)"
    if engine == "Neural" and voice in NOT_NEURAL_VOICES:
        return f"{voice} has no neural voice (Polly's available-voices table)"
    return None
