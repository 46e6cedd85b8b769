"""Build a generated dataset with the project's build (bench helper).

    .venv/bin/python bench/buildsyn.py ROOT [--owlrl] [--pyshacl] [--no-validate] [--json FILE]

Runs `build.build()` on ROOT with the fast reasoner and the fast validator (the build's defaults,
`reasoner="fast"`, `validator="fast"`; --owlrl and --pyshacl for the references), and reports the
step timings. With --no-validate it skips SHACL validation and the quality checks (for timing the rest
alone; the rest of the build is the same code). --compare-validators CAP times fastshacl and
pyshacl on ROOT's data instead of building (bench/results/2026-12-01-vm-build500k.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def build_root(root: Path, fast: bool = True, quiet: bool = False, validate: bool = True, validator: str = "fast") -> dict:
    from rightsgraph.build import pipeline as build_module
    from rightsgraph.config import Settings
    from rightsgraph.build.progress import Progress

    if not validate:  # compile only: the same build code with SHACL validation and quality checks skipped
        build_module._validate_layers = lambda *a, **k: []
        build_module.run_all_store = lambda *a, **k: ([], [])
    settings = Settings(root=root, build_dir=root / "build", reasoner="fast" if fast else "owlrl", validator=validator)
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
        "validator": validator if validate else None,
        "validated": validate,
    }


def compare_validators(root: Path, cap: float = 300.0) -> dict:
    """Seconds of fastshacl and of pyshacl (in a child process, stopped after ``cap`` s) on ROOT's data.

    Both validate data + sources + ontology against the shapes, as the build does; the loading
    (pyoxigraph for fastshacl, rdflib graphs for pyshacl) is not counted.
    """
    import subprocess

    from rightsgraph.build import fastshacl
    from rightsgraph.build.pipeline import _load_store
    from rightsgraph.build.loading import load_store_layers

    layers = load_store_layers(root)
    store = _load_store(layers.ontology_triples, layers.data_triples, layers.sources_triples)
    started = time.perf_counter()
    fast = fastshacl.validate_store(store, layers.shapes, layers.subject_files, ontology=layers.ontology)
    out = {"fast": {"seconds": time.perf_counter() - started, "results": len(fast)}}
    child = (
        "import json, sys, time\n"
        "from pathlib import Path\n"
        "from rightsgraph.build.loading import load_layers\n"
        "from rightsgraph.build.validation import validate\n"
        "layers = load_layers(Path(sys.argv[1]))\n"
        "data = layers.validation_graph()\n"
        "t = time.perf_counter()\n"
        "r = validate(data, layers.shapes, layers.ontology, layers.subject_files)\n"
        "print(json.dumps({'seconds': time.perf_counter() - t, 'results': len(r)}))\n"
    )
    try:
        done = subprocess.run([sys.executable, "-c", child, str(root)], capture_output=True, text=True, timeout=cap + 120)
        out["pyshacl"] = json.loads(done.stdout.strip().splitlines()[-1])
    except subprocess.TimeoutExpired:
        out["pyshacl"] = {"seconds": None, "capped_at": cap, "note": "rdflib load included in the cap's 120 s allowance"}
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("root", type=Path)
    p.add_argument("--owlrl", action="store_true", help="keep the build's owlrl reasoner")
    p.add_argument("--json", type=Path, help="write the build's figures here")
    p.add_argument("--no-validate", action="store_true", help="skip SHACL validation and quality checks (compile only)")
    p.add_argument("--pyshacl", action="store_true", help="validate with pyshacl (the reference) instead of fastshacl")
    p.add_argument("--compare-validators", type=float, metavar="CAP", help="instead of building, time fastshacl and pyshacl (stopped after CAP s)")
    args = p.parse_args(argv)
    if args.compare_validators:
        info = compare_validators(args.root.resolve(), args.compare_validators)
        if args.json:
            args.json.write_text(json.dumps(info, indent=2) + "\n")
        print(json.dumps(info, indent=2))
        return 0
    info = build_root(args.root.resolve(), fast=not args.owlrl, validate=not args.no_validate, validator="pyshacl" if args.pyshacl else "fast")
    if args.json:
        args.json.write_text(json.dumps(info, indent=2) + "\n")
    print(json.dumps(info, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
