"""/reviews/{key} — the review page (State under review, session, dates, troika, delegation, documents, questions in
advance, the dialogue, the delegation's claims and figures, the recommendations by position); /api/reviews and
/api/reviews/{key} its JSON."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from .. import review
from ..cache import Answer, json_bytes, request_key, respond
from ..conneg import HTML_OFFERS, JSON_OFFERS, negotiate
from ..deps import ServiceDep
from ..errors import ApiError
from ..html import render_bytes
from ..models import ERRORS
from ..models_review import Review, ReviewList

router = APIRouter()

ReviewKey = Annotated[str, Path(max_length=200, description="the review's key, e.g. upr-blr-2010", examples=["upr-blr-2010"])]


def _found(service, key: str) -> dict:
    found = review.review(service, key)
    if found is None:
        raise ApiError(404, f"no review with key {key!r}", {"known": review.review_keys(service)})
    return found


@router.get("/api/reviews", tags=["reviews"], summary="Reviews", response_model=None, responses={200: {"model": ReviewList}} | ERRORS,
            description="Every review of the dataset (a State's Universal Periodic Review): State under review, session, dates of "
                        "review and adoption, troika, outcome document, with its page and JSON.")
def list_reviews(request: Request, service: ServiceDep):
    media, _ = negotiate(request, JSON_OFFERS, format_param=False)
    return respond(request, service.cache.answer(("api",) + request_key(request), lambda: Answer(
        json_bytes({"items": review.reviews(service), "total": len(review.review_keys(service))}), media)))


@router.get("/api/reviews/{key}", tags=["reviews"], summary="One review, with its dialogue", response_model=None,
            responses={200: {"model": Review}} | ERRORS,
            description="The review as the Working Group's report records it: session, dates, troika, the delegation (head and "
                        "members with their posts, as the annex gives them: the delegation's text), documents by symbol, the States "
                        "that sent questions in advance, the dialogue (each statement with its acts in the report's words), the "
                        "delegation's replies, claims and figures (each attributed to the delegation), and the recommendations by "
                        "Belarus's position with the response due.")
def get_review(key: ReviewKey, request: Request, service: ServiceDep):
    media, _ = negotiate(request, JSON_OFFERS, format_param=False)
    return respond(request, service.cache.answer(("api",) + request_key(request), lambda: Answer(json_bytes(_found(service, key)), media)))


@router.get("/reviews/{key}", tags=["web"], summary="The review page", include_in_schema=False)
def review_page(key: ReviewKey, request: Request, service: ServiceDep):
    media, fmt = negotiate(request, HTML_OFFERS + JSON_OFFERS)

    def compute() -> Answer:
        found = _found(service, key)
        if fmt == "json":
            return Answer(json_bytes(found), media)
        return Answer(render_bytes(request, "review.html", {"r": found, "api": f"/api/reviews/{key}",
                                                            "crumbs": [("Home", "/"), ("Reviews", "/reviews"), (found["label"], None)]}),
                      "text/html; charset=utf-8")

    return respond(request, service.cache.answer(("review-page", key, fmt), compute))


@router.get("/reviews", tags=["web"], summary="The reviews", include_in_schema=False)
def reviews_page(request: Request, service: ServiceDep):
    media, fmt = negotiate(request, HTML_OFFERS + JSON_OFFERS)

    def compute() -> Answer:
        items = review.reviews(service)
        if fmt == "json":
            return Answer(json_bytes({"items": items, "total": len(items)}), media)
        return Answer(render_bytes(request, "reviews.html", {"items": items, "crumbs": [("Home", "/"), ("Reviews", None)]}),
                      "text/html; charset=utf-8")

    return respond(request, service.cache.answer(("reviews-page", fmt), compute))
