"""The AWS Regions where Amazon Connect offers test cases (the Testing and simulation APIs and
``AWS::Connect::TestCase``), so that the CDK app deploys test cases by default only there.

Source: "Amazon Connect now provides APIs to test and simulate voice interactions" (Feb 2, 2026),
https://aws.amazon.com/about-aws/whats-new/2026/02/amazon-connect-provides-apis-test-simulate-voice-interactions
("available in Asia Pacific (Mumbai), Africa (Cape Town), Europe (Frankfurt), US East
(N. Virginia), Asia Pacific (Seoul), Europe (London), Asia Pacific (Tokyo), US West (Oregon),
Asia Pacific (Singapore), Asia Pacific (Sydney), and Canada (Central)"). Amazon Connect itself
also runs in AWS GovCloud (US-West), which the announcement does not name: no test cases there.
"""

from __future__ import annotations

from collections.abc import Mapping

TEST_CASE_REGIONS_SOURCE = (
    "https://aws.amazon.com/about-aws/whats-new/2026/02/"
    "amazon-connect-provides-apis-test-simulate-voice-interactions"
)

# Region code -> name, in the order of the documentation's table.
TEST_CASE_REGIONS: Mapping[str, str] = {
    "us-east-1": "US East (N. Virginia)",
    "us-west-2": "US West (Oregon)",
    "ca-central-1": "Canada (Central)",
    "eu-central-1": "Europe (Frankfurt)",
    "eu-west-2": "Europe (London)",
    "af-south-1": "Africa (Cape Town)",
    "ap-south-1": "Asia Pacific (Mumbai)",
    "ap-northeast-1": "Asia Pacific (Tokyo)",
    "ap-northeast-2": "Asia Pacific (Seoul)",
    "ap-southeast-1": "Asia Pacific (Singapore)",
    "ap-southeast-2": "Asia Pacific (Sydney)",
}


def offers_test_cases(region: str) -> bool:
    """Whether Amazon Connect offers test cases in ``region`` (e.g. ``us-east-1``)."""
    return region in TEST_CASE_REGIONS
