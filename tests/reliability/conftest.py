"""The reliability suite runs small in every test run and at full scale with STATIONDESK_RELIABILITY=full
(`./dev reliability`). Each test prints its figure; run with -s to see them."""

import os

import pytest

FULL = os.environ.get("STATIONDESK_RELIABILITY") == "full"


def scale(small: int, full: int) -> int:
    return full if FULL else small


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/reliability" in str(item.fspath):
            item.add_marker(pytest.mark.reliability)
