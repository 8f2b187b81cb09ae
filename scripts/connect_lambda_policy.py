"""The resource policy statement that lets one Amazon Connect instance invoke a Lambda function.

Pure Python (no AWS calls), so that "is the grant in place?" is decided the same way by
`--check`, by the grant itself and by the tests. The statement is the confused-deputy-safe one:
principal ``connect.amazonaws.com``, action ``lambda:InvokeFunction``, and the conditions
``AWS:SourceAccount`` = the instance's account and ``AWS:SourceArn`` = the instance ARN.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from flows.language.arns import ConnectInstanceArn

CONNECT_PRINCIPAL = "connect.amazonaws.com"
INVOKE_ACTION = "lambda:InvokeFunction"
SOURCE_ACCOUNT_KEY = "aws:sourceaccount"
SOURCE_ARN_KEY = "aws:sourcearn"


def default_statement_id(instance: ConnectInstanceArn) -> str:
    """``connect-<instance id>``: stable across runs and machines, one per instance.

    Deriving it from the instance id (not from a timestamp or a random value) is what makes a
    second run find the first run's statement; a function called by several instances gets one
    statement per instance. Lambda allows 1-100 of ``[A-Za-z0-9_-]``: this is 44.
    """
    return f"connect-{instance.instance_id}"


@dataclass(frozen=True)
class ConnectGrant:
    """What the statement must say: which instance (and its account) may invoke."""

    source_account: str
    source_arn: str

    @classmethod
    def for_instance(cls, instance: ConnectInstanceArn) -> ConnectGrant:
        return cls(source_account=instance.account, source_arn=instance.arn)

    def conditions(self) -> frozenset[tuple[str, str, str]]:
        # The condition operators Lambda itself writes for AddPermission's SourceAccount and
        # SourceArn parameters.
        return frozenset(
            {
                ("StringEquals", SOURCE_ACCOUNT_KEY, self.source_account),
                ("ArnLike", SOURCE_ARN_KEY, self.source_arn),
            }
        )

    def describe(self) -> str:
        return (
            f"{CONNECT_PRINCIPAL} may {INVOKE_ACTION}, source account {self.source_account}, "
            f"source ARN {self.source_arn}"
        )


@dataclass(frozen=True)
class PolicyStatement:
    """One statement of a function's resource policy, normalised for comparison."""

    sid: str
    effect: str
    principals: frozenset[str]
    actions: frozenset[str]
    conditions: frozenset[tuple[str, str, str]]

    @classmethod
    def from_dict(cls, statement: Mapping[str, Any]) -> PolicyStatement:
        principal = statement.get("Principal", {})
        if isinstance(principal, Mapping):
            principals = _strings(principal.get("Service", ()))
        else:
            principals = _strings(principal)
        conditions = set()
        for operator, entries in (statement.get("Condition") or {}).items():
            for key, values in (entries or {}).items():
                for value in _strings(values):
                    conditions.add((_operator(operator, value), str(key).lower(), value))
        return cls(
            sid=str(statement.get("Sid", "")),
            effect=str(statement.get("Effect", "")),
            principals=principals,
            actions=_strings(statement.get("Action", ())),
            conditions=frozenset(conditions),
        )

    @property
    def names_connect(self) -> bool:
        return self.effect == "Allow" and CONNECT_PRINCIPAL in self.principals

    def grants(self, grant: ConnectGrant) -> bool:
        """Exactly this grant: Connect may invoke, under exactly the two conditions."""
        return (
            self.names_connect
            and self.principals == {CONNECT_PRINCIPAL}
            and self.actions == {INVOKE_ACTION}
            and self.conditions == grant.conditions()
        )

    @property
    def unscoped(self) -> bool:
        """Connect may invoke with no source ARN condition: any instance, in any account."""
        return self.names_connect and not any(
            key == SOURCE_ARN_KEY for _, key, _ in self.conditions
        )

    def describe(self) -> str:
        conditions = ", ".join(f"{op} {key}={value}" for op, key, value in sorted(self.conditions))
        return (
            f"{self.effect} {'/'.join(sorted(self.principals)) or '-'} "
            f"{'/'.join(sorted(self.actions)) or '-'}"
            f" when {conditions or 'always (no conditions)'}"
        )


def _operator(operator: str, value: str) -> str:
    # ArnEquals and ArnLike mean the same for a value without wildcards.
    if operator == "ArnEquals" and "*" not in value and "?" not in value:
        return "ArnLike"
    return str(operator)


def _strings(value: object) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, Iterable):
        return frozenset(str(item) for item in value)
    return frozenset()


def parse_policy(text: str | None) -> list[PolicyStatement]:
    """Statements of a GetPolicy answer (``None`` when the function has no policy yet)."""
    if not text:
        return []
    document = json.loads(text)
    statements = document.get("Statement", [])
    if isinstance(statements, Mapping):
        statements = [statements]
    return [PolicyStatement.from_dict(statement) for statement in statements]


class PermissionStatus(Enum):
    IN_PLACE = "in place"
    MISSING = "missing"
    DIFFERS = "differs"  # a statement with our id says something else


@dataclass(frozen=True)
class PermissionState:
    status: PermissionStatus
    statement_id: str  # ours, or the other statement's that already grants exactly this
    existing: PolicyStatement | None = None


def permission_state(
    statements: list[PolicyStatement], statement_id: str, grant: ConnectGrant
) -> PermissionState:
    """Our statement id decides; an identical grant under another id also counts as in place
    (for example one written by the console or by a CDK stack), so a run never adds a twin."""
    ours = next((s for s in statements if s.sid == statement_id), None)
    if ours is not None:
        if ours.grants(grant):
            return PermissionState(PermissionStatus.IN_PLACE, statement_id, ours)
        return PermissionState(PermissionStatus.DIFFERS, statement_id, ours)
    twin = next((s for s in statements if s.grants(grant)), None)
    if twin is not None:
        return PermissionState(PermissionStatus.IN_PLACE, twin.sid, twin)
    return PermissionState(PermissionStatus.MISSING, statement_id)
