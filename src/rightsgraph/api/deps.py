"""Dependencies shared by the routers, and the small helpers every list endpoint uses."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from .errors import ApiError
from .service import Service

MAX_PAGE = 1000


async def get_service(request: Request) -> Service:
    """The app's service. ``async`` so that FastAPI resolves it on the event loop: a plain ``def``
    dependency costs every request a hop to the thread pool (measured: docs/engines.md)."""
    return request.app.state.service


ServiceDep = Annotated[Service, Depends(get_service)]
Limit = Annotated[int | None, Query(ge=1, le=MAX_PAGE, description="items per page (default: the page_size setting)")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")]


def page(request: Request, service: Service, items: list, limit: int | None, offset: int) -> dict:
    """One page of a list, in the envelope every list uses: items, total, limit, offset, next."""
    size = limit or service.settings.page_size
    chunk = items[offset:offset + size]
    following = None
    if offset + size < len(items):
        following = str(request.url.include_query_params(offset=offset + size, limit=size))
    return {"items": chunk, "total": len(items), "limit": size, "offset": offset, "next": following}


def not_found(what: str) -> ApiError:
    return ApiError(404, f"no {what}")


def base_url(request: Request) -> str:
    """The service's own base URL as the client reached it (scheme, host, port), ending in /."""
    return str(request.base_url)


def endpoint_url(request: Request) -> str:
    """The URL requested, without its query string."""
    return str(request.url.replace(query="", fragment="")).rstrip("?")
