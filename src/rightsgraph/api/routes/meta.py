"""/health, /version and /api/docs (the web pages are in routes/home.py, charts.py, editor.py and browse.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ..deps import ServiceDep
from ..html import render

router = APIRouter(tags=["service"])


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
