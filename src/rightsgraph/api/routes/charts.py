"""/charts — pictures of the report: programmes over time and its series (data: ``api/series.py``;
machine twins: ``/api/figures`` and ``/api/programmes``)."""

from __future__ import annotations


from fastapi import APIRouter, Request

from ..cache import Answer, respond
from ..deps import ServiceDep
from ..html import render_bytes
from .. import series

router = APIRouter(tags=["web"])


@router.get("/charts", summary="Pictures of the report: programmes over time and its series", include_in_schema=False)
def charts(request: Request, service: ServiceDep):
    def compute() -> Answer:
        return Answer(render_bytes(request, "charts.html", series.charts_view(service)), "text/html; charset=utf-8")

    return respond(request, service.cache.answer(("charts",), compute))


