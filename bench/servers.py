"""Servers the benchmark compares rightsgraph with, each run as its own process.

    .venv/bin/python bench/servers.py constant --port P
        a bare FastAPI app returning a constant JSON body from a plain `def` route, on the same
        uvicorn settings as `rightsgraph serve` (the ceiling for any route of the service)
    .venv/bin/python bench/servers.py rdflib-endpoint --port P --nquads build/current/dumps/dataset.nq
        rdflib-endpoint over an rdflib Dataset whose default graph is the union of the named graphs
"""

from __future__ import annotations

import argparse
import sys

# A typical ~1 KB SPARQL JSON answer (the size of the headline answer's first rows).
CONSTANT = (
    b'{"head":{"vars":["treaty","label","status"]},"results":{"bindings":['
    + b",".join(
        b'{"treaty":{"type":"uri","value":"https://w3id.org/rightsgraph/id/treaty/untc-IV-%d"},'
        b'"label":{"type":"literal","value":"A treaty","xml:lang":"en"},"status":{"type":"literal","value":"not-party"}}' % i
        for i in range(5)
    )
    + b"]}}"
)


def constant_app():
    from fastapi import FastAPI
    from fastapi.responses import Response

    app = FastAPI()

    @app.get("/constant")
    def constant():
        return Response(CONSTANT, media_type="application/sparql-results+json")

    return app


def rdflib_endpoint_app(nquads: str):
    from rdflib import Dataset
    from rdflib_endpoint import SparqlEndpoint

    ds = Dataset(default_union=True)
    ds.parse(nquads, format="nquads")
    return SparqlEndpoint(graph=ds, path="/sparql", title="rdflib-endpoint (benchmark)")


def main(argv=None) -> int:
    import uvicorn

    p = argparse.ArgumentParser()
    p.add_argument("kind", choices=("constant", "rdflib-endpoint"))
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--nquads")
    args = p.parse_args(argv)
    app = constant_app() if args.kind == "constant" else rdflib_endpoint_app(args.nquads)
    # The settings of `rightsgraph serve` (cli.cmd_serve).
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="info", timeout_keep_alive=5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
