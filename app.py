#!/usr/bin/env python3
"""The CDK app: `npx cdk synth` / `npx cdk deploy --all` run this file (see cdk.json).

Configuration comes from CDK context (defaults in cdk.json, `-c key=value` to override), read
once into a validated AppConfig; a malformed value stops here with one line, not a traceback, and
so does a context key the app does not read (a typo: the line names the closest key it reads).
"""

import sys

import aws_cdk as cdk

from flows.adopt.package import PackageError
from flows.customer_lookup.flow import FlowSettingsError
from flows.model.builder import FlowBuildError
from stacks.adopted_flows_stack import AdoptedFlowsError
from stacks.app_stacks import build_app_stacks
from stacks.config import ConfigError, config_from_context
from stacks.connect_test_cases import TestCaseDeployError
from stacks.contact_flow import FlowValidationError
from stacks.context_keys import UnknownContextKey
from stacks.python_bundling import BundlingError


def main() -> int:
    app = cdk.App()
    try:
        config = config_from_context(app.node.get_all_context())
        build_app_stacks(app, config)
    except (
        UnknownContextKey,
        ConfigError,
        FlowBuildError,
        FlowSettingsError,
        FlowValidationError,
        BundlingError,
        TestCaseDeployError,
        PackageError,
        AdoptedFlowsError,
    ) as error:
        print(f"cdk app: {error}", file=sys.stderr)
        return 1
    app.synth()
    return 0


if __name__ == "__main__":
    sys.exit(main())
