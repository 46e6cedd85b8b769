"""/id, /def and the HTML pages: every IRI dereferences, browsers get HTML and programs RDF,
quotes are marked in their paragraphs, and nothing a literal or an IRI holds becomes markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from rightsgraph.namespaces import ID, RG

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.scripts = 0
        self.marks: list[str] = []
        self._in_mark = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag == "script" or any(k.startswith("on") for k in attrs) or "style" in attrs:
            self.scripts += 1
        self._in_mark = tag == "mark"
        if tag == "mark":
            self.marks.append("")

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data):
        if self._in_mark:
            self.marks[-1] += data


def parse_html(text: str) -> Links:
    p = Links()
    p.feed(text)
    return p


def local(iri: str) -> str:
    return "/" + iri.removeprefix("https://w3id.org/rightsgraph/")


@pytest.fixture(scope="module")
def dataset_iris(compiled) -> list[str]:
    """A sample of every type of the dataset's own IRIs (subjects under /id/)."""
    by_type: dict[str, list[str]] = {}
    for s in set(compiled.subjects()):
        if isinstance(s, URIRef) and str(s).startswith(str(ID)):
            by_type.setdefault(str(s)[len(str(ID)):].split("/", 1)[0], []).append(str(s))
    return sorted(iri for iris in by_type.values() for iri in sorted(iris)[:3])


def test_every_kind_of_iri_dereferences(client, dataset_iris):
    assert len(dataset_iris) > 30
    for iri in dataset_iris:
        r = client.get(local(iri), headers={"Accept": "text/turtle"})
        assert r.status_code == 200, iri
        g = Graph().parse(data=r.content, format="turtle")
        assert (URIRef(iri), None, None) in g, iri
        assert r.headers["link"].startswith(f'<{iri}>; rel="canonical", ')


def test_rdf_description_has_outgoing_and_incoming_links(client, compiled):
    blr = ID["state/BLR"]
    g = Graph().parse(data=client.get("/id/state/BLR").content, format="turtle")
    assert set(g.predicate_objects(blr)) == set(compiled.predicate_objects(blr))
    incoming = set(compiled.subject_predicates(blr))
    assert incoming and incoming <= set(g.subject_predicates(blr))


def test_html_for_browsers(client):
    r = client.get("/id/treaty/untc-V-3", headers=BROWSER)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "Convention relating to the Status of Stateless Persons" in r.text
    page = parse_html(r.text)
    assert "/id/source/unct-blr-2009/para/2" in page.hrefs  # its source
    assert "/id/status-assertion/BLR/untc-V-3/unct-blr-2009-p2" in page.hrefs  # an incoming link, by label
    assert "/def#Treaty" in page.hrefs
    assert "1954 Convention relating to the Status of Stateless Persons" in page.marks
    assert page.scripts == 0


class Marked(HTMLParser):
    """The hrefs inside list items and type badges marked "inferred", and those outside."""

    def __init__(self):
        super().__init__()
        self.inferred: set[str] = set()
        self.asserted: set[str] = set()
        self._stack: list[bool] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("li", "span") and "class" in attrs:
            self._stack.append("inferred" in (attrs["class"] or "").split())
        elif tag in ("li", "span"):
            self._stack.append(False)
        if tag == "a" and "href" in attrs:
            (self.inferred if any(self._stack) else self.asserted).add(attrs["href"])

    def handle_endtag(self, tag):
        if tag in ("li", "span") and self._stack:
            self._stack.pop()


def test_resource_pages_mark_what_only_the_reasoner_says(client, compiled):
    from rightsgraph.namespaces import DATA_GRAPH, INFERRED_GRAPH

    treaty = URIRef(ID["treaty/untc-V-2"])
    inferred, data = compiled.graph(INFERRED_GRAPH), compiled.graph(DATA_GRAPH)
    only_inferred = {o for o in inferred.objects(treaty, RDF.type) if (treaty, RDF.type, o) not in data}
    asserted = set(data.objects(treaty, RDF.type))
    assert only_inferred and asserted  # e.g. a superclass of rg:Treaty, and rg:Treaty itself
    r = client.get(local(str(treaty)), headers=BROWSER)
    page = Marked()
    page.feed(r.text)
    shown = {h for h in page.inferred}
    assert any(local(str(o)) in shown or str(o) in shown for o in only_inferred), (shown, only_inferred)
    assert not any(local(str(o)) in shown for o in asserted)  # asserted values are never marked
    assert "follow from the ontology by OWL-RL reasoning" in r.text
    paragraph = client.get("/id/source/unct-blr-2009/para/2", headers=BROWSER)
    assert paragraph.status_code == 200


