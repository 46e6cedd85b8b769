"""/ (the headline answer), /health, /version and /api/docs."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ...namespaces import ID
from .. import records
from ..cache import Answer, json_bytes, respond
from ..conneg import HTML_OFFERS, JSON_OFFERS, negotiate
from ..deps import ServiceDep
from ..html import render, render_bytes

router = APIRouter(tags=["service"])

HEADLINE_STATE = "BLR"


@router.get("/", summary="Home: which conventions has Belarus not ratified?", response_model=None,
            description="HTML for browsers; JSON (`Accept: application/json` or `?format=json`) with the same answer.")
def home(request: Request, service: ServiceDep):
    media, fmt = negotiate(request, HTML_OFFERS + JSON_OFFERS)

    def compute() -> Answer:
        state = str(ID[f"state/{HEADLINE_STATE}"])
        unratified = [t for t in records.state_treaties(service, state) if t["status"] in ("not-party", "signatory")]
        answer = {
            "question": "Which conventions has Belarus not ratified?",
            "state": {"iri": state, "label": service.label(state)},
            "answer": unratified,
            "api": f"/api/states/{HEADLINE_STATE}/treaties?status=unratified",
        }
        if fmt == "html":
            return Answer(render_bytes(request, "home.html", answer | {"triples": service.triple_count, "digest": service.digest,
                                                                       "queries": list(service.catalogue.values())}),
                          "text/html; charset=utf-8")
        return Answer(json_bytes(answer), media)

    return respond(request, service.cache.answer(("home", fmt), compute))


@router.get("/health", summary="Liveness: answers at once, without touching an engine")
async def health():
    return {"status": "ok"}


@router.get("/version", summary="The build being served")
def version(service: ServiceDep):
    return {
        "digest": service.digest,
        "version": service.version,
        "triples": service.triple_count,
        "graphs": service.manifest.get("graphs", {}),
        "engine": service.settings.engine,
        "built": service.built_at.isoformat(),
    }


@router.get("/api/docs", summary="The API documentation as a page (from the OpenAPI schema at /openapi.json)",
            include_in_schema=False)
def api_docs(request: Request):
    schema = request.app.openapi()
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [{"name": p.get("name"), "in": p.get("in"), "required": p.get("required", False),
                       "description": p.get("description", "")} for p in op.get("parameters", [])]
            operations.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                               "description": op.get("description", ""), "params": params,
                               "responses": sorted(op.get("responses", {}))})
    return render(request, "api_docs.html", {"operations": operations, "title": schema["info"]["title"],
                                              "version": schema["info"]["version"]})
