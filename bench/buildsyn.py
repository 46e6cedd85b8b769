"""Build a generated dataset with the project's build (bench helper).

    .venv/bin/python bench/buildsyn.py ROOT [--owlrl] [--no-validate] [--json FILE]

Runs `build.build()` on ROOT with the fast reasoner (the build's default, `reasoner="fast"`;
--owlrl for the reference), and reports the step timings. With --no-validate it skips SHACL
validation and the quality checks (pyshacl needs more than 17 minutes at 500k triples); the rest
of the build is the same code.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def build_root(root: Path, fast: bool = True, quiet: bool = False, validate: bool = True) -> dict:
    from rightsgraph import build as build_module
    from rightsgraph.config import Settings
    from rightsgraph.progress import Progress

    if not validate:  # compile only: the same build code with SHACL validation and quality checks skipped
        build_module.validate = lambda *a, **k: []
        build_module.run_all = lambda *a, **k: ([], [])
    settings = Settings(root=root, build_dir=root / "build", reasoner="fast" if fast else "owlrl")
    started = time.perf_counter()
    report = build_module.build(settings, progress=Progress(6, quiet=quiet))
    return {
        "path": str(report.path),
        "digest": report.digest,
        "triples": report.triples,
        "graphs": report.graphs,
        "seconds": time.perf_counter() - started,
        "steps": report.timings,
        "reasoner": "fastreason" if fast else "owlrl",
        "validated": validate,
    }


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("root", type=Path)
    p.add_argument("--owlrl", action="store_true", help="keep the build's owlrl reasoner")
    p.add_argument("--json", type=Path, help="write the build's figures here")
    p.add_argument("--no-validate", action="store_true", help="skip SHACL validation and quality checks (compile only)")
    args = p.parse_args(argv)
    info = build_root(args.root.resolve(), fast=not args.owlrl, validate=not args.no_validate)
    if args.json:
        args.json.write_text(json.dumps(info, indent=2) + "\n")
    print(json.dumps(info, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