def test_a_paragraph_marks_the_quotes_of_the_facts_it_supports(client, compiled):
    para = ID["source/unct-blr-2009/para/2"]
    r = client.get("/id/source/unct-blr-2009/para/2", headers=BROWSER)
    assert r.status_code == 200
    marks = parse_html(r.text).marks
    assert marks and all(m in str(compiled.value(para, RG.text)) for m in marks)
    assert any("Belarus is not party to the 1954 Convention" in m for m in marks)
    assert "/id/status-assertion/BLR/coe-ets-166/unct-blr-2009-p2" in parse_html(r.text).hrefs


def test_unknown_resources_are_404(client):
    r = client.get("/id/state/XYZ")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == 404 and "XYZ" in r.json()["error"]["message"]
    page = client.get("/id/state/XYZ", headers=BROWSER)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html") and "404" in page.text
    for path in ("/id/state/BLR%3E%20%3Cx", "/id/state/B%22L", "/id/" + "a/" * 5, "/id/state/" + "x" * 3000, "/id/state/%00"):
        assert client.get(path).status_code == 404, path


def test_the_ontology(client, compiled):
    from rightsgraph.namespaces import ONTOLOGY_GRAPH

    onto = compiled.graph(ONTOLOGY_GRAPH)
    classes = {str(c) for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(str(RG))}
    properties = {str(p) for t in (OWL.ObjectProperty, OWL.DatatypeProperty) for p in onto.subjects(RDF.type, t) if str(p).startswith(str(RG))}
    page = client.get("/def", headers=BROWSER)
    assert page.status_code == 200
    ids = set(re.findall(r'<tr id="([^"]+)"', page.text))
    assert {c.rsplit("#", 1)[1] for c in classes | properties} <= ids
    assert str(onto.value(RG.Treaty, RDFS.comment)) in page.text
    turtle = Graph().parse(data=client.get("/def").content, format="turtle")
    assert len(turtle) == len(onto)
    for fmt, parser in (("jsonld", "json-ld"), ("rdfxml", "xml"), ("ntriples", "nt")):
        assert len(Graph().parse(data=client.get("/def", params={"format": fmt}).content, format=parser)) == len(onto)
    assert str(turtle.value(RG.partyTo, RDFS.range)) == str(RG.Treaty)


def test_ontology_version_iri_dereferences(client):
    assert client.get("/def/0.1.0").content == client.get("/def").content
    assert client.get("/def/9.9.9").status_code == 404


def test_the_shapes(client):
    turtle = client.get("/def/shapes")
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=turtle.content, format="turtle")) > 50
    page = client.get("/def/shapes", headers=BROWSER)
    assert page.status_code == 200 and "TreatyActionShape" in page.text


def test_hostile_literals_and_iris_are_inert(fixture_client):
    r = fixture_client.get("/id/test/hostile", headers=BROWSER)
    assert r.status_code == 200
    page = parse_html(r.text)
    assert page.scripts == 0
    assert "<script>" not in r.text and "<img" not in r.text
    assert "&lt;script&gt;alert(&#39;label&#39;)&lt;/script&gt;" in r.text
    assert not any(h.lower().startswith(("javascript:", "data:")) for h in page.hrefs)
    assert "javascript:alert(1)" in r.text  # shown as text
    assert "https://example.org/ok" in page.hrefs
    assert "Belarus is not party" in page.marks
    assert "default-src 'self'" in r.headers["content-security-policy"]


