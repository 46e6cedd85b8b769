"""The OpenAPI document tells the truth (issue 14.13), on a real uvicorn.

* every media type a route declares for its 200 answer is what it answers when asked for it
  (``Accept``, then the answer's ``Content-Type``), and what it answers to any Accept is declared;
* a media type a negotiating route does not declare is refused with 406;
* the live JSON answers, and every documented example, validate against the documented schema;
* every 2xx answer that declares content has an example for each of its media types (a JSON one that
  validates against its schema; a file by its URL), and the examples are the release's answers: the
  HTML excerpts are in the live pages, /validate's report is the live report of its upload;
* /api/docs renders the CommonMark descriptions as HTML and shows the examples.

The concrete URLs come from the release (its named queries' examples, its first treaty, its dumps).
"""

from __future__ import annotations

import copy
import json

import httpx
import pytest

from rightsgraph import formats
from rightsgraph.api import records
from rightsgraph.api.openapi import EXAMPLE_SELECT, FIXED, ORIGIN, _excerpt, shortened
from rightsgraph.api.rdf import serialize
from rightsgraph.api.routes.meta import markdown
from rightsgraph.namespaces import ID

jsonschema_rs = pytest.importorskip("jsonschema_rs")

pytestmark = pytest.mark.server

# Every media type the registry knows (canonical and aliases), plus some no route serves.
UNIVERSE = sorted({m for f in (*formats.RESULT_FORMATS, *formats.RDF_FORMATS, formats.HTML, formats.JSON) for m in f.media_types}
                  | {"application/gzip", "image/png", "text/plain", "application/pdf"})
SELECT = "SELECT ?s WHERE { ?s a ?c } LIMIT 2"
ASK = "ASK { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT WHERE { ?s a ?c } LIMIT 2"


def base(content_type: str) -> str:
    return content_type.partition(";")[0].strip().lower()


