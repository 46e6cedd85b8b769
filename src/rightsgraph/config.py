"""The one settings object: every setting of the build, the service and its budgets, typed and
validated, each read from the environment as ``RIGHTSGRAPH_<NAME>`` (pydantic-settings).

A value of the wrong type or outside its range is a :class:`~rightsgraph.errors.UsageError` at
start-up that names the variable (``Settings.from_env``); the README's settings table is
generated from the field descriptions here (``documented_settings``, checked by
tests/readme/test_docs.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import UsageError

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]
ENV_PREFIX = "RIGHTSGRAPH_"
LOCAL_ENGINES = ("oxigraph", "rdflib")


class Settings(BaseSettings):
    """Every setting, its default and its meaning. Each can be set as RIGHTSGRAPH_<NAME>."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, extra="forbid", validate_default=True)

    root: Path = Field(_PACKAGE_ROOT, description="project directory holding ontology/, shapes/, data/, queries/")
    build_dir: Path | None = Field(None, description="where builds are written (default: <root>/build)")
    engine: str = Field("oxigraph", description="query engine: oxigraph (default), rdflib (reference) or the http(s) URL of a SPARQL endpoint")
    reasoner: Literal["fast", "owlrl"] = Field("fast", description="OWL-RL reasoner of the build: fast (the ontology's rules, default) or owlrl (reference)")
    validator: Literal["fast", "pyshacl"] = Field("fast", description="SHACL validator of the build: fast (fastshacl, the shapes' SHACL on pyoxigraph, default) or pyshacl (reference)")
    query_timeout: float = Field(10.0, gt=0, description="seconds a query may run before it is stopped")
    query_workers: int = Field(2, ge=1, description="worker processes that run queries; a query past its deadline or memory cap is killed and its worker replaced")
    query_store: Literal["auto", "memory", "disk"] = Field("auto", description="what query workers read: memory (each loads the build), disk (all share the on-disk store read-only) or auto (memory up to 1M triples)")
    query_memory_mb: int = Field(1024, ge=64, description="memory cap of each query worker, in MiB")
    queue_timeout: float = Field(2.0, ge=0, description="seconds a request waits for a free worker before a 503 with Retry-After")
    max_query_length: int = Field(100_000, ge=1, description="longest SPARQL text accepted, in characters")
    max_nesting: int = Field(64, ge=1, description="deepest bracket nesting accepted in a query")
    max_body_bytes: int = Field(1_000_000, ge=1, description="largest request body accepted, in bytes")
    max_rows: int = Field(10_000, ge=1, description="most result rows returned; more are cut with a truncation signal")
    page_size: int = Field(50, ge=1, description="default page size of /api lists")
    cache_size: int = Field(1024, ge=0, description="number of answers kept in the per-build cache")
    max_url_bytes: int = Field(16_384, ge=256, description="longest request target (path and query string) accepted, in bytes; longer is 414 (POST long queries)")
    max_header_bytes: int = Field(32_768, ge=1024, description="largest request head (request line and headers) accepted, in bytes; larger is 431")
    max_headers: int = Field(100, ge=1, description="most request header fields accepted; more is 431")
    header_timeout: float = Field(10.0, gt=0, description="seconds a client has to send a whole request head; then 408 and the connection is closed")
    body_timeout: float = Field(30.0, gt=0, description="seconds a client has to send a whole request body once its head has arrived; then the connection is closed")
    keep_alive_timeout: float = Field(5.0, gt=0, description="seconds an idle keep-alive connection stays open")
    max_connections: int = Field(1_000, ge=1, description="most open connections; a connection over it gets 503 and is closed")
    max_client_connections: int = Field(64, ge=1, description="most open connections from one client address; over it 429 and closed")
    max_client_requests: int = Field(16, ge=1, description="most queries in flight from one client address (documents, pages and cached answers take no slot); one more waits up to client_queue_timeout, first come first served, then 429 with Retry-After")
    client_queue_timeout: float = Field(5.0, ge=0, description="seconds a query over its client's max_client_requests waits for a slot before the 429")
    max_response_bytes: int = Field(33_554_432, ge=1, description="largest answer sent (dumps excepted), in bytes; a larger one is a 503")
    validate_timeout: float = Field(10.0, gt=0, description="seconds POST /validate may spend parsing and validating an upload; then 503")
    validate_memory_mb: int = Field(512, ge=64, description="memory cap of the process that parses and validates an upload, in MiB")
    validate_workers: int = Field(1, ge=1, description="processes that parse and validate uploads (each holds the shapes and the ontology)")

    def __init__(self, **values):
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise UsageError(_explain(exc, values)) from None

    @field_validator("engine")
    @classmethod
    def _known_engine(cls, value: str) -> str:
        if value in LOCAL_ENGINES or value.startswith(("http://", "https://")):
            return value
        raise ValueError(f"must be one of {', '.join(LOCAL_ENGINES)} or an http(s) URL of a SPARQL endpoint")

    @property
    def builds(self) -> Path:
        return self.build_dir or (self.root / "build")

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """The settings from the environment, with ``overrides`` (None means: not given) on top."""
        return cls(**{k: v for k, v in overrides.items() if v is not None})


def _explain(exc: ValidationError, overrides: dict) -> str:
    """One line per bad setting, naming the variable and the value it had."""
    lines = []
    for error in exc.errors():
        name = str(error["loc"][0]) if error.get("loc") else "?"
        source = f"{ENV_PREFIX}{name.upper()}"
        given = error.get("input")
        where = f"{name}={given!r}" if name in overrides else f"{source}={given!r}"
        lines.append(f"{where} is not valid: {error['msg']}")
    return "; ".join(lines)


def documented_settings() -> dict[str, str]:
    """Setting name (as an environment variable) → its documentation."""
    return {f"{ENV_PREFIX}{name.upper()}": field.description or "" for name, field in Settings.model_fields.items()}


def settings_table() -> str:
    """The README's settings table (Markdown), generated from the fields above."""
    shown = {"root": "the checkout", "build_dir": "`<root>/build`"}
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        default = shown.get(name) or f"`{field.default}`"
        rows.append(f"| `{ENV_PREFIX}{name.upper()}` | {default} | {field.description} |")
    return "\n".join(rows) + "\n"
