"""/ — the front end's headline: a state's treaties by status (``?state=``), with the evidence of each.

Rendered on the server and usable without JavaScript (``web/static/home.js`` switches the state
in place); the same answer is JSON by negotiation.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from ...namespaces import ID
from .. import records
from ..cache import Answer, json_bytes, respond
from ..conneg import HTML_OFFERS, JSON_OFFERS, negotiate
from ..deps import ServiceDep
from ..errors import ApiError
from ..html import human_date, render_bytes
from ..models import ERRORS
from ..service import Service

router = APIRouter(tags=["web"])

HEADLINE_STATE = "BLR"
StateParam = Annotated[str, Query(pattern=r"^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3 code of the state", examples=["BLR"])]

# The groups of the home page, in order: key, heading, what the group means.
GROUPS = (
    ("party", "Party", "Ratified, acceded or succeeded to."),
    ("signatory", "Signed, not ratified", "Signed; the sources name no ratification."),
    ("not-party", "Not party", "The sources say it is not party."),
    ("considering-accession", "Not party, considering accession", "Not party, and the sources say accession is being considered."),
    ("unknown", "Not stated", "Treaties of the dataset the sources say nothing about for this state."),
)
UNRATIFIED = ("not-party", "signatory")


def _state(service: Service, code: str) -> dict:
    iri = str(ID[f"state/{code.upper()}"])
    found = next((s for s in records.states(service) if s["iri"] == iri), None)
    if found is None:
        raise ApiError(404, f"no state with code {code!r}", {"hint": "an ISO 3166-1 alpha-3 code such as BLR; see /api/states"})
    return found



@router.get("/", summary="Home: which conventions has Belarus not ratified?", response_model=None, tags=["service"], responses=ERRORS,
            description="HTML for browsers; JSON (`Accept: application/json` or `?format=json`) with the same answer. "
                        "`?state=` asks about another state (ISO 3166-1 alpha-3 code; default BLR).")
def home(request: Request, service: ServiceDep, state: StateParam = HEADLINE_STATE):
    media, fmt = negotiate(request, HTML_OFFERS + JSON_OFFERS)
    code = state.upper()

    def compute() -> Answer:
        found = _state(service, code)
        treaties = records.state_treaties(service, found["iri"])
        answer = {
            "question": f"Which conventions has {found['label']} not ratified?",
            "state": {"iri": found["iri"], "label": found["label"]},
            "answer": [t for t in treaties if t["status"] in UNRATIFIED],
            "api": f"/api/states/{code}/treaties?status=unratified",
        }
        if fmt == "json":
            return Answer(json_bytes(answer), media)
        context = answer | {
            "code": code,
            "groups": _groups(treaties),
            "states": _state_choices(service),
            "total": len(treaties),
            "known": sum(1 for t in treaties if t["status"] != "unknown" or t["intentions"]),
            "triples": service.triple_count,
            "digest": service.digest,
            "queries": list(service.catalogue.values()),
        }
        return Answer(render_bytes(request, "home.html", context), "text/html; charset=utf-8")

    return respond(request, service.cache.answer(("home", code, fmt), compute))


def _group_of(treaty: dict) -> str:
    if treaty["status"] != "party" and "considering-accession" in treaty["intentions"]:
        return "considering-accession"
    return treaty["status"]


def _groups(treaties: list[dict]) -> list[dict]:
    by_group: dict[str, list] = {}
    for t in treaties:
        by_group.setdefault(_group_of(t), []).append(t | {"done": [_action_text(a) for a in t["actions"]]})
    return [{"key": key, "heading": heading, "meaning": meaning, "treaties": by_group.get(key, [])} for key, heading, meaning in GROUPS]


def _action_text(action: dict) -> str:
    """'accession, August 2001, without reservations'; a date the source bounds only: 'by 2009'."""
    parts = [action["type"] or "action"]
    if action["date"]:
        parts.append(human_date(action["date"]))
    elif action["not_later_than"]:
        parts.append(f"by {human_date(action['not_later_than'])}")
    if action["without_reservations"]:
        parts.append("without reservations")
    return ", ".join(parts)


def _state_choices(service: Service) -> list[dict]:
    """Every state of the dataset, the headline state first, then by name."""
    states = [{"code": s["code"], "label": s["label"]} for s in records.states(service) if s["code"]]
    return sorted(states, key=lambda s: (s["code"] != HEADLINE_STATE, s["label"].casefold()))


