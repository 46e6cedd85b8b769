"""/ — the front end's headline: a state's treaties by status (``?state=``), with the evidence of each.

The answer says whose each status is and as of when (the UNCT's 2009 submission; implied by a recommendation of
A/HRC/15/16, as of 12 May 2010), shows the editorial flags that hedge a status (rg:Ambiguity, linked), keeps a
delegation's status claim apart ("party (the delegation's claim)") and words an undated action as "undated (no later
than 2009)". The state picker offers the states the data gives a status for.

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
from ..html import render_bytes
from ..models import ERRORS
from ..service import Service

router = APIRouter(tags=["web"])

HEADLINE_STATE = "BLR"
StateParam = Annotated[str, Query(pattern=r"^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3 code of the state", examples=["BLR"])]

# The groups of the home page, in order: key, heading, what the group means.
GROUPS = (
    ("party", "Party", "Ratified, acceded or succeeded to."),
    ("signatory", "Signed, not ratified", "Signed; the sources name no ratification."),
    ("not-party", "Not party", "The sources state it is not party, or a recommendation to ratify, sign or accede implies it."),
    ("considering-accession", "Not party, considering accession", "Not party, and the sources say accession is being considered."),
    ("claimed", "Not stated; claimed party", "The sources state no status; a speaker claims one. A claim, not a status."),
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
        unratified = [t for t in treaties if t["status"] in UNRATIFIED]
        answer = {
            "question": f"Which conventions has {found['label']} not ratified?",
            "state": {"iri": found["iri"], "label": found["label"]},
            "answer": [t | {"according_to": _according_to(t)} for t in unratified],
            "sources": records.sources_of(service, unratified),
            "hedged": [{k: t[k] for k in ("iri", "label", "key", "status", "hedges")} for t in treaties if t["hedged"]],
            "claims": records.state_claims(service, found["iri"]),
            "api": f"/api/states/{code}/treaties?status=unratified",
        }
        if fmt == "json":
            return Answer(json_bytes(answer), media)
        context = answer | {
            "code": code,
            "groups": _groups(treaties),
            "states": _state_choices(service, found),
            "total": len(treaties),
            "known": sum(1 for t in treaties if t["status"] != "unknown" or t["intentions"] or t["claims"]),
            "triples": service.triple_count,
            "digest": service.digest,
            "queries": list(service.catalogue.values()),
        }
        return Answer(render_bytes(request, "home.html", context), "text/html; charset=utf-8")

    return respond(request, service.cache.answer(("home", code, fmt), compute))


def _group_of(treaty: dict) -> str:
    if treaty["status"] != "party" and "considering-accession" in treaty["intentions"]:
        return "considering-accession"
    if treaty["status"] == "unknown" and treaty["claims"]:
        return "claimed"
    return treaty["status"]


def _according_to(treaty: dict) -> list[str]:
    """Whose the treaty's unratified status is and as of when, one phrase per source."""
    if treaty["status"] == "signatory":
        return [a["according_to"] for a in treaty["actions"] if a["type"] == "signature"]
    return [a["according_to"] for a in treaty["assertions"] if "not-party" in a["status"]]


def _groups(treaties: list[dict]) -> list[dict]:
    by_group: dict[str, list] = {}
    for t in treaties:
        by_group.setdefault(_group_of(t), []).append(t | {"done": [a["wording"] for a in t["actions"]]})
    return [{"key": key, "heading": heading, "meaning": meaning, "treaties": by_group.get(key, [])} for key, heading, meaning in GROUPS]


def _state_choices(service: Service, current: dict) -> list[dict]:
    """The states the data gives a treaty status for, the headline state first, then by name; a state asked for
    by ``?state=`` that has none is offered too, saying so."""
    with_statuses = records.states_with_statuses(service)
    states = [{"code": s["code"], "label": s["label"]} for s in records.states(service) if s["code"] and s["iri"] in with_statuses]
    if current["iri"] not in with_statuses and current.get("code"):
        states.append({"code": current["code"], "label": f"{current['label']} (no treaty status in the sources)"})
    return sorted(states, key=lambda s: (s["code"] != HEADLINE_STATE, s["label"].casefold()))
