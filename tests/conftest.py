"""Fixtures shared by every test folder: a local DynamoDB-compatible server and a seeded table.

The server is moto's ThreadedMotoServer on 127.0.0.1 (real HTTP through botocore), started once
per test session; each test that asks for ``customer_table`` gets its own freshly seeded table,
so tests never see each other's writes. ``customer_table`` holds the tests' own customers
(tests/fixtures/customers.jsonl), for the tests of the machinery; ``sample_customer_table`` the
user's (data/sample_customers.jsonl), for the tests of the user's configuration.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import botocore.loaders
import pytest
from hypothesis import settings

import stacks  # noqa: F401 - the pinned Node.js for aws-cdk-lib, before any test imports it
from scripts.local_aws import FAKE_CREDENTIALS, LocalAwsServer
from scripts.seed_customers import seed
from tests.fixtures import CUSTOMERS

# Property tests draw the same examples on every run and every machine, so `make test` passes or
# fails the same way in CI as here; every failure ever found is pinned with @example beside its
# test. `HYPOTHESIS_PROFILE=explore` draws new random examples when hunting for more.
settings.register_profile("deterministic", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))


def _read_botocore_data_files_once() -> None:
    """Every boto3 session reads botocore's data files again (endpoints.json, each service's
    model: megabytes of JSON), and the tools under test make a new session each run: the tests
    spent about a third of their time decoding the same files. In the test processes, each file
    is decoded once and its data shared by the sessions, as one session already shares it among
    its clients. The tools themselves, and the processes the tests start, read them as usual."""
    read_file = botocore.loaders.JSONFileLoader.load_file
    reader = botocore.loaders.JSONFileLoader()

    @functools.cache
    def read_once(file_path: str) -> Any:
        return read_file(reader, file_path)

    def load_file(self: botocore.loaders.JSONFileLoader, file_path: str) -> Any:
        return read_once(file_path)

    botocore.loaders.JSONFileLoader.load_file = load_file


_read_botocore_data_files_once()

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_CUSTOMERS = REPO_ROOT / "data" / "sample_customers.jsonl"
CORPUS_DIR = REPO_ROOT.parent / "shared" / "flows-corpus"
_table_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def dynamodb_endpoint() -> Iterator[str]:
    """URL of a local AWS emulator (moto server) on 127.0.0.1 for the whole test session."""
    with LocalAwsServer() as server:
        yield server.endpoint_url


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fake credentials and a region, so nothing real can be reached by accident."""
    for name, value in FAKE_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)


@pytest.fixture
def dynamodb_client(dynamodb_endpoint: str, aws_env: None) -> Any:
    return boto3.client("dynamodb", endpoint_url=dynamodb_endpoint, region_name="us-east-1")


def _seeded_table(
    customers: Path, endpoint: str, client: Any, monkeypatch: pytest.MonkeyPatch, *, strict: bool
) -> str:
    name = f"customers-{next(_table_numbers)}"
    report = seed(client, name, customers, create_table=True)
    assert report.ok or not strict, report
    monkeypatch.setenv("CUSTOMER_TABLE_NAME", name)
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    monkeypatch.delenv("AWS_ENDPOINT_URL_DYNAMODB", raising=False)
    return name


@pytest.fixture
def customer_table(
    dynamodb_endpoint: str, dynamodb_client: Any, monkeypatch: pytest.MonkeyPatch
) -> str:
    """A new table seeded from the tests' customers; the function's env points at it."""
    return _seeded_table(CUSTOMERS, dynamodb_endpoint, dynamodb_client, monkeypatch, strict=True)


@pytest.fixture
def sample_customer_table(
    dynamodb_endpoint: str, dynamodb_client: Any, monkeypatch: pytest.MonkeyPatch
) -> str:
    """A new table seeded from data/sample_customers.jsonl as it is (the rows the seeder
    accepts; `make flows` finds test callers among the same); the function's env points at it."""
    return _seeded_table(
        SAMPLE_CUSTOMERS, dynamodb_endpoint, dynamodb_client, monkeypatch, strict=False
    )
