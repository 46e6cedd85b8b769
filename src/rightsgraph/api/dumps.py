"""The release's dump files, as /dumps/ lists and serves them: each dataset serialisation the manifest
names (with its media type and SHA-256) and, beside it, its gzipped copy."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

DUMP_NAMES = ("dataset.ttl", "dataset.nt", "dataset.nq", "dataset.trig", "dataset.jsonld")


@dataclass(frozen=True)
class Dump:
    name: str
    path: Path
    media_type: str
    size: int
    sha256: str
    compressed: bool


def release_dumps(release: Path, manifest: dict) -> dict[str, Dump]:
    """File name -> Dump, for the dumps of ``release`` its manifest lists and that exist, each followed by its .gz."""
    info = manifest.get("dumps", {})
    out = {}
    for name in DUMP_NAMES:
        path = release / "dumps" / name
        if name not in info or not path.is_file():
            continue
        meta = info[name]
        out[name] = Dump(name, path, meta["media_type"], path.stat().st_size, meta["sha256"], False)
        gz = path.with_name(name + ".gz")
        if gz.is_file():
            body = gz.read_bytes()
            out[gz.name] = Dump(gz.name, gz, "application/gzip", len(body), hashlib.sha256(body).hexdigest(), True)
    return out
