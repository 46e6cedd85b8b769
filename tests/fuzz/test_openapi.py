"""Schemathesis against the app's own OpenAPI schema, on the live server: bounded, derandomized
examples for every operation (each operation's hypothesis strategy from schemathesis, run by
hypothesis here); no answer is a 5xx (a 503 must carry Retry-After) and every error has the one
error shape, with no traceback."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402

pytestmark = pytest.mark.server
EXAMPLES = 30


def _operations(app):
    schema = schemathesis.openapi.from_dict(app.openapi())
    return [result.ok() for result in schema.get_all_operations()]


def test_the_schema_has_operations(fuzz_app):
    paths = {op.path for op in _operations(fuzz_app)}
    assert {"/sparql", "/queries/{name}", "/api/states", "/validate"} <= paths


def test_no_operation_answers_5xx(fuzz_app, fuzz_server):
    failures = []
    for operation in _operations(fuzz_app):

        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call(base_url=fuzz_server, timeout=20)
            status = response.status_code
            retry = response.headers.get("retry-after") or response.headers.get("Retry-After") or [""]
            retry = retry[0] if isinstance(retry, list) else retry
            assert status < 500 or (status == 503 and retry.isdigit()), (case.method, case.formatted_path, status, response.text[:300])
            if status >= 400:
                doc = response.json()
                assert set(doc) == {"error"} and set(doc["error"]) == {"code", "message", "detail"}, response.text[:300]
                for leak in ("Traceback", 'File "', "site-packages"):
                    assert leak not in response.text

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - collect every operation's failure, then report them all
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}"[:800])
    assert not failures, "\n".join(failures)
