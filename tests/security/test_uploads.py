"""SECURITY.md rows 8-10: hostile RDF uploads to POST /validate (billion laughs, XXE, DOCTYPEs,
remote JSON-LD contexts pointing at the canary, parser-crashing bytes, 4,300-digit integers) are
400 fast with nothing fetched or read and nothing stored; only the server's shapes run (uploaded
shapes, SHACL-SPARQL, rules and owl:imports are data, nothing more); there is no reasoning over an
upload, and validation past its deadline is killed (503 with Retry-After)."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

pytestmark = pytest.mark.server

TTL = "text/turtle"
RG = "https://w3id.org/rightsgraph/def#"
GOOD = f"""@prefix rg: <{RG}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/rightsgraph/id/state/ZZZ-upload> a rg:State ; rdfs:label "Upland"@en .
""".encode()
FAST = 1.5  # seconds: a refusal before parsing, or a parser error, comes back at once


def post(server, body: bytes, media: str, accept: str = "application/json", **kw):
    return httpx.post(server + "/validate", content=body, headers={"Content-Type": media, "Accept": accept}, timeout=30, **kw)


def test_a_valid_upload_gets_the_report_as_json_and_turtle(server):
    r = post(server, GOOD, TTL)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["cache-control"] == "no-store"
    doc = r.json()
    assert doc["conforms"] is False and doc["triples"] == 2
    assert doc["results"] and all({"severity", "focus", "path", "message"} <= set(x) for x in doc["results"])
    assert any(x["path"] == RG + "isoCode" for x in doc["results"])
    ttl = post(server, GOOD, TTL, accept="text/turtle")
    assert ttl.status_code == 200 and ttl.headers["content-type"].startswith("text/turtle")
    report = Graph().parse(data=ttl.content, format="turtle")
    assert len(list(report.subjects(RDF.type, SH.ValidationReport))) == 1
    assert len(list(report.subjects(RDF.type, SH.ValidationResult))) == len(doc["results"])


@pytest.mark.parametrize("media, body", [
    ("application/n-triples", b'<https://w3id.org/rightsgraph/id/state/ZZZ-upload> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/rightsgraph/def#State> .\n'),
    ("application/ld+json", json.dumps({"@context": {"rg": RG}, "@id": "https://w3id.org/rightsgraph/id/state/ZZZ-upload", "@type": "rg:State"}).encode()),
    ("application/rdf+xml", b'<?xml version="1.0" encoding="UTF-8"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                            b'<rdf:Description rdf:about="https://w3id.org/rightsgraph/id/state/ZZZ-upload"><rdf:type rdf:resource="' + RG.encode() + b'State"/>'
                            b'</rdf:Description></rdf:RDF>'),
])
def test_every_format_is_validated(server, media, body):
    r = post(server, body, media)
    assert r.status_code == 200, r.text[:300]
    assert r.json()["triples"] == 1 and r.json()["results"]


def test_the_upload_is_never_stored(server):
    post(server, GOOD, TTL)
    r = httpx.get(server + "/sparql", params={"query": "ASK { <https://w3id.org/rightsgraph/id/state/ZZZ-upload> ?p ?o }"})
    assert r.json()["boolean"] is False


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
<rdf:Description rdf:about="http://example.org/a"><ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>"""
RDF_HEAD = b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'


def _xxe(target: str) -> bytes:
    return (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "{target}">]>'.encode() + RDF_HEAD +
            b'<rdf:Description rdf:about="http://example.org/a"><ex:p>&x;</ex:p></rdf:Description></rdf:RDF>')


