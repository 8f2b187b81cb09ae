"""`python -m flows plan PACKAGE --instance-arn ARN [--function-names MAP] [--json]`: what deploying
an adopted package would change in an instance, flow by flow, read from the live content.

Each flow of the package is resolved for the instance as the CDK app resolves it: flows and
modules of the set, queues, prompts, hours, quick connects, routing profiles and Lex bots by
name among the instance's (its List APIs, as `pull` reads them), functions by name in the
instance's account and region (``--function-names``: the same rename map as the context key
``adopted_function_names``), qualified as the reference says. Then, per flow:

- ``added``: the instance has no flow (or module) of that name;
- ``changed``: it has one whose published content behaves differently (the lines of
  `flows diff`, live content as OLD, the package's as NEW), or whose type differs;
- ``unchanged``: the same behaviour.

References the instance cannot resolve are listed (``missing``): the deployment would fail on
them. They are the names the instance has none of, and the functions whose ARN, exactly as the
flow calls it, is not associated with the instance (ListLambdaFunctions): the deployment's check
asks the same (:func:`~flows.adopt.package.unassociated_functions`; an association of the alias
does not stand for the bare function, nor the reverse). A reference to a flow of the set that
the instance does not have yet reads as its reference text in the diff. It only reads (List and
Describe calls, at Connect's rate, as `pull`). Exit status: 0 nothing would change, 1 something
would (or is missing), 2 bad input or an AWS error, with one line naming it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from flows.adopt.diff import diff_flows, text_lines
from flows.adopt.package import (
    AdoptedPackage,
    LoadedFlow,
    PackageError,
    functions_to_check,
    load_package,
    unassociated_functions,
)
from flows.adopt.pull import Puller, PullError, make_puller
from flows.command_line import BadInput, counted
from flows.language.arns import ArnError, ConnectInstanceArn, parse_connect_instance_arn
from flows.model.document import FlowDocumentError, parse_flow_text
from flows.model.references import (
    BadReference,
    Flow,
    FlowModule,
    LambdaFunction,
    Reference,
    ResourceTable,
    function_arn,
    parse_function_renames,
    references_in,
    resolve_references,
)

EXIT_SAME = 0
EXIT_CHANGES = 1
EXIT_BAD_INPUT = 2

Change = Literal["added", "changed", "unchanged"]


@dataclass
class FlowPlan:
    name: str
    type: str
    change: Change
    lines: list[str] = field(default_factory=list)  # the behaviour diff of a changed flow


NO_NAME = "the instance has none of that name"
NOT_ASSOCIATED = "not associated with the instance"


@dataclass(frozen=True, order=True)
class Missing:
    """A reference the instance cannot resolve: ``Queue('Orders')``, or a function with the ARN
    the flow calls, ``LambdaFunction('lookup') (arn:...)``; and why."""

    reference: str
    why: str


@dataclass
class Plan:
    instance_arn: str
    flows: list[FlowPlan]
    missing: list[Missing]  # references the instance cannot resolve

    @property
    def changes(self) -> bool:
        return bool(self.missing) or any(f.change != "unchanged" for f in self.flows)

    def to_dict(self) -> dict[str, Any]:
        return {
            "instance_arn": self.instance_arn,
            "flows": [vars(flow) for flow in self.flows],
            "missing": [missing.reference for missing in self.missing],
        }


def plan_package(
    package: AdoptedPackage,
    puller: Puller,
    *,
    renames: Mapping[str, str] | None = None,
) -> Plan:
    instance = puller.instance
    live_flows = {item["Name"]: item for item in puller.flows()}
    live_modules = {item["Name"]: item for item in puller.modules()}
    table, _ = puller.resources(list(live_flows.values()), list(live_modules.values()))
    resolve = _resolver(table, instance, renames or {})
    missing: set[Missing] = set()
    plans = []
    ours = package.by_name()
    for loaded in package.flows:
        content = loaded.flow.to_dict()
        for reference in references_in(content):
            of_the_set = isinstance(reference, Flow | FlowModule) and reference.name in ours
            if resolve(reference) is None and not of_the_set:
                missing.add(Missing(reference.describe(), NO_NAME))
        new = resolve_references(content, lambda r: resolve(r) or r)
        plans.append(_flow_plan(loaded, new, puller, live_flows, live_modules))
    functions = functions_to_check(
        package.flows,
        partition=instance.partition,
        region=instance.region,
        account=instance.account,
        renames=renames,
    )
    for arn, function in unassociated_functions(functions, puller.associated_functions()).items():
        missing.add(Missing(f"{function.describe()} ({arn})", NOT_ASSOCIATED))
    return Plan(instance.arn, plans, sorted(missing))


def _resolver(
    table: ResourceTable, instance: ConnectInstanceArn, renames: Mapping[str, str]
) -> Callable[[Reference], str | None]:
    def resolve(reference: Reference) -> str | None:
        if isinstance(reference, LambdaFunction):
            return function_arn(
                reference,
                partition=instance.partition,
                region=instance.region,
                account=instance.account,
                renames=renames,
            )
        return table.value(reference)

    return resolve


def _flow_plan(
    loaded: LoadedFlow,
    new: dict[str, Any],
    puller: Puller,
    live_flows: Mapping[str, dict[str, Any]],
    live_modules: Mapping[str, dict[str, Any]],
) -> FlowPlan:
    entry = loaded.entry
    summary = (live_modules if entry.is_module else live_flows).get(entry.name)
    if summary is None:
        return FlowPlan(entry.name, entry.type, "added")
    if entry.is_module:
        described = puller.describe_module(summary)["ContactFlowModule"]
        live_type = "FLOW_MODULE"
    else:
        answer = puller.describe_flow(summary)
        if answer is None:  # saved, never published: deploying publishes the package's
            return FlowPlan(
                entry.name, entry.type, "changed", ["the live flow was never published"]
            )
        described = answer["ContactFlow"]
        live_type = str(described.get("Type", entry.type))
    try:
        old = parse_flow_text(str(described.get("Content", "")), source=entry.name).content
    except FlowDocumentError as exc:
        return FlowPlan(
            entry.name, entry.type, "changed", [f"the live content is unreadable: {exc}"]
        )
    lines = []
    if live_type != entry.type:
        lines.append(f"type: {live_type} -> {entry.type}")
    diff = diff_flows(old, new, old_source="live", new_source="package")
    if not diff.same_behaviour:
        lines += text_lines(diff)
    return FlowPlan(entry.name, entry.type, "changed" if lines else "unchanged", lines)


def report(plan: Plan) -> str:
    out = [f"plan for {plan.instance_arn}:"]
    for flow in plan.flows:
        out.append(f"{flow.change:<9} {flow.name} ({flow.type})")
        out += [f"    {line}" for line in flow.lines]
    for missing in plan.missing:
        out.append(f"missing   {missing.reference}: {missing.why}")
    counts = {kind: sum(f.change == kind for f in plan.flows) for kind in ("added", "changed")}
    unchanged = sum(f.change == "unchanged" for f in plan.flows)
    out.append(
        f"{counts['added']} added, {counts['changed']} changed, {unchanged} unchanged; "
        f"{counted(len(plan.missing), 'reference')} missing in the instance"
    )
    return "\n".join(out) + "\n"


# -- the command --------------------------------------------------------------------------------


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("package", metavar="PACKAGE", help="a package `flows adopt` wrote")
    parser.add_argument("--instance-arn", required=True, help="the instance to compare with")
    parser.add_argument("--profile", help="AWS profile of the instance's account")
    parser.add_argument("--region", help="the instance's region (default: the ARN's)")
    parser.add_argument(
        "--function-names",
        metavar="MAP",
        help='functions whose names differ in the instance: {"old": "new", "*": "prod-*"}',
    )
    parser.add_argument("--json", action="store_true", help="print the plan as one JSON object")


def run(
    args: argparse.Namespace,
    *,
    make: Callable[[argparse.Namespace, ConnectInstanceArn], Puller] = make_puller,
) -> int:
    try:
        instance = parse_connect_instance_arn(args.instance_arn)
        renames = parse_function_renames(args.function_names)
        package = load_package(args.package)
    except ArnError as exc:
        return _bad(f"--instance-arn {exc}")
    except BadReference as exc:
        return _bad(f"--function-names {exc}")
    except PackageError as exc:
        return _bad(str(exc))
    try:
        plan = plan_package(package, make(args, instance), renames=renames)
    except PullError as exc:
        return _bad(f"reading the instance: {exc}")
    except BadInput as exc:
        return _bad(str(exc))
    except Exception as exc:  # botocore: no credentials, an unknown profile
        if type(exc).__module__.startswith("botocore"):
            return _bad(f"reading the instance: {exc}")
        raise
    if args.json:
        print(json.dumps(plan.to_dict(), indent=2))
    else:
        sys.stdout.write(report(plan))
    return EXIT_CHANGES if plan.changes else EXIT_SAME


def _bad(message: str) -> int:
    print(f"plan: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT
