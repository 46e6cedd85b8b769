"""The one error tree of rightsgraph: every failure the code expects is one of these.

Each error carries what both of its exits need: ``exit_code`` for the command line (0 ok, 1 the
data does not conform, 2 usage or I/O error) and, for the service, the HTTP ``status``, a
machine-readable ``detail`` and ``headers`` (e.g. Retry-After). ``rightsgraph.api.errors`` turns
any of them into the one error shape ``{"error": {"code", "message", "detail"}}``; ``cli.main``
prints the message and exits with the code. An error whose status is 5xx and that is not
``public`` is answered with a generic message (its own is logged, never sent).

RightsgraphError             base; exit 2, HTTP 500 (message not shown)
 ├── UsageError              bad arguments, parameters or settings; exit 2, HTTP 400
 ├── SourceError             a file cannot be read or parsed; exit 2
 ├── StorageError            the build cannot be written (disk full, permissions); exit 2
 ├── ValidationFailed        data does not conform to the shapes; exit 1
 ├── CheckFailed             a quality check returned rows; exit 1
 ├── QueryError              a query cannot be parsed, bound or run; exit 2, HTTP 400
 │    └── QueryRefused       a query the service will not run (what: detail.refused); HTTP 400/413
 ├── UploadRefused           an upload the service will not parse (detail.refused); HTTP 400
 ├── EngineUnavailable       the engine cannot answer now; HTTP 503 with Retry-After
 │    ├── QueryTimeout       past the deadline: the worker was killed and is being replaced
 │    ├── WorkerCrashed      the worker died (crash, memory cap); it is being replaced
 │    └── PoolBusy           every worker stayed busy for the whole queue timeout
 └── ApiError               any other HTTP answer but success (404, 406, 413, 415, …)
"""

from __future__ import annotations

import math


class RightsgraphError(Exception):
    exit_code = 2
    status = 500
    public = False  # whether a 5xx answer may show this error's own message

    def __init__(self, message: str = "", *, detail=None, headers: dict[str, str] | None = None, status: int | None = None):
        super().__init__(message)
        self.detail = detail
        self.headers = dict(headers or {})
        if status is not None:
            self.status = status

    @property
    def message(self) -> str:
        return str(self)


class UsageError(RightsgraphError):
    status = 400


class SourceError(RightsgraphError):
    pass


class StorageError(RightsgraphError):
    pass


class ValidationFailed(RightsgraphError):
    exit_code = 1

    def __init__(self, violations):
        self.violations = list(violations)
        super().__init__(f"{len(self.violations)} SHACL violation(s)")


class CheckFailed(RightsgraphError):
    exit_code = 1

    def __init__(self, failures):
        self.failures = list(failures)
        super().__init__(f"{len(self.failures)} quality check failure(s)")


class QueryError(RightsgraphError):
    status = 400


class QueryRefused(QueryError):
    """``feature`` is what was refused (SERVICE, update, nesting…); ``extra`` more detail, e.g. {"function": IRI}."""

    def __init__(self, message: str, feature: str, status: int | None = None, extra: dict | None = None):
        self.feature = feature
        self.extra = dict(extra or {})
        super().__init__(message, detail={"refused": feature} | self.extra, status=status)


class UploadRefused(RightsgraphError):
    status = 400

    def __init__(self, message: str, refused: str, status: int = 400):
        super().__init__(message, detail={"refused": refused}, status=status)


class EngineUnavailable(RightsgraphError):
    """Retry after ``retry_after`` seconds (sent as Retry-After, whole seconds, at least 1)."""

    status = 503
    public = True

    def __init__(self, message: str, retry_after: float = 1.0):
        self.retry_after = retry_after
        super().__init__(message, headers={"Retry-After": self.retry_after_header})

    @property
    def retry_after_header(self) -> str:
        return str(max(1, math.ceil(self.retry_after)))


class QueryTimeout(EngineUnavailable):
    pass


class WorkerCrashed(EngineUnavailable):
    pass


class PoolBusy(EngineUnavailable):
    pass


class ApiError(RightsgraphError):
    """An HTTP answer other than success: status, a message for people, optional machine detail."""

    public = True

    def __init__(self, status: int, message: str, detail=None, headers: dict[str, str] | None = None):
        super().__init__(message, detail=detail, headers=headers, status=status)
