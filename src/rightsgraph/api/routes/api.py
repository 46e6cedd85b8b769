"""/api/...: JSON for the front end, one router per resource. Lists are paginated
(``limit``, ``offset`` → ``{"items", "total", "limit", "offset", "next"}``), every item has ``iri`` and
``label``, and answers are cached per build with ETags."""

from __future__ import annotations

import re
from typing import Annotated, Callable, Literal

from fastapi import APIRouter, Path, Query, Request

from ...errors import UsageError
from ...namespaces import ID
from ...query.named import Param
from .. import records
from ..cache import Answer, json_bytes, request_key, respond
from ..conneg import JSON_OFFERS, negotiate
from ..deps import Limit, Offset, ServiceDep, page
from ..errors import ApiError
from ..models import (ERRORS, Figure, Obligation, Organization, Page, Programme, RecommendationPage, SearchHit, State,
                      Treaty, TreatyDetail, TreatyStanding)
from ..search import search_hits
from ..service import Service

states_router = APIRouter(prefix="/api/states", tags=["states"])
treaties_router = APIRouter(prefix="/api/treaties", tags=["treaties"])
organizations_router = APIRouter(prefix="/api/organizations", tags=["organizations"])
programmes_router = APIRouter(prefix="/api/programmes", tags=["programmes"])
recommendations_router = APIRouter(prefix="/api/recommendations", tags=["recommendations"])
obligations_router = APIRouter(prefix="/api/obligations", tags=["obligations"])
figures_router = APIRouter(prefix="/api/figures", tags=["figures"])
search_router = APIRouter(prefix="/api/search", tags=["search"])
routers = [states_router, treaties_router, organizations_router, programmes_router, recommendations_router,
           obligations_router, figures_router, search_router]

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]{0,199}\Z")
StateCode = Annotated[str, Path(description="ISO 3166-1 alpha-3 code, e.g. BLR", examples=["BLR"])]


def _json(request: Request, service: Service, compute: Callable[[], object]):
    """The cached JSON answer to this GET (406 if the client accepts no JSON)."""
    media, _ = negotiate(request, JSON_OFFERS, format_param=False)
    return respond(request, service.cache.answer(("api",) + request_key(request), lambda: Answer(json_bytes(compute()), media)))


def _listing(request: Request, service: Service, items: Callable[[], list], limit: int | None, offset: int):
    return _json(request, service, lambda: page(request, service, items(), limit, offset))


def _state(service: Service, code: str) -> dict:
    iri = str(ID[f"state/{code.upper()}"]) if re.fullmatch(r"[A-Za-z]{3}", code) else None
    found = next((s for s in records.states(service) if s["iri"] == iri), None)
    if found is None:
        raise ApiError(404, f"no state with code {code!r}", {"hint": "an ISO 3166-1 alpha-3 code such as BLR; see /api/states"})
    return found


# ------------------------------------------------------------------------------------ states


@states_router.get("", summary="States", response_model=None, responses={200: {"model": Page[State]}} | ERRORS)
def list_states(request: Request, service: ServiceDep, limit: Limit = None, offset: Offset = 0):
    return _listing(request, service, lambda: records.states(service), limit, offset)


@states_router.get("/{code}", summary="One state", response_model=None, responses={200: {"model": State}} | ERRORS)
def get_state(code: StateCode, request: Request, service: ServiceDep):
    return _json(request, service, lambda: _state(service, code))


@states_router.get(
    "/{code}/treaties",
    summary="A state's standing towards every treaty",
    description=(
        "Each treaty of the dataset with the state's `status`: `party` when the build derived rg:partyTo (a ratification, "
        "accession, succession, acceptance or approval), else `signatory` (rg:signatoryOf), else `not-party` when a "
        "status assertion says so, else `unknown`; `intentions` from other status assertions (e.g. considering-accession); "
        "the `actions` and the `evidence` (paragraph and exact quote). `?status=unratified` gives exactly the treaties "
        "that are `not-party` or `signatory` — never `unknown`, of which the sources say nothing."
    ),
    response_model=None,
    responses={200: {"model": Page[TreatyStanding]}} | ERRORS,
)
def state_treaties(
    code: StateCode,
    request: Request,
    service: ServiceDep,
    status: Annotated[Literal["party", "signatory", "not-party", "unknown", "unratified"] | None,
                      Query(description="only treaties with this status; unratified = not-party or signatory")] = None,
    basis: Annotated[Literal["stated", "implied"] | None,
                     Query(description="only not-party statuses a source states, or only those implied by a recommendation to ratify")] = None,
    limit: Limit = None,
    offset: Offset = 0,
):
    state = _state(service, code)
    wanted = {"unratified": {"not-party", "signatory"}}.get(status or "", {status} if status else set(records.STATUSES))
    bases = {"stated": {"stated"}, "implied": {"implied-by-recommendation"}}.get(basis or "")

    def keep(t: dict) -> bool:
        return t["status"] in wanted and (bases is None or bool(bases & set(t["bases"])) or
                                          (t["status"] == "signatory" and basis == "stated"))

    return _listing(request, service, lambda: [t for t in records.state_treaties(service, state["iri"]) if keep(t)], limit, offset)