def test_hostile_values_in_json_stay_data(fixture_client):
    hits = fixture_client.get("/api/search", params={"q": "<script>"}).json()["items"]
    assert [h["iri"] for h in hits] == ["https://w3id.org/rightsgraph/id/test/hostile"]
    assert fixture_client.get("/api/search", params={"q": "<script>"}).headers["content-type"] == "application/json"


@pytest.mark.parametrize("path", ["/", "/sparql", "/queries", "/queries/unratified-conventions", "/id/state/BLR", "/def",
                                  "/def/shapes", "/dumps/", "/api/docs", "/id/state/XYZ", "/no/such/page"])
def test_every_html_page_has_the_security_headers(client, path):
    r = client.get(path, headers=BROWSER)
    assert r.headers["content-type"].startswith("text/html"), path
    assert r.headers["content-security-policy"].startswith("default-src 'self'")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"
    external = [h for h in parse_html(r.text).hrefs if h.startswith(("http:", "https:"))]
    assert not any("cdn" in h for h in external)
    assert 'src="http' not in r.text
    assert all(src.startswith("/static/") for src in re.findall(r'<script[^>]*\bsrc="([^"]*)"', r.text))
    assert not re.search(r"<script(?![^>]*\bsrc=)", r.text)  # scripts only from /static/, never inline


def test_home_page_answers_the_headline_question(client):
    r = client.get("/", headers=BROWSER)
    assert "Which conventions has Belarus not ratified?" in r.text
    page = parse_html(r.text)
    stated, implied = {"untc-V-3", "untc-V-4", "coe-ets-166", "untc-IV-13"}, {"untc-IV-13", "untc-IV-15", "untc-IV-15-a", "untc-IV-16", "untc-IV-9-b", "untc-IV-3-a", "untc-IV-12", "coe-ets-114", "coe-ets-187"}
    for key in stated | implied:
        assert f"/id/treaty/{key}" in page.hrefs
    answer = r.text.split('class="answer"', 1)[1].split("</section>", 1)[0]
    assert "/id/treaty/untc-V-2" not in answer  # a party: listed under "Party", not in the answer
    assert "Belarus is not party to the 1954 Convention relating to the Status of Stateless Persons" in r.text
    twin = client.get("/", headers={"Accept": "application/json"}).json()
    assert {t["key"] for t in twin["answer"]} == stated | implied


# ------------------------------------------------------------------ discovery (issue 14.6)

TWINS = {"turtle": ("text/turtle", "turtle"), "jsonld": ("application/ld+json", "json-ld"),
         "ntriples": ("application/n-triples", "nt"), "rdfxml": ("application/rdf+xml", "xml")}
LINK = re.compile(r'<([^>]*)>((?:\s*;\s*[a-z]+="[^"]*")+)')


def link_values(header: str) -> list[dict]:
    return [{"href": href} | dict(re.findall(r'([a-z]+)="([^"]*)"', params)) for href, params in LINK.findall(header)]


class HeadLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alternates: list[dict] = []
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in_head |= tag == "head"
        if tag == "link" and attrs.get("rel") == "alternate" and self._in_head:
            self.alternates.append(attrs)

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False


@pytest.mark.parametrize("path", ["/id/state/BLR", "/id/treaty-action/BLR/untc-V-5/accession", "/def", "/def/shapes", "/graph/data"])
def test_link_headers_name_every_alternate_and_each_answers_its_type(client, path):
    r = client.get(path, headers={"Accept": "text/turtle"})
    assert r.status_code == 200, r.text
    links = link_values(r.headers["link"])
    alternates = {link["type"]: link["href"] for link in links if link.get("rel") == "alternate"}
    assert set(alternates) == {"application/ld+json", "application/n-triples", "application/rdf+xml", "text/html"}
    for media, href in alternates.items():
        twin = client.get(href)
        assert twin.status_code == 200 and twin.headers["content-type"].split(";")[0] == media, href
    if path.startswith(("/id/", "/graph/")):
        assert [link["href"] for link in links if link.get("rel") == "canonical"] == ["https://w3id.org/rightsgraph" + path]


