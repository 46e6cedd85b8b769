"""/api: the headline answer computed independently, evidence that holds, filters, pagination, the
documented models, CORS and the OpenAPI schema."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from rightsgraph.api.models import (Figure, Obligation, Organization, Page, Programme, Recommendation, SearchHit, State,
                                    Treaty, TreatyDetail, TreatyStanding)
from rightsgraph.namespaces import ID, RG

BLR = str(ID["state/BLR"])
PARTY_MAKING = ("ratification", "accession", "succession", "acceptance", "approval")


def treaty(key: str) -> str:
    return str(ID[f"treaty/{key}"])


@pytest.fixture(scope="module")
def expected_unratified(compiled) -> set[str]:
    """From the dump, with rdflib and without the build's derived rg:partyTo: treaties with a not-party
    assertion or a signature, minus those with a ratification, accession, succession, acceptance or approval."""
    prefix = "PREFIX rg: <https://w3id.org/rightsgraph/def#> PREFIX a: <https://w3id.org/rightsgraph/id/concept/treaty-action/> "
    state = URIRef(BLR)
    not_party = {str(r.t) for r in compiled.query(
        prefix + "SELECT ?t WHERE { ?x a rg:StatusAssertion ; rg:state ?s ; rg:treaty ?t ; "
                 "rg:status <https://w3id.org/rightsgraph/id/concept/participation-status/not-party> }", initBindings={"s": state})}
    signed = {str(r.t) for r in compiled.query(
        prefix + "SELECT ?t WHERE { ?x a rg:TreatyAction ; rg:state ?s ; rg:treaty ?t ; rg:actionType a:signature }", initBindings={"s": state})}
    values = " ".join(f"a:{t}" for t in PARTY_MAKING)
    bound = {str(r.t) for r in compiled.query(
        prefix + f"SELECT ?t WHERE {{ VALUES ?type {{ {values} }} ?x a rg:TreatyAction ; rg:state ?s ; rg:treaty ?t ; rg:actionType ?type }}",
        initBindings={"s": state})}
    return (not_party | signed) - bound


@pytest.fixture(scope="module")
def paragraph_text(compiled) -> dict[str, str]:
    return {str(p): str(t) for p, t in compiled.subject_objects(RG.text)}


def all_items(client, path: str, **params) -> list[dict]:
    """Every item of a paginated list, following `next`."""
    items, url = [], path
    first = client.get(url, params=params | {"limit": 7})
    assert first.status_code == 200, first.text
    body = first.json()
    while True:
        items += body["items"]
        if not body["next"]:
            break
        body = client.get(body["next"]).json()
    assert len(items) == first.json()["total"]
    return items


def test_unratified_is_what_the_data_says(client, expected_unratified):
    r = client.get("/api/states/BLR/treaties", params={"status": "unratified"})
    assert r.status_code == 200
    page = Page[TreatyStanding].model_validate(r.json())
    assert {t.iri for t in page.items} == expected_unratified
    assert all(t.status in ("not-party", "signatory") for t in page.items)


# Stated not party by the UNCT (2009 ¶¶2, 66) / implied by the 2010 recommendations to ratify, sign or accede.
STATED = {"untc-V-3", "untc-V-4", "coe-ets-166", "untc-IV-13"}
IMPLIED = {"untc-IV-13", "untc-IV-15", "untc-IV-15-a", "untc-IV-16", "untc-IV-9-b", "untc-IV-3-a", "untc-IV-12", "coe-ets-114", "coe-ets-187"}


def test_unratified_is_the_answer_of_both_sources(client):
    def keys(**params):
        return {t["key"] for t in client.get("/api/states/BLR/treaties", params={"status": "unratified", "limit": 100} | params).json()["items"]}

    found = keys()
    assert found == STATED | IMPLIED
    for ratified in ("untc-V-2", "untc-V-5", "untc-XVIII-12", "untc-XVIII-12-a", "untc-IV-9", "untc-IV-4"):
        assert ratified not in found  # party (2009), party by the delegation's claim (CAT, 2010 ¶56), the ICCPR itself
    assert keys(basis="stated") == STATED and keys(basis="implied") == IMPLIED
    items = {t["key"]: t for t in client.get("/api/states/BLR/treaties", params={"status": "unratified", "limit": 100}).json()["items"]}
    implied = [a for a in items["untc-IV-15"]["assertions"] if a["basis"] == "implied-by-recommendation"]
    assert implied and implied[0]["as_of"] == "2010-05-12" and implied[0]["implied_by"] and implied[0]["recommending_states"]
    assert {p["value"]["notation"] for a in implied for p in a["positions"]} <= {"supported", "to-be-examined"} and implied[0]["positions"]
    assert {a["basis"] for a in items["untc-V-3"]["assertions"]} == {"stated"}
    assert set(items["untc-IV-13"]["bases"]) == {"stated", "implied-by-recommendation"}  # the ICRMW: 2009 ¶66 and 97.1


def test_a_bad_basis_is_a_422(client):
    r = client.get("/api/states/BLR/treaties", params={"status": "unratified", "basis": "rumoured"})
    assert r.status_code == 422 and r.json()["error"]["code"] == 422


def test_standing_towards_every_treaty(client, compiled):
    items = all_items(client, "/api/states/BLR/treaties")
    Page[TreatyStanding].model_validate({"items": items, "total": len(items), "limit": len(items), "offset": 0, "next": None})
    assert {t["iri"] for t in items} == {str(t) for t in compiled.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), RG.Treaty)}
    by_key = {t["key"]: t for t in items}
    assert by_key["untc-V-2"]["status"] == "party"
    accession = by_key["untc-V-2"]["actions"][0]
    assert accession["type"] == "accession" and accession["date"] == "2001-08" and accession["without_reservations"] is True
    assert by_key["untc-V-3"]["intentions"] == ["considering-accession"]
    assert by_key["untc-XVIII-12-b"]["status"] == "party"
    signature = next(a for a in by_key["untc-XVIII-12-b"]["actions"] if a["type"] == "signature")
    assert signature["date"] is None and signature["not_later_than"] == "2009"
    unknown = [t for t in items if t["status"] == "unknown"]
    assert all(not t["actions"] and not t["assertions"] for t in unknown)
    for status in ("party", "signatory", "not-party", "unknown"):
        filtered = client.get("/api/states/BLR/treaties", params={"status": status, "limit": 1000}).json()["items"]
        assert {t["key"] for t in filtered} == {t["key"] for t in items if t["status"] == status}


def test_every_evidence_quote_is_in_its_paragraph(client, paragraph_text):
    checked = 0
    for path in ("/api/states/BLR/treaties", "/api/treaties", "/api/organizations", "/api/programmes", "/api/recommendations",
                 "/api/obligations", "/api/figures", "/api/states"):
        for item in all_items(client, path):
            for e in item["evidence"]:
                assert e["paragraph"] in paragraph_text, e
                if e["quote"] is not None:
                    assert e["quote"] in paragraph_text[e["paragraph"]], (item["iri"], e)
                    checked += 1
    assert checked > 100


def test_states(client, compiled):
    states = all_items(client, "/api/states")
    assert len(states) == len(set(compiled.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), RG.State)))
    blr = client.get("/api/states/BLR")
    assert State.model_validate(blr.json()).code == "BLR"
    assert client.get("/api/states/blr").json()["iri"] == BLR
    for bad in ("XYZ", "BL", "B1R", "BLR.json"):
        r = client.get(f"/api/states/{bad}")
        assert r.status_code == 404 and r.json()["error"]["code"] == 404
    assert client.get("/api/states/XYZ/treaties").status_code == 404


def test_pagination_envelope(client):
    first = client.get("/api/states", params={"limit": 5}).json()
    assert set(first) == {"items", "total", "limit", "offset", "next"}
    assert len(first["items"]) == 5 and first["limit"] == 5 and first["offset"] == 0
    second = client.get(first["next"]).json()
    assert second["offset"] == 5 and second["items"][0] != first["items"][0]
    last = client.get("/api/states", params={"limit": 5, "offset": first["total"] - 2}).json()
    assert len(last["items"]) == 2 and last["next"] is None
    assert client.get("/api/states", params={"offset": 10_000}).json()["items"] == []
    default = client.get("/api/states").json()
    assert default["limit"] == 50
    for bad in ({"limit": 0}, {"limit": 100_000}, {"offset": -1}, {"limit": "ten"}):
        r = client.get("/api/states", params=bad)
        assert r.status_code == 422 and r.json()["error"]["detail"][0]["location"][0] == "query"


def test_treaties(client):
    items = all_items(client, "/api/treaties")
    Page[Treaty].model_validate({"items": items, "total": len(items), "limit": 1, "offset": 0, "next": None})
    detail = TreatyDetail.model_validate(client.get("/api/treaties/untc-V-2").json())
    assert detail.untc_number == "V-2"
    assert any(p.iri == BLR and p.status == "party" for p in detail.parties)
    protocol = client.get("/api/treaties/untc-V-5").json()
    assert protocol["supplements"][0]["iri"] == treaty("untc-V-2")
    assert client.get("/api/treaties/coe-ets-166").json()["ets_number"] == "166"
    assert client.get("/api/treaties/no-such-treaty").status_code == 404
    statelessness = client.get("/api/treaties", params={"theme": "statelessness"}).json()["items"]
    assert statelessness and all(any(t["notation"] == "statelessness" for t in i["themes"]) for i in statelessness)


def test_organizations(client):
    items = all_items(client, "/api/organizations")
    Page[Organization].model_validate({"items": items, "total": len(items), "limit": 1, "offset": 0, "next": None})
    for kind in ("intergovernmental", "government", "civil-society"):
        some = client.get("/api/organizations", params={"kind": kind, "limit": 1000}).json()["items"]
        assert all(o["kind"] == kind for o in some)
    assert client.get("/api/organizations", params={"kind": "government"}).json()["total"] > 5
    assert client.get("/api/organizations", params={"kind": "martian"}).status_code == 422


def test_programmes_and_their_filters(client):
    items = all_items(client, "/api/programmes")
    Page[Programme].model_validate({"items": items, "total": len(items), "limit": 1, "offset": 0, "next": None})
    funded = next(p for p in items if p["funders"])
    funder = funded["funders"][0]
    for name in (funder["iri"], funder["iri"].rsplit("/", 1)[1], funder["label"].upper()):
        found = client.get("/api/programmes", params={"funder": name, "limit": 1000}).json()["items"]
        assert funded["iri"] in {p["iri"] for p in found}
        assert all(funder["iri"] in {r["iri"] for r in p["funders"] + p["co_funders"]} for p in found)
    implemented = next(p for p in items if p["implementers"])
    implementer = implemented["implementers"][0]["iri"]
    found = client.get("/api/programmes", params={"implementer": implementer, "limit": 1000}).json()["items"]
    assert implemented["iri"] in {p["iri"] for p in found}
    dated = next(p for p in items if p["start_date"] and p["end_date"])
    year = int(dated["start_date"][:4])
    found = client.get("/api/programmes", params={"year": year, "limit": 1000}).json()["items"]
    assert dated["iri"] in {p["iri"] for p in found}
    for p in found:
        start, end = p["start_date"], p["end_date"]
        assert (start is None or int(start[:4]) <= year) and (end is None or year <= int(end[:4]))
    assert client.get("/api/programmes", params={"funder": "nobody-at-all"}).json()["total"] == 0
    assert client.get("/api/programmes", params={"year": "20x8"}).status_code == 422
    assert any(p["kind"] == "project" for p in items) and any(p["kind"] == "programme" for p in items)


def test_recommendations_obligations_figures(client):
    recs = all_items(client, "/api/recommendations")
    Page[Recommendation].model_validate({"items": recs, "total": len(recs), "limit": 1, "offset": 0, "next": None})
    theme = recs[0]["themes"][0]["notation"]
    themed = client.get("/api/recommendations", params={"theme": theme, "limit": 1000}).json()["items"]
    assert themed and all(any(t["notation"] == theme for t in r["themes"]) for r in themed)

    obligations = all_items(client, "/api/obligations")
    Page[Obligation].model_validate({"items": obligations, "total": len(obligations), "limit": 1, "offset": 0, "next": None})
    borne = client.get("/api/obligations", params={"state": "BLR", "limit": 1000}).json()["items"]
    assert borne and all(BLR in {b["iri"] for b in o["bearers"]} for o in borne)
    assert client.get("/api/obligations", params={"state": BLR, "limit": 1000}).json()["total"] == len(borne)
    assert client.get("/api/obligations", params={"state": "not a state"}).status_code == 400

    figures = all_items(client, "/api/figures")
    Page[Figure].model_validate({"items": figures, "total": len(figures), "limit": 1, "offset": 0, "next": None})
    measure = next(f["measure"]["notation"] for f in figures if f["measure"])
    measured = client.get("/api/figures", params={"measure": measure, "limit": 1000}).json()["items"]
    assert measured and all(f["measure"]["notation"] == measure for f in measured)
    assert all(isinstance(f["value"], int | float) for f in measured if f["value"] is not None)


def test_search_binds_the_text_as_a_literal(client):
    r = client.get("/api/search", params={"q": "STATELESS"})
    hits = Page[SearchHit].model_validate(r.json()).items
    assert treaty("untc-V-3") in {h.iri for h in hits}
    assert all(any("stateless" in m.text.lower() for m in h.matches) for h in hits)
    for injection in ('") } UNION { ?item ?p ?text } #', "' || true || '", "x\")) } } SELECT * { ?s ?p ?o"):
        r = client.get("/api/search", params={"q": injection})
        assert r.status_code == 200 and r.json()["total"] == 0
    assert client.get("/api/search", params={"q": "a"}).status_code == 422
    assert client.get("/api/search").status_code == 422


def test_cors_for_reading_only(client):
    """Cross-origin reading: GET, HEAD and POST of queries (a SPARQL query is a read) from any origin,
    without credentials; other methods and non-listed headers are refused in the error shape."""
    r = client.get("/api/states/BLR", headers={"Origin": "https://front.example"})
    assert r.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in r.headers
    ok = client.options("/api/states", headers={"Origin": "https://front.example", "Access-Control-Request-Method": "GET"})
    assert ok.status_code == 200 and "GET" in ok.headers["access-control-allow-methods"]
    refused = client.options("/api/states", headers={"Origin": "https://front.example", "Access-Control-Request-Method": "DELETE"})
    assert refused.status_code == 400 and refused.headers["content-type"] == "application/json"
    error = refused.json()["error"]
    assert error["code"] == 400 and "preflight refused (method)" in error["message"]
    assert error["detail"]["requested_method"] == "DELETE" and error["detail"]["allowed_methods"] == ["GET", "HEAD", "POST", "OPTIONS"]
    headers = client.options("/api/states", headers={"Origin": "https://front.example", "Access-Control-Request-Method": "GET",
                                                      "Access-Control-Request-Headers": "X-Secret"}).json()["error"]
    assert headers["detail"]["refused"] == ["headers"] and headers["detail"]["requested_headers"] == "X-Secret"
    query = client.options("/sparql", headers={"Origin": "https://front.example", "Access-Control-Request-Method": "POST",
                                               "Access-Control-Request-Headers": "content-type"})
    assert query.status_code == 200 and "POST" in query.headers["access-control-allow-methods"]
    assert "content-type" in query.headers["access-control-allow-headers"].lower()
    answer = client.post("/sparql", content=b"ASK {}", headers={"Origin": "https://front.example", "Content-Type": "application/sparql-query"})
    assert answer.status_code == 200 and answer.headers["access-control-allow-origin"] == "*"
    exposed = {h.strip().lower() for h in answer.headers["access-control-expose-headers"].split(",")}
    assert {"etag", "link", "retry-after", "x-result-truncated"} <= exposed
    update = client.post("/sparql", content=b"DROP ALL", headers={"Origin": "https://front.example", "Content-Type": "application/sparql-update"})
    assert update.status_code in (400, 415) and "access-control-allow-credentials" not in update.headers


def test_openapi_documents_the_api_with_examples_and_the_error_shape(client):
    schema = client.get("/openapi.json").json()
    for path in ("/api/states", "/api/states/{code}", "/api/states/{code}/treaties", "/api/treaties", "/api/treaties/{key}",
                 "/api/organizations", "/api/programmes", "/api/recommendations", "/api/obligations", "/api/figures",
                 "/api/search", "/sparql", "/queries", "/queries/{name}", "/id/{kind}/{key}", "/dumps/{name}", "/.well-known/void"):
        assert path in schema["paths"], path
    standing = schema["components"]["schemas"]["TreatyStanding"]
    assert standing["examples"][0]["status"] == "not-party"
    ok = schema["paths"]["/api/states/{code}/treaties"]["get"]["responses"]
    assert ok["422"]["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/ErrorBody"
    assert ok["404"]["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/ErrorBody"
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    page = client.get("/api/docs", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "/api/states/{code}/treaties" in page.text


def test_answers_carry_etags(client):
    r = client.get("/api/states/BLR/treaties")
    assert client.get("/api/states/BLR/treaties", headers={"If-None-Match": r.headers["etag"]}).status_code == 304


def test_a_hostile_host_header_does_not_shape_anothers_answer(client):
    """The answer cache is keyed by the origin asked at: a `next` link built for `Host: evil.example`
    is never served to a client of the real host (cache poisoning), and the hostile client gets its own."""
    path = "/api/treaties?limit=1&offset=0&nonce-host-test=1"
    hostile = client.get(path, headers={"Host": "evil.example"})
    assert hostile.status_code == 200 and hostile.json()["next"].startswith("http://evil.example/")
    honest = client.get(path)
    assert honest.status_code == 200
    assert "evil.example" not in honest.text
    assert honest.json()["next"].startswith("http://testserver/")