# ------------------------------------------------------------------------------------ treaties


@treaties_router.get("", summary="Treaties", response_model=None, responses={200: {"model": Page[Treaty]}} | ERRORS)
def list_treaties(
    request: Request, service: ServiceDep,
    theme: Annotated[str | None, Query(description="a theme notation (e.g. asylum) or IRI")] = None,
    limit: Limit = None, offset: Offset = 0,
):
    return _listing(request, service, lambda: [t for t in records.treaties(service) if not theme or records.matches(t["themes"], theme)],
                    limit, offset)


@treaties_router.get("/{key}", summary="One treaty, with the states the data says something about",
                     response_model=None, responses={200: {"model": TreatyDetail}} | ERRORS)
def get_treaty(key: Annotated[str, Path(description="the treaty's key, e.g. untc-V-2 or coe-ets-166", examples=["untc-V-2"])],
               request: Request, service: ServiceDep):
    def compute():
        found = next((t for t in records.treaties(service) if t["key"] == key), None) if _KEY.match(key) else None
        if found is None:
            raise ApiError(404, f"no treaty with key {key!r}", {"hint": "see /api/treaties"})
        return found | {"parties": records.treaty_parties(service, found["iri"])}

    return _json(request, service, compute)


# ------------------------------------------------------------------------------------ organisations and the rest


@organizations_router.get("", summary="Organisations", response_model=None, responses={200: {"model": Page[Organization]}} | ERRORS)
def list_organizations(
    request: Request, service: ServiceDep,
    kind: Annotated[Literal["intergovernmental", "government", "civil-society"] | None, Query(description="only this kind")] = None,
    limit: Limit = None, offset: Offset = 0,
):
    return _listing(request, service, lambda: [o for o in records.organizations(service) if not kind or o["kind"] == kind],
                    limit, offset)


def _agents(service: Service, wanted: str) -> set[str]:
    """IRIs of the organisations and states a filter value names: by IRI, key, acronym or label."""
    w = wanted.strip().casefold()
    out = set()
    for r in records.organizations(service) + records.states(service):
        names = {r["iri"].casefold(), r["iri"].rsplit("/", 1)[-1].casefold(), r["label"].casefold(),
                 str(r.get("acronym") or "").casefold(), str(r.get("code") or "").casefold()}
        if w in names:
            out.add(r["iri"])
    return out


def _year(value) -> int | None:
    m = re.match(r"^(\d{4})", str(value or ""))
    return int(m.group(1)) if m else None


def _active(programme: dict, year: int) -> bool:
    start, end = _year(programme["start_date"]), _year(programme["end_date"])
    if start is None and end is None:
        return False
    return (start is None or start <= year) and (end is None or year <= end)


@programmes_router.get(
    "", summary="Programmes and projects", response_model=None, responses={200: {"model": Page[Programme]}} | ERRORS,
    description="rg:Programme and rg:Project resources. `funder` / `implementer` name an organisation or state by key "
                "(unhcr), acronym (IOM), label or IRI; `year` keeps those whose period includes it (a programme with only a "
                "start or an end date counts from or up to that year).",
)
def list_programmes(
    request: Request, service: ServiceDep,
    funder: Annotated[str | None, Query(max_length=300, description="key, acronym, label or IRI of a funder", examples=["european-commission"])] = None,
    implementer: Annotated[str | None, Query(max_length=300, description="key, acronym, label or IRI of an implementer", examples=["IOM"])] = None,
    year: Annotated[int | None, Query(ge=1000, le=9999, description="a year the programme was running")] = None,
    limit: Limit = None, offset: Offset = 0,
):
    def items():
        out = records.programmes(service)
        if funder:
            funders = _agents(service, funder)
            out = [p for p in out if funders & {r["iri"] for r in p["funders"] + p["co_funders"]}]
        if implementer:
            implementers = _agents(service, implementer)
            out = [p for p in out if implementers & {r["iri"] for r in p["implementers"]}]
        if year is not None:
            out = [p for p in out if _active(p, year)]
        return out

    return _listing(request, service, items, limit, offset)