@pytest.fixture(scope="module")
def http(live):
    with httpx.Client(base_url=live, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def spec(http) -> dict:
    response = http.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture(scope="module")
def urls(service) -> dict[str, str]:
    """A concrete URL for each templated path, from the release."""
    graph = service.build_graphs[0].rsplit("/graph/", 1)[1]
    treaty = records.treaties(service)[0]["key"]
    return {"/id/{kind}/{key}": "/id/state/BLR", "/graph/{name}": f"/graph/{graph}", "/def/{version}": f"/def/{service.version}",
            "/api/states/{code}": "/api/states/BLR", "/api/states/{code}/treaties": "/api/states/BLR/treaties",
            "/api/treaties/{key}": f"/api/treaties/{treaty}", "/api/reviews/{key}": "/api/reviews/upr-blr-2010",
            "/api/search": "/api/search?q=Belarus"}


def declared(spec: dict, path: str, method: str = "get") -> list[str]:
    return list(spec["paths"][path][method]["responses"]["200"].get("content", {}))


def negotiated_paths(spec: dict) -> list[str]:
    """The GET paths whose answer depends on Accept alone (the query routes and the dump files apart)."""
    return [p for p, ops in spec["paths"].items() if "get" in ops and p not in ("/sparql", "/queries/{name}", "/dumps/{name}")]


def test_sparql_dumps_and_def_declare_their_real_media_types(spec):
    """The three the issue names: the SPARQL results and RDF types, the dump files, the RDF twins of /def."""
    results = [f.media_type for f in formats.RESULT_FORMATS]
    rdf = [f.media_type for f in formats.RDF_FORMATS]
    for method in ("get", "post"):
        assert declared(spec, "/sparql", method) == results + rdf + ["text/html"]
    assert set(declared(spec, "/dumps/{name}")) == {f.media_type for f in formats.dumps()} | {"application/gzip"}
    assert declared(spec, "/def") == [f.media_type for f in formats.triple_formats()] + ["text/html"]
    assert "application/json" not in declared(spec, "/def") + declared(spec, "/sparql") + declared(spec, "/dumps/{name}")


def test_every_declared_media_type_is_served(spec, http, urls):
    wrong = []
    for path in negotiated_paths(spec):
        url = urls.get(path, path)
        for media in declared(spec, path):
            r = http.get(url, headers={"Accept": media})
            if r.status_code != 200 or (path not in FIXED and base(r.headers["content-type"]) != media):
                wrong.append(f"{path} Accept {media}: {r.status_code} {r.headers.get('content-type')}")
    assert not wrong, "\n".join(wrong)


def test_whatever_is_served_is_declared_and_the_rest_is_406(spec, http, urls):
    """Any Accept: a declared Content-Type or a 406; an undeclared media type is a 406 (the negative) unless
    the registry makes it an alias of the declared type answered (application/json for JSON-LD)."""
    wrong = []
    for path in negotiated_paths(spec):
        url, types = urls.get(path, path), declared(spec, path)
        for media in UNIVERSE:
            r = http.get(url, headers={"Accept": media})
            if r.status_code == 200 and base(r.headers["content-type"]) in types:
                if path not in FIXED and media not in types and base(r.headers["content-type"]) not in aliased(media):
                    wrong.append(f"{path} Accept {media} (not declared): 200 {r.headers['content-type']}")
            elif r.status_code != 406 or path in FIXED:
                wrong.append(f"{path} Accept {media}: {r.status_code} {r.headers.get('content-type')}")
    assert not wrong, "\n".join(wrong)


def aliased(media: str) -> set[str]:
    """The canonical media types of the formats that accept media as an alias."""
    return {f.media_type for f in (*formats.RESULT_FORMATS, *formats.RDF_FORMATS, formats.HTML, formats.JSON) if media in f.media_aliases}


def test_an_undeclared_media_type_is_refused(spec, http):
    for path, media in (("/def", "application/sparql-results+json"), ("/def", "image/png"), ("/api/states", "text/turtle"),
                        ("/dumps/", "text/turtle"), ("/.well-known/void", "text/html")):
        assert media not in declared(spec, path)
        r = http.get(path, headers={"Accept": media})
        assert r.status_code == 406, (path, media, r.status_code)
        if base(r.headers["content-type"]) == "application/json":  # (a browser asking for HTML gets the error as a page)
            assert set(r.json()["error"]) == {"code", "message", "detail"}


def test_sparql_serves_exactly_its_declared_types_by_query_form(spec, http):
    served = {}
    for method in ("get", "post"):
        types = declared(spec, "/sparql", method)
        for query in (SELECT, ASK, CONSTRUCT, None):
            for media in UNIVERSE:
                headers = {"Accept": media}
                if method == "get":
                    r = http.get("/sparql", params={"query": query} if query else {}, headers=headers)
                elif query is None:
                    continue
                else:
                    r = http.post("/sparql", content=query, headers=headers | {"Content-Type": "application/sparql-query"})
                if r.status_code == 200:
                    served.setdefault(method, set()).add(base(r.headers["content-type"]))
                else:
                    assert r.status_code == 406, (method, query, media, r.status_code, r.text[:200])
        assert served[method] == set(types), method
    r = http.get("/sparql", params={"query": SELECT}, headers={"Accept": "text/turtle"})
    assert r.status_code == 406  # a SELECT has no graph answer


def test_named_queries_serve_exactly_their_declared_types(spec, http, service):
    types, served = declared(spec, "/queries/{name}"), set()
    by_form = {}
    for q in service.catalogue.values():
        by_form.setdefault(service.query_form(q.text), q)
    for q in by_form.values():
        for media in UNIVERSE:
            r = http.get(f"/queries/{q.name}", params=q.example, headers={"Accept": media})
            if r.status_code == 200:
                served.add(base(r.headers["content-type"]))
            else:
                assert r.status_code == 406, (q.name, media, r.status_code, r.text[:200])
    assert served == set(types)


def test_each_dump_is_served_in_a_declared_type(spec, http):
    types = declared(spec, "/dumps/{name}")
    served = set()
    for item in http.get("/dumps/", headers={"Accept": "application/json"}).json()["items"]:
        r = http.head(item["url"])
        assert r.status_code == 200 and base(r.headers["content-type"]) == item["media_type"], item
        served.add(item["media_type"])
    assert served == set(types)


def _validator(spec: dict, schema: dict):
    return jsonschema_rs.Draft202012Validator({**schema, "components": spec.get("components", {})})


def _json_schemas(spec: dict):
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            for media, content in op["responses"].get("200", {}).get("content", {}).items():
                if media.endswith("json") and content.get("schema"):
                    yield path, method, media, content


def test_the_live_json_answers_validate_against_the_documented_schema(spec, http, urls):
    checked, wrong = 0, []
    for path, method, media, content in _json_schemas(spec):
        if method != "get" or path in ("/sparql", "/queries/{name}", "/dumps/{name}") or not content["schema"]:
            continue
        r = http.get(urls.get(path, path), headers={"Accept": media})
        assert r.status_code == 200, (path, media, r.status_code)
        errors = [e.message[:200] for e in _validator(spec, content["schema"]).iter_errors(r.json())]
        if errors:
            wrong.append(f"{path} {media}: {errors[:3]}")
        checked += 1
    assert not wrong, "\n".join(wrong)
    assert checked >= 15


def test_every_example_validates_against_its_schema(spec):
    checked, wrong = 0, []
    for path, method, media, content in _json_schemas(spec):
        if "example" in content:
            errors = [e.message[:200] for e in _validator(spec, content["schema"]).iter_errors(content["example"])]
            if errors:
                wrong.append(f"{method} {path} {media}: {errors[:3]}")
            checked += 1
    assert not wrong, "\n".join(wrong)
    assert checked >= 10


def test_rdf_and_results_examples_parse_in_their_media_type(spec):
    """The text examples are real answers in their syntax (pyoxigraph parses each)."""
    import pyoxigraph as ox

    checked = 0
    for path, ops in spec["paths"].items():
        for op in ops.values():
            for media, content in op["responses"].get("200", {}).get("content", {}).items():
                if "example" not in content:
                    continue
                value = content["example"]
                data = (value if isinstance(value, str) else json.dumps(value)).encode("utf-8")
                rdf = ox.RdfFormat.from_media_type(media)
                results = ox.QueryResultsFormat.from_media_type(media)
                if media == "text/csv":  # lossy: pyoxigraph does not read it back; its header is the variables
                    assert data.splitlines()[0] == b"treaty,label", (path, media)
                elif rdf is not None:
                    list(ox.parse(data, format=rdf))
                elif results is not None:
                    ox.parse_query_results(data, format=results)
                else:
                    continue
                checked += 1
    assert checked >= 30


def test_every_route_documents_an_example_for_sparql_dumps_def(spec):
    for path in ("/sparql", "/def", "/def/shapes", "/id/{kind}/{key}", "/dumps/{name}", "/.well-known/void", "/version", "/health"):
        content = spec["paths"][path]["get"]["responses"]["200"]["content"]
        assert any("example" in c for c in content.values()), path


def test_api_docs_renders_markdown_and_examples(http, spec):
    page = http.get("/api/docs", headers={"Accept": "text/html"}).text
    # /sparql's description says `query` in backticks: rendered as <code>, never shown raw
    assert "`query`" in spec["paths"]["/sparql"]["get"]["description"]
    assert "<code>query</code>" in page and "`query`" not in page
    assert '<section class="operation" id="get-sparql">' in page
    section = page.split('id="get-sparql"', 1)[1].split("</section>", 1)[0]
    for media in declared(spec, "/sparql"):
        assert f"<code>{media}</code>" in section
    assert section.count('<details class="example"') == len(declared(spec, "/sparql"))  # the HTML page's excerpt too
    assert "&lt;title&gt;" in section  # the HTML example is shown as text
    dumps = page.split('id="get-dumps-name"', 1)[1].split("</section>", 1)[0]
    gz = spec["paths"]["/dumps/{name}"]["get"]["responses"]["200"]["content"]["application/gzip"]["examples"]
    assert next(iter(gz.values()))["externalValue"] in dumps and "null" not in dumps


def test_markdown_is_rendered_safely():
    assert markdown("a `b` **c**", inline=True) == "a <code>b</code> <strong>c</strong>"
    unsafe = markdown("<script>alert(1)</script> [x](javascript:alert(1))")
    assert "<script>" not in unsafe and "&lt;script&gt;" in unsafe and 'href="javascript' not in unsafe


def test_validate_serves_exactly_its_declared_report_types(spec, http):
    types, served = declared(spec, "/validate", "post"), set()
    upload = b'<https://example.org/x> <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n'
    for media in UNIVERSE:
        r = http.post("/validate", content=upload, headers={"Content-Type": "application/n-triples", "Accept": media})
        if r.status_code == 200:
            served.add(base(r.headers["content-type"]))
        else:
            assert r.status_code == 406, (media, r.status_code, r.text[:200])
    assert served == set(types) == {"application/json", "text/turtle"}


def example_problems(spec: dict) -> tuple[int, list[str]]:
    """(how many media types were checked, what is wrong): each 2xx answer that declares content has, for every
    media type, an ``example`` or ``examples`` (each with a ``value`` or an ``externalValue``), and a JSON example
    validates against the media type's schema."""
    checked, wrong = 0, []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            for status, response in op.get("responses", {}).items():
                if not status.startswith("2"):
                    continue
                for media, content in (response.get("content") or {}).items():
                    where = f"{method} {path} {status} {media}"
                    checked += 1
                    if "example" in content:
                        values = [content["example"]]
                    elif content.get("examples"):
                        values = [e["value"] for e in content["examples"].values() if "value" in e]
                        if any("value" not in e and "externalValue" not in e for e in content["examples"].values()):
                            wrong.append(f"{where}: an example with neither value nor externalValue")
                    else:
                        wrong.append(f"{where}: no example")
                        continue
                    if media.endswith("json") and content.get("schema") is not None:
                        for value in values:
                            errors = [e.message[:200] for e in _validator(spec, content["schema"]).iter_errors(value)]
                            if errors:
                                wrong.append(f"{where}: {errors[:3]}")
                    elif any(not isinstance(v, str) for v in values):
                        wrong.append(f"{where}: a text media type with a non-text example")
    return checked, wrong


def test_every_success_answer_has_an_example_for_each_media_type(spec):
    checked, wrong = example_problems(spec)
    assert not wrong, "\n".join(wrong)
    assert checked >= 80


def test_the_example_check_rejects_a_missing_or_tampered_example(spec):
    """The negative: the check above sees a dropped example, a JSON example its schema refuses, an empty
    Example Object and a non-text example of a text type."""
    tampered = copy.deepcopy(spec)
    ok = lambda path, method="get": tampered["paths"][path][method]["responses"]["200"]["content"]
    del ok("/queries")["text/html"]["example"]
    ok("/api/reviews")["application/json"]["example"]["items"] = "upr-blr-2010"  # not a list
    ok("/validate", "post")["application/json"]["example"]["conforms"] = "no"  # not a boolean
    ok("/api/states/{code}")["application/json"]["example"].pop("iri")  # a required field
    name = next(iter(ok("/dumps/{name}")["application/gzip"]["examples"]))
    ok("/dumps/{name}")["application/gzip"]["examples"][name] = {"summary": "nothing"}
    ok("/def")["text/turtle"]["example"] = {"not": "text"}
    _, wrong = example_problems(tampered)
    assert len(wrong) == 6, wrong
    for expected in ("get /queries 200 text/html: no example", "get /api/reviews 200 application/json",
                     "post /validate 200 application/json", "get /api/states/{code} 200 application/json",
                     "get /dumps/{name} 200 application/gzip: an example with neither", "get /def 200 text/turtle: a text"):
        assert any(w.startswith(expected) for w in wrong), (expected, wrong)


def test_html_examples_are_excerpts_of_the_live_pages(spec, http, urls, service):
    """Each line of a page's example is a line of the page the route serves (the "…" marking what was left out)."""
    q = next(q for _, q in sorted(service.catalogue.items()) if q.example or not [p for p in q.params if not p.optional])
    pages = urls | {"/sparql": httpx.URL("/sparql", params={"query": EXAMPLE_SELECT}),
                    "/queries/{name}": httpx.URL(f"/queries/{q.name}", params=q.example)}
    checked = 0
    for path, ops in spec["paths"].items():
        content = ops.get("get", {}).get("responses", {}).get("200", {}).get("content", {})
        if "text/html" not in content:
            continue
        example = content["text/html"]["example"]
        live = http.get(pages.get(path, path), headers={"Accept": "text/html"})
        assert live.status_code == 200, path
        lines = set(live.text.splitlines())
        missing = [line for line in example.splitlines() if line != "…" and line not in lines]
        assert not missing and "<main" in example, (path, missing[:3])
        checked += 1
    assert checked >= 10


def test_json_examples_of_records_are_the_live_answers(spec, http, live):
    """The route's own answer (a long one with its lists cut to their first item; links with the examples' origin)."""
    for path, url in (("/", "/?format=json"), ("/api/states/{code}", "/api/states/BLR"), ("/queries", "/queries?limit=1"),
                      ("/api/recommendations", "/api/recommendations?limit=1"), ("/api/reviews/{key}", "/api/reviews/upr-blr-2010"),
                      ("/api/programmes", "/api/programmes?limit=1")):
        example = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["example"]
        answer = http.get(url, headers={"Accept": "application/json"}).text
        assert ORIGIN not in answer, path  # building the examples left no answer for the examples' origin in the cache
        assert shortened(json.loads(answer.replace(live.rstrip("/"), ORIGIN))) == example, path


def test_the_validate_example_is_the_report_of_its_upload(spec, http, service):
    """The example is what /validate answers for the N-Triples of the /id/state/BLR excerpt, as JSON and Turtle."""
    import pyoxigraph as ox

    content = spec["paths"]["/validate"]["post"]["responses"]["200"]["content"]
    upload = serialize(_excerpt(service, str(ID["state/BLR"])), "ntriples")
    headers = {"Content-Type": "application/n-triples"}
    live = http.post("/validate", content=upload, headers=headers | {"Accept": "application/json"})
    assert live.status_code == 200 and live.json() == content["application/json"]["example"]
    assert live.json()["conforms"] is False and live.json()["results"]
    turtle = http.post("/validate", content=upload, headers=headers | {"Accept": "text/turtle"})
    graph = lambda text: ox.Dataset(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    one, other = graph(turtle.text), graph(content["text/turtle"]["example"])
    one.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    other.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    assert one == other


def test_the_schema_is_built_in_the_thread_pool_not_on_the_event_loop(app):
    """Its first build takes about a second (the examples are the release's answers): the one route
    that serves it is a plain function (Starlette runs it in the thread pool), not FastAPI's own
    coroutine, which would hold every other request for that time."""
    import inspect

    from rightsgraph.api.routes import meta

    assert app.openapi_url is None  # FastAPI's own (async) route is not mounted
    assert not inspect.iscoroutinefunction(meta.openapi_json)
    assert not inspect.iscoroutinefunction(meta.api_docs)


def test_requests_racing_for_the_first_build_get_one_schema(service_settings, built):
    """Two threads asking a fresh app at once: the second waits for the first build and gets its
    schema (the same object), not a second build."""
    import threading

    from rightsgraph.api.app import create_app

    fresh = create_app(service_settings, built.path)
    out: list = []
    threads = [threading.Thread(target=lambda: out.append(fresh.openapi())) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(out) == 2 and out[0] is out[1] and out[0]["paths"]
