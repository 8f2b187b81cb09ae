"""The routing table of the customer-lookup flow: change who goes where here, and only here.

Each route is one entry: when it applies, the ``routingReason`` written to the contact, the
queue, and what the caller hears in English and Spanish. Routes are tried in order and the first
that applies wins; the out-of-hours route comes first (opening hours are checked before anything
else routes the caller) and the ``OTHERWISE`` route last. ``make flows`` rebuilds
flows/generated/ from this table and reports a mistake in it as one line naming the route and
the field; the README section "Change the routing" gives the steps.

Prompt text uses straight quotes only: Connect refuses typographic ones in prompt text.
"""

from __future__ import annotations

from flows.routing_model import SPANISH_SPEAKER, Condition, Route, RoutingTable, Situation

# Every queue a route may name. The Connect stack creates one per name (``<name>-<stage>``)
# unless the context key queue_arn_<snake_name> names an existing one.
QUEUES: tuple[str, ...] = ("General", "Priority", "Spanish", "CaseSpecialists")

ROUTES: tuple[Route, ...] = (
    Route(
        "CLOSED",
        when=Situation.OUT_OF_HOURS,
        queue=None,
        greeting_en=(
            "Thank you for calling. We are closed right now. "
            "Please call again during our opening hours. Goodbye."
        ),
        greeting_es=(
            "Gracias por llamar. En este momento estamos cerrados. "
            "Por favor, llame de nuevo en nuestro horario de atención. Adiós."
        ),
    ),
    Route(
        "LOOKUP_ERROR",
        when=(Situation.LOOKUP_FAILED, Condition("lookupStatus", "Equals", "ERROR")),
        queue="General",
        greeting_en=(
            "We're sorry, we could not find your account details just now. "
            "Please hold while we connect you to an agent."
        ),
    ),
    Route(
        "UNKNOWN_CALLER",
        when=(
            Condition("lookupStatus", "Equals", "NOT_FOUND"),
            Condition("lookupStatus", "Equals", "INVALID_INPUT"),
        ),
        queue="General",
        greeting_en="Welcome, and thank you for calling. Please hold for the next agent.",
    ),
    Route(
        "OPEN_CASE",
        when=Condition("hasOpenCase", "Equals", "true"),
        queue="CaseSpecialists",
        greeting_en=(
            "Hello $.Attributes.firstName and thank you for calling. "
            "We see you have an open case, $.Attributes.openCaseId. "
            "Please hold while we connect you to a case specialist."
        ),
        greeting_es=(
            "Hola $.Attributes.firstName y gracias por llamar. "
            "Vemos que tiene un caso abierto, $.Attributes.openCaseId. "
            "Por favor, espere mientras le comunicamos con un especialista."
        ),
    ),
    Route(
        "LANGUAGE_ES",
        when=SPANISH_SPEAKER,
        queue="Spanish",
        greeting_es=(
            "Hola $.Attributes.firstName y gracias por llamar. "
            "Por favor, espere mientras le comunicamos con un agente."
        ),
    ),
    Route(
        "PRIORITY_MEMBER",
        when=Condition("membershipStatus", "Equals", "GOLD"),
        queue="Priority",
        greeting_en=(
            "Hello $.Attributes.firstName and thank you for being a Gold member. "
            "Please hold while we connect you to a priority agent."
        ),
    ),
    Route(
        "STANDARD",
        when=Situation.OTHERWISE,
        queue="General",
        greeting_en=(
            "Hello $.Attributes.firstName and thank you for calling. "
            "Please hold while we connect you to an agent."
        ),
    ),
)

ROUTING_TABLE = RoutingTable(queues=QUEUES, routes=ROUTES)