@recommendations_router.get(
    "", summary="Recommendations", response_model=None, responses={200: {"model": RecommendationPage}} | ERRORS,
    description="Every recommendation of every source: the UN Country Team's (2009) and, from the Working Group's report "
                "(2010), one item per clause with its recommending State(s), the numbered recommendation it belongs to and "
                "the position of the State under review recorded on it. Filters combine; `facets` counts the filtered list "
                "per recommending State, per instrument or target, and per latest position.",
)
def list_recommendations(
    request: Request, service: ServiceDep,
    state: Annotated[str | None, Query(max_length=300, description="a recommending State (ISO 3166-1 alpha-3 code, label or IRI) or body (e.g. unct-belarus)", examples=["SWE"])] = None,
    instrument: Annotated[str | None, Query(max_length=300, description="what it concerns: a treaty key (untc-IV-15), label or IRI", examples=["untc-IV-15"])] = None,
    position: Annotated[str | None, Query(max_length=300, description="the latest recorded position: supported, to-be-examined (notation) or IRI", examples=["to-be-examined"])] = None,
    theme: Annotated[str | None, Query(max_length=300, description="a theme notation (e.g. asylum) or IRI", examples=["trafficking"])] = None,
    source: Annotated[str | None, Query(max_length=300, description="the document: a-hrc-15-16, unct-blr-2009, or its IRI", examples=["a-hrc-15-16"])] = None,
    limit: Limit = None, offset: Offset = 0,
):
    def wanted(r: dict) -> bool:
        return ((not state or records.matches(r["recommended_by"], state) or records.matches(r["attributed_to"], state))
                and (not instrument or records.matches(r["concerns"], instrument))
                and (not position or records.matches([p["value"] for p in r["positions"][-1:] if p["value"]], position))
                and (not theme or records.matches(r["themes"], theme))
                and (not source or records.matches(r["source"], source)))

    def answer() -> dict:
        items = [r for r in records.recommendations(service) if wanted(r)]
        return page(request, service, items, limit, offset) | {"facets": records.recommendation_facets(items)}

    return _json(request, service, answer)


@obligations_router.get("", summary="Obligations", response_model=None, responses={200: {"model": Page[Obligation]}} | ERRORS,
                        description="`state` keeps the obligations the state bears (asserted, or derived for every state party to the instrument).")
def list_obligations(
    request: Request, service: ServiceDep,
    state: Annotated[str | None, Query(max_length=300, description="ISO 3166-1 alpha-3 code or state IRI", examples=["BLR"])] = None,
    limit: Limit = None, offset: Offset = 0,
):
    bearer = None
    if state:
        try:
            bearer = str(Param("state", "state").to_term(state))
        except UsageError as exc:
            raise ApiError(400, str(exc)) from None
    return _listing(request, service, lambda: [o for o in records.obligations(service)
                                               if bearer is None or bearer in {b["iri"] for b in o["bearers"]}], limit, offset)


@figures_router.get("", summary="Figures (observations)", response_model=None, responses={200: {"model": Page[Figure]}} | ERRORS)
def list_figures(
    request: Request, service: ServiceDep,
    measure: Annotated[str | None, Query(max_length=300, description="a measure notation or IRI", examples=["asylum-applications"])] = None,
    limit: Limit = None, offset: Offset = 0,
):
    return _listing(request, service, lambda: [f for f in records.figures(service) if not measure or records.matches(f["measure"], measure)],
                    limit, offset)


# ------------------------------------------------------------------------------------ search

@search_router.get("", summary="Search labels and quotes", response_model=None, responses={200: {"model": Page[SearchHit]}} | ERRORS,
                   description="Resources whose label (rdfs:label, skos:prefLabel, skos:altLabel) or quote contains `q`, "
                               "ignoring case. `q` is bound as a literal, never spliced into a query.")
def search(
    request: Request, service: ServiceDep,
    q: Annotated[str, Query(min_length=2, max_length=200, description="the text to look for", examples=["statelessness"])],
    limit: Limit = None, offset: Offset = 0,
):
    return _listing(request, service, lambda: search_hits(service, q), limit, offset)
