"""The documented error tree of rightsgraph, and the CLI exit code each error maps to.

RightsgraphError            base; exit 2
 ├── UsageError             bad arguments or parameters; exit 2
 ├── SourceError            a file cannot be read or parsed; exit 2
 ├── ValidationFailed       data does not conform to the shapes; exit 1
 ├── CheckFailed            a quality check returned rows; exit 1
 └── QueryError             a query cannot be parsed, bound or run; exit 2
"""

from __future__ import annotations


class RightsgraphError(Exception):
    exit_code = 2


class UsageError(RightsgraphError):
    exit_code = 2


class SourceError(RightsgraphError):
    exit_code = 2


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
    exit_code = 2
