"""The regions Amazon Connect runs in, and the local time of each: the default for opening hours.

Hours of operation are kept in one time zone. A contact centre usually keeps the hours of the
place it serves, and the instance's region is the best guess at that place without asking, so
the default is the time zone of the city the region is named after (`time_zone` overrides it).

Regions: the Amazon Connect service endpoints table,
https://docs.aws.amazon.com/general/latest/gr/connect_region.html (region codes and names).
Time zones: the IANA tz database zone of the city in each region's name. Where the name is not
a city, the choice is written beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class ConnectRegion:
    """A region Amazon Connect runs in, as the endpoints table names it, and its local time."""

    code: str
    name: str
    time_zone: str


CONNECT_REGIONS: Mapping[str, ConnectRegion] = MappingProxyType(
    {
        region.code: region
        for region in (
            ConnectRegion("us-east-1", "US East (N. Virginia)", "America/New_York"),
            ConnectRegion("us-west-2", "US West (Oregon)", "America/Los_Angeles"),
            # The tz database has one zone for all of South Africa, named after Johannesburg.
            ConnectRegion("af-south-1", "Africa (Cape Town)", "Africa/Johannesburg"),
            ConnectRegion("ap-northeast-2", "Asia Pacific (Seoul)", "Asia/Seoul"),
            ConnectRegion("ap-southeast-1", "Asia Pacific (Singapore)", "Asia/Singapore"),
            ConnectRegion("ap-southeast-2", "Asia Pacific (Sydney)", "Australia/Sydney"),
            ConnectRegion("ap-northeast-1", "Asia Pacific (Tokyo)", "Asia/Tokyo"),
            # "Central" is not a city: Eastern time, the zone of Montreal (America/Toronto in
            # the tz database; America/Montreal is only a link to it).
            ConnectRegion("ca-central-1", "Canada (Central)", "America/Toronto"),
            ConnectRegion("eu-central-1", "Europe (Frankfurt)", "Europe/Berlin"),
            ConnectRegion("eu-west-2", "Europe (London)", "Europe/London"),
            # "US-West" is not a city: Pacific time, like the other US West region.
            ConnectRegion("us-gov-west-1", "AWS GovCloud (US-West)", "America/Los_Angeles"),
        )
    }
)


def local_time_zone(region: str) -> str | None:
    """The default time zone of opening hours in ``region``; None where Connect does not run."""
    known = CONNECT_REGIONS.get(region)
    return known.time_zone if known else None


# Lambda SnapStart, from the SnapStart page of the Lambda developer guide
# (https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html, "Supported Regions"): "available
# in all commercial Regions except Asia Pacific (New Zealand) and Asia Pacific (Taipei)".
# Commercial Regions are the partition ``aws``; GovCloud and China are other partitions.
SNAP_START_SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html"
SNAP_START_PARTITION = "aws"
SNAP_START_EXCLUDED_REGIONS: Mapping[str, str] = MappingProxyType(
    {"ap-southeast-6": "Asia Pacific (New Zealand)", "ap-east-2": "Asia Pacific (Taipei)"}
)


def offers_snap_start(region: str, partition: str) -> bool:
    """Whether Lambda offers SnapStart in ``region`` of ``partition``."""
    return partition == SNAP_START_PARTITION and region not in SNAP_START_EXCLUDED_REGIONS
