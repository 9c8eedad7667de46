"""Schemathesis against the OpenAPI schema of the real server: every generated request gets a
documented status and a body that matches its response model (a bounded number of examples).

The schema is fetched from the running server, so operations are walked in one test instead of
schemathesis' pytest plugin (whose fixture mode does not work with this pytest).
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from graph.store.db import Graph

EXAMPLES_PER_OPERATION = 10
# Schema-valid values can still be refused on meaning (a cursor this API never issued, the same
# entity as source and target, an unknown relation combination): that is a 4xx, not a bug.
NOT_CHECKED = [checks.positive_data_acceptance]


def test_api_conforms_to_its_schema(api_url: str, seeded: Graph) -> None:
    schema = schemathesis.openapi.from_url(f"{api_url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def conforms(case: schemathesis.Case) -> None:
            case.call_and_validate(timeout=30, excluded_checks=NOT_CHECKED)

        conforms()