@pytest.mark.parametrize("path", ["/id/state/BLR", "/def", "/graph/ontology"])
def test_html_head_links_every_rdf_twin(client, path):
    r = client.get(path, headers=BROWSER)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    head = HeadLinks()
    head.feed(r.text)
    assert {a["type"] for a in head.alternates} == {media for media, _ in TWINS.values()}
    for a in head.alternates:
        twin = client.get(a["href"])
        assert twin.status_code == 200 and twin.headers["content-type"].split(";")[0] == a["type"]
        Graph().parse(data=twin.content, format=dict(TWINS.values())[a["type"]])
    assert 'rel="alternate"' in r.headers["link"] and 'type="text/turtle"' in r.headers["link"]


def test_406_varies_on_accept(client):
    for path in ("/id/state/BLR", "/def", "/sparql?query=ASK%7B%7D", "/.well-known/void"):
        r = client.get(path, headers={"Accept": "image/png"})
        assert r.status_code == 406, path
        assert "Accept" in r.headers["vary"], path


@pytest.mark.parametrize("path", ["/id/state/BLR", "/def", "/graph/data", "/.well-known/void"])
def test_negotiated_answers_have_a_content_location(client, path):
    r = client.get(path, headers={"Accept": "application/ld+json"})
    assert r.status_code == 200
    location = r.headers["content-location"]
    assert location == path + "?format=jsonld"
    again = client.get(location, headers={"Accept": "text/turtle"})  # the URL of that very representation
    assert again.headers["content-type"].split(";")[0] == "application/ld+json" and again.content == r.content
    assert "content-location" not in again.headers  # not negotiated: the URL already names it


def test_named_graph_iris_resolve(client, compiled):
    from rightsgraph.namespaces import DATA_GRAPH, LAYERS

    for graph in LAYERS:
        r = client.get(local(str(graph)))
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle"), graph
    data = Graph().parse(data=client.get("/graph/data", headers={"Accept": "application/n-triples"}).content, format="nt")
    reference = compiled.graph(DATA_GRAPH)

    def ground(g):  # blank-node labels differ from parse to parse
        return {t for t in g if not any(isinstance(x, BNode) for x in t)}

    assert len(data) == len(reference) and ground(data) == ground(reference)
    page = client.get("/graph/data", headers=BROWSER)
    assert page.status_code == 200 and str(len(data)) in page.text.replace(",", "")
    assert client.get("/graph/no-such-graph").status_code == 404
    moved = client.get("/graph/DATA", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == "/graph/data"


def test_case_variants_of_keys_redirect(client):
    r = client.get("/id/state/blr", follow_redirects=False)
    assert r.status_code == 301 and r.headers["location"] == "/id/state/BLR"
    r = client.get("/id/STATE/Blr?format=jsonld", follow_redirects=False)
    assert r.status_code == 301 and r.headers["location"] == "/id/state/BLR?format=jsonld"
    assert client.get("/id/treaty/UNTC-v-2", follow_redirects=False).headers["location"] == "/id/treaty/untc-V-2"
    followed = client.get("/id/state/blr", headers={"Accept": "text/turtle"})
    assert followed.status_code == 200 and (URIRef(ID["state/BLR"]), None, None) in Graph().parse(data=followed.content, format="turtle")
    assert client.get("/id/state/xyz", follow_redirects=False).status_code == 404  # no resource in any case


def test_case_variant_needs_exactly_one_match():
    from rightsgraph.api.routes.resources import case_variant

    class Stub:
        class settings:
            public_base = "https://w3id.org/rightsgraph/"

        def __init__(self, iris):
            self.iris, self.memos = iris, {}

        def select(self, query):
            return [{"r": URIRef(i)} for i in self.iris]

        def memo(self, name, compute):
            return self.memos.setdefault(name, compute())

    base = "https://w3id.org/rightsgraph/id/"
    assert case_variant(Stub([base + "x/Ab"]), base + "x/ab") == base + "x/Ab"
    assert case_variant(Stub([base + "x/Ab", base + "x/aB"]), base + "x/ab") is None  # ambiguous: 404
    assert case_variant(Stub([base + "x/Ab"]), base + "x/Ab") is None  # itself (it would have been found)
    assert case_variant(Stub([]), base + "x/ab") is None
