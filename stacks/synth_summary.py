"""What `npx cdk synth` wrote, in a few lines: `python -m stacks.synth_summary [CDK_OUT]`.

For `make demo` and for people: each stack with its environment, template file, resources by
type and deployment order, the function alias Connect calls (with its cold-start option), where
the contact flow's content sits in the Connect template, and the stacks' notes: what synthesis
left out (an association skipped in another region or account, alarms without an action, no
phone number) and what to do about it. The notes are the stacks' info annotations, read from the
cloud assembly (the manifest or each stack's metadata file).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

STACK = "aws:cloudformation:stack"
CDK_METADATA = "AWS::CDK::Metadata"  # CDK's version report, not a resource of the app
INFO = "aws:cdk:info"


class SummaryError(ValueError):
    """The directory is not a synthesized cloud assembly."""


def summarize(cdk_out: Path) -> list[str]:
    manifest_file = cdk_out / "manifest.json"
    try:
        manifest: dict[str, Any] = json.loads(manifest_file.read_text())
    except (OSError, ValueError) as error:
        raise SummaryError(
            f"{manifest_file}: not a cloud assembly ({error}); run `npx cdk synth` first"
        ) from None
    artifacts: dict[str, Any] = manifest.get("artifacts", {})
    lines: list[str] = []
    for name, artifact in artifacts.items():
        if artifact.get("type") != STACK:
            continue
        template_file = cdk_out / artifact["properties"]["templateFile"]
        resources: dict[str, Any] = json.loads(template_file.read_text()).get("Resources", {})
        environment = str(artifact.get("environment", "")).removeprefix("aws://")
        lines.append(f"{name}  [{environment}]  {_shown(template_file)}")
        counts = Counter(
            resource["Type"].split("::")[-1]
            for resource in resources.values()
            if resource["Type"] != CDK_METADATA
        )
        lines.append("  " + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())))
        lines.extend(
            _alias_line(resource, resources)
            for resource in resources.values()
            if resource["Type"] == "AWS::Lambda::Alias"
        )
        lines.extend(
            f"  contact flow {resource['Properties']['Name']!r}: "
            f"Resources.{logical_id}.Properties.Content"
            for logical_id, resource in resources.items()
            if resource["Type"] == "AWS::Connect::ContactFlow"
        )
        after = [d for d in artifact.get("dependencies", []) if artifacts[d]["type"] == STACK]
        if after:
            lines.append(f"  deployed after {', '.join(after)}")
        lines.extend(f"  note: {note}" for note in _notes(cdk_out, artifact))
    if not lines:
        raise SummaryError(f"{manifest_file}: no stack in this cloud assembly")
    return lines


def _notes(cdk_out: Path, artifact: dict[str, Any]) -> list[str]:
    """The stack's info annotations, in construct order, each once."""
    metadata: dict[str, Any] = dict(artifact.get("metadata", {}))
    if extra := artifact.get("additionalMetadataFile"):
        metadata.update(json.loads((cdk_out / extra).read_text()))
    notes = [
        str(entry["data"])
        for entries in metadata.values()
        for entry in entries
        if entry.get("type") == INFO
    ]
    return list(dict.fromkeys(notes))


def _alias_line(alias: dict[str, Any], resources: dict[str, Any]) -> str:
    """``alias 'live' (Connect calls it): cold starts: ...`` from the alias and its function."""
    properties = alias["Properties"]
    function = resources.get(properties["FunctionName"].get("Ref", ""), {})
    concurrency = properties.get("ProvisionedConcurrencyConfig", {}).get(
        "ProvisionedConcurrentExecutions"
    )
    if concurrency:
        option = f"provisioned concurrency {concurrency}"
    elif function.get("Properties", {}).get("SnapStart", {}).get("ApplyOn") == "PublishedVersions":
        option = "SnapStart"
    else:
        option = "on demand (neither SnapStart nor provisioned concurrency)"
    return f"  function alias {properties['Name']!r} (Connect calls it): cold starts {option}"


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m stacks.synth_summary", description=__doc__.splitlines()[0]
    )
    parser.add_argument("cdk_out", nargs="?", default="cdk.out", type=Path)
    args = parser.parse_args(argv)
    try:
        lines = summarize(args.cdk_out)
    except SummaryError as error:
        print(f"synth_summary: {error}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
