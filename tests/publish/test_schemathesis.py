"""Property-based API testing: schemathesis generates requests from the OpenAPI description
and checks that no answer is a server error and every answer matches what is declared."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from newsdesk.publish import create_web_app
from newsdesk.store import Store
from tests.publish.conftest import API_TOKEN
from tests.publish.newsroom import Newsroom

EXAMPLES = 12  # per operation; enough to walk filters, cursors and bad input
# Page cursors are opaque: any string fits the schema, but only ones we handed out are
# accepted (a damaged cursor is a 400 with a sentence, not a guess at a page).
EXCLUDED = [positive_data_acceptance]


def test_every_operation_behaves_as_described(store: Store, room: Newsroom) -> None:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json",
                                            create_web_app(store, api_token=API_TOKEN))
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck), database=None)
        def behaves(case: Any) -> None:
            case.call_and_validate(excluded_checks=EXCLUDED)

        behaves()
        checked.append(operation.label)
    assert len(checked) >= 10, checked