def hostile(canary, canary_file) -> dict[str, tuple[str, bytes, str]]:
    url = canary.url
    digits = "9" * 4400
    return {
        "billion laughs": ("application/rdf+xml", LAUGHS, "DOCTYPE"),
        "XXE file": ("application/rdf+xml", _xxe(canary_file.uri), "DOCTYPE"),
        "XXE http": ("application/rdf+xml", _xxe(url + "xxe"), "DOCTYPE"),
        "parameter entity": ("application/rdf+xml", f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{url}dtd"> %p;]>'.encode() + RDF_HEAD + b"</rdf:RDF>", "DOCTYPE"),
        "ENTITY without DOCTYPE": ("application/rdf+xml", b"<!ENTITY x 'y'>" + RDF_HEAD + b"</rdf:RDF>", "ENTITY"),
        "UTF-16 XML hides its DOCTYPE": ("application/rdf+xml", _xxe(canary_file.uri).decode().encode("utf-16"), "NUL"),
        "declared encoding": ("application/rdf+xml", b'<?xml version="1.0" encoding="ISO-8859-1"?>' + RDF_HEAD + b"</rdf:RDF>", "encoding"),
        "remote @context": ("application/ld+json", json.dumps({"@context": url + "context.jsonld", "@id": "http://x/a"}).encode(), "remote @context"),
        "remote @context in a list": ("application/ld+json", json.dumps({"@context": [{"ex": "http://x/"}, url + "c"], "@id": "ex:a"}).encode(), "remote @context"),
        "scoped remote @context": ("application/ld+json", json.dumps({"@context": {"p": {"@id": "http://x/p", "@context": url + "s"}}, "p": {"@id": "http://x/b"}}).encode(), "remote @context"),
        "file @context": ("application/ld+json", json.dumps({"@context": canary_file.uri, "@id": "http://x/a"}).encode(), "remote @context"),
        "relative @context": ("application/ld+json", json.dumps({"@context": "../../../etc/passwd", "@id": "http://x/a"}).encode(), "remote @context"),
        "@import": ("application/ld+json", json.dumps({"@context": {"@version": 1.1, "@import": url + "i"}, "@id": "http://x/a"}).encode(), "@import"),
        "4,400-digit integer (Turtle)": (TTL, f"<http://x/a> <http://x/p> {digits} .".encode(), "huge integer"),
        "4,400-digit integer (N-Triples)": ("application/n-triples", f'<http://x/a> <http://x/p> "{digits}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'.encode(), "huge integer"),
        "4,400-digit integer (JSON-LD)": ("application/ld+json", ('{"@id": "http://x/a", "http://x/p": ' + digits + "}").encode(), "huge integer"),
        "NUL bytes": (TTL, b"<http://x/a> <http://x/p> \"a\x00b\" .", "NUL"),
        "not UTF-8": (TTL, b"<http://x/a> <http://x/p> \"\xff\xfe\" .", "encoding"),
        "deep Turtle": (TTL, b"<http://x/a> <http://x/p> " + b"[ <http://x/p> " * 5000 + b"1" + b" ]" * 5000 + b" .", "nesting"),
        "deep collections": (TTL, b"<http://x/a> <http://x/p> " + b"(" * 5000 + b")" * 5000 + b" .", "nesting"),
        "deep JSON": ("application/ld+json", b"[" * 100_000 + b"]" * 100_000, "nesting"),
        "truncated Turtle": (TTL, b'@prefix ex: <http://x/> . ex:a ex:b "x" ; ex:c', "syntax"),
        "binary": (TTL, bytes(range(1, 256)) * 20, "encoding"),
        "empty": (TTL, b"  \n ", "empty"),
        "JSON with NaN": ("application/ld+json", b'{"@id": "http://x/a", "http://x/p": NaN}', "syntax"),
    }


def test_hostile_uploads_are_400_fast_and_touch_nothing(server, canary, canary_file):
    for name, (media, body, refused) in hostile(canary, canary_file).items():
        started = time.monotonic()
        r = post(server, body, media)
        took = time.monotonic() - started
        assert r.status_code == 400, (name, r.status_code, r.text[:300])
        error = r.json()["error"]
        assert error["detail"]["refused"] == refused, (name, error)
        assert took < FAST, (name, took)
        assert canary_file.secret not in r.text
    assert canary.touched() == 0
    assert canary_file.opens == []


def test_the_sandbox_refuses_a_fetch_the_precheck_would_have_caught(sec_app, canary, canary_file):
    """The second layer alone (precheck skipped): the worker's audit hook stops the JSON-LD parser's fetch."""
    from rightsgraph.api.routes.validate import sandbox
    from rightsgraph.errors import UploadRefused

    box = sandbox(sec_app)
    for context in (canary.url + "context.jsonld", canary_file.uri):
        body = json.dumps({"@context": context, "@id": "http://x/a", "x:p": "y"}).encode()
        with pytest.raises(UploadRefused) as refused:
            box.validate(body, "jsonld", "http://localhost/validate", check=False)
        assert refused.value.detail["refused"] in ("outbound access", "syntax")
    assert canary.touched() == 0
    assert canary_file.opens == []


def test_wrong_media_types_are_415(server):
    for media in ("application/json-patch+json", "text/html", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"):
        r = post(server, GOOD, media)
        assert r.status_code == 415, (media, r.status_code)
    r = httpx.post(server + "/validate", content=GOOD)
    assert r.status_code == 415
    assert httpx.get(server + "/validate").status_code == 405


def test_uploaded_shapes_rules_and_imports_are_only_data(server, canary):
    body = f"""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <http://example.org/> . @prefix rg: <{RG}> .
<http://example.org/onto> a owl:Ontology ; owl:imports <{canary.url}onto.ttl> .
ex:Shape a sh:NodeShape ; sh:targetNode ex:victim ; sh:property [ sh:path ex:must ; sh:minCount 1 ; sh:message "UPLOADED SHAPE RAN" ] .
ex:SparqlShape a sh:NodeShape ; sh:targetNode ex:victim ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:message "UPLOADED SPARQL RAN" ;
                sh:select "SELECT $this WHERE {{ SERVICE <{canary.url}sparql> {{ ?s ?p ?o }} }}" ] .
ex:RuleShape a sh:NodeShape ; sh:targetNode ex:victim ;
    sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate ex:derived ; sh:object ex:value ] .
ex:victim a ex:Thing .
""".encode()
    r = post(server, body, TTL)
    assert r.status_code == 200, r.text[:300]
    messages = " ".join(x["message"] for x in r.json()["results"])
    assert "UPLOADED" not in messages
    assert not any(x["focus"] == "http://example.org/victim" for x in r.json()["results"])
    assert canary.touched() == 0


def test_no_reasoning_over_an_upload(server):
    """A sameAs clique and a transitive chain that OWL-RL would square: answered at once, unexpanded."""
    nodes = [f"<http://example.org/n{i}>" for i in range(250)]
    body = ("@prefix owl: <http://www.w3.org/2002/07/owl#> . <http://example.org/p> a owl:TransitiveProperty .\n"
            + "\n".join(f"{a} owl:sameAs {b} ; <http://example.org/p> {b} ." for a, b in zip(nodes, nodes[1:]))).encode()
    started = time.monotonic()
    r = post(server, body, TTL)
    assert r.status_code == 200 and r.json()["triples"] == 1 + 2 * 249
    assert time.monotonic() - started < 3


def test_validation_past_its_deadline_is_503(server, budgets):
    body = ("@prefix rg: <https://w3id.org/rightsgraph/def#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n" + "\n".join(
        f"<https://w3id.org/rightsgraph/id/treaty/t{i}> a rg:Treaty , rg:State ; rdfs:label 'x' ; "
        f"rg:partyTo <https://w3id.org/rightsgraph/id/treaty/t{i + 1}> ." for i in range(1300))).encode()
    assert len(body) < budgets["max_body_bytes"]
    started = time.monotonic()
    r = post(server, body, TTL)
    assert r.status_code == 503, r.text[:200]
    assert r.headers["retry-after"].isdigit()
    assert time.monotonic() - started < budgets["validate_timeout"] + 2
    deadline = time.monotonic() + 20  # the worker is replaced
    while time.monotonic() < deadline:
        again = post(server, GOOD, TTL)
        if again.status_code == 200:
            break
        time.sleep(0.2)
    assert again.status_code == 200
