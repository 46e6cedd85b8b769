"""One typed settings object, read from environment variables prefixed RIGHTSGRAPH_."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import UsageError

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    """Every setting, its default and its meaning. Each can be set as RIGHTSGRAPH_<NAME>."""

    root: Path = field(default=_PACKAGE_ROOT, metadata={"doc": "project directory holding ontology/, shapes/, data/, queries/"})
    build_dir: Path | None = field(default=None, metadata={"doc": "where builds are written (default: <root>/build)"})
    public_base: str = field(default="https://w3id.org/rightsgraph/", metadata={"doc": "canonical base of the dataset's IRIs"})
    engine: str = field(default="oxigraph", metadata={"doc": "query engine: oxigraph (default) or rdflib (reference)"})
    reasoner: str = field(default="fast", metadata={"doc": "OWL-RL reasoner of the build: fast (the ontology's rules, default) or owlrl (reference)"})
    validator: str = field(default="fast", metadata={"doc": "SHACL validator of the build: fast (fastshacl, the shapes' SHACL on pyoxigraph, default) or pyshacl (reference)"})
    query_timeout: float = field(default=10.0, metadata={"doc": "seconds a query may run before it is stopped"})
    query_workers: int = field(default=2, metadata={"doc": "worker processes that run queries (each opens the build's store read-only)"})
    query_store: str = field(default="auto", metadata={"doc": "what query workers read: memory (each loads the build), disk (all share the on-disk store read-only) or auto (memory up to 1M triples)"})
    query_memory_mb: int = field(default=1024, metadata={"doc": "memory cap of each query worker, in MiB"})
    queue_timeout: float = field(default=2.0, metadata={"doc": "seconds a request waits for a free worker before a 503"})
    max_query_length: int = field(default=100_000, metadata={"doc": "longest SPARQL text accepted, in characters"})
    max_nesting: int = field(default=64, metadata={"doc": "deepest bracket nesting accepted in a query"})
    max_body_bytes: int = field(default=1_000_000, metadata={"doc": "largest request body accepted, in bytes"})
    max_rows: int = field(default=10_000, metadata={"doc": "most result rows returned; more are cut with a truncation signal"})
    page_size: int = field(default=50, metadata={"doc": "default page size of /api lists"})
    cache_size: int = field(default=1024, metadata={"doc": "number of answers kept in the per-build cache"})
    max_url_bytes: int = field(default=16_384, metadata={"doc": 'longest request target (path and query string) accepted, in bytes; longer is 414 (POST long queries)'})
    max_header_bytes: int = field(default=32_768, metadata={"doc": 'largest request head (request line and headers) accepted, in bytes; larger is 431'})
    max_headers: int = field(default=100, metadata={"doc": 'most request header fields accepted; more is 431'})
    header_timeout: float = field(default=10.0, metadata={"doc": 'seconds a client has to send a whole request head; then 408 and the connection is closed'})
    body_timeout: float = field(default=30.0, metadata={"doc": 'seconds a client has to send a whole request body once its head has arrived; then the connection is closed'})
    keep_alive_timeout: float = field(default=5.0, metadata={"doc": 'seconds an idle keep-alive connection stays open'})
    max_connections: int = field(default=1_000, metadata={"doc": 'most open connections; a connection over it gets 503 and is closed'})
    max_client_connections: int = field(default=64, metadata={"doc": 'most open connections from one client address; over it 429 and closed'})
    max_client_requests: int = field(default=16, metadata={"doc": 'most requests in flight from one client address; over it 429 with Retry-After'})
    max_response_bytes: int = field(default=33_554_432, metadata={"doc": 'largest answer sent (dumps excepted), in bytes; a larger one is a 503'})
    validate_timeout: float = field(default=10.0, metadata={"doc": 'seconds POST /validate may spend parsing and validating an upload; then 503'})
    validate_memory_mb: int = field(default=512, metadata={"doc": 'memory cap of the process that parses and validates an upload, in MiB'})
    validate_workers: int = field(default=1, metadata={"doc": 'processes that parse and validate uploads (each holds the shapes and the ontology)'})

    @property
    def builds(self) -> Path:
        return self.build_dir or (self.root / "build")

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        values = {}
        for f in fields(cls):
            raw = os.environ.get(f"RIGHTSGRAPH_{f.name.upper()}")
            if raw is None:
                continue
            kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
            try:
                if "Path" in kind:
                    values[f.name] = Path(raw)
                elif kind == "int":
                    values[f.name] = int(raw)
                elif kind == "float":
                    values[f.name] = float(raw)
                else:
                    values[f.name] = raw
            except ValueError as exc:
                raise UsageError(f"RIGHTSGRAPH_{f.name.upper()}={raw!r} is not a valid {kind}") from exc
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def documented_settings() -> dict[str, str]:
    """Setting name (as an environment variable) → its documentation."""
    return {f"RIGHTSGRAPH_{f.name.upper()}": f.metadata.get("doc", "") for f in fields(Settings)}
