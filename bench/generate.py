"""Generate a synthetic multi-country rightsgraph dataset that conforms to the project's shapes.

    .venv/bin/python bench/generate.py --triples 50k --out DIR [--seed 1]

DIR is laid out like ``data/`` (``states/``, ``treaties/``, ``organizations/``, ``status/``,
``programmes/``, ``figures/``, ``recommendations/``, ``sources/``), so a copy of the project whose
``data`` is DIR builds with ``rightsgraph --root ROOT build`` (``bench/run.py`` assembles such a
root with :func:`make_root`).

What it contains, reusing the IRI patterns and classes of ``data/``:

* all 193 UN member states as ``rg:State`` with their ISO 3166-1 alpha-3 code (checked with
  pycountry), a government (``rg:GovernmentBody``), a UN country team and NGOs;
* the report's treaties plus the other core human-rights treaties and optional protocols, with
  their ``rg:untcNumber`` (and the Council of Europe's nationality convention with its ETS number);
* per state × treaty a seeded participation story: signature + ratification, accession, signature
  only, or nothing (then a ``not-party`` ``rg:StatusAssertion``), each ``rg:TreatyAction`` typed
  from the treaty-action scheme and dated;
* programmes (funder, implementer, theme, period), figures (``rg:Observation`` with measure, unit,
  period, area) and recommendations (who, to whom, what action, on which treaty);
* for every fact ``prov:wasDerivedFrom`` a synthetic ``rg:Paragraph`` of a synthetic per-country
  ``rg:SourceDocument`` and an ``rg:quote`` that occurs verbatim in that paragraph's ``rg:text``.

Deterministic: the same --seed and --triples give byte-identical files. The size is the number
of *asserted* triples written (a build adds the inferred layer, about a third more). The facts
of each state are taken in a seeded order until the state's share of the budget is used, so at
50k each state has actions for some of its treaties, and from about 300k on for all of them.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from pathlib import Path

ID = "https://w3id.org/rightsgraph/id/"
PREFIXES = """@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rg: <https://w3id.org/rightsgraph/def#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

"""

# The 193 UN member states (ISO 3166-1 alpha-3).
UN_MEMBERS = (
    "AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN BGR BFA BDI "
    "CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI "
    "EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA "
    "JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM "
    "MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR "
    "MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE "
    "SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE"
).split()

# (key, label, untc number or None, ets number or None, supplements key or None, theme)
TREATIES = [
    ("untc-V-2", "Convention relating to the Status of Refugees", "V-2", None, None, "asylum"),
    ("untc-V-5", "Protocol relating to the Status of Refugees", "V-5", None, "untc-V-2", "asylum"),
    ("untc-V-3", "Convention relating to the Status of Stateless Persons", "V-3", None, None, "statelessness"),
    ("untc-V-4", "Convention on the Reduction of Statelessness", "V-4", None, None, "statelessness"),
    ("coe-ets-166", "European Convention on Nationality", None, "166", None, "statelessness"),
    ("untc-XVIII-12", "United Nations Convention against Transnational Organized Crime", "XVIII-12", None, None, "trafficking"),
    ("untc-XVIII-12-a", "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children", "XVIII-12-a", None, "untc-XVIII-12", "trafficking"),
    ("untc-XVIII-12-b", "Protocol against the Smuggling of Migrants by Land, Sea and Air", "XVIII-12-b", None, "untc-XVIII-12", "smuggling"),
    ("untc-IV-13", "International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families", "IV-13", None, None, "migration"),
    ("untc-IV-4", "International Covenant on Civil and Political Rights", "IV-4", None, None, "justice"),
    ("untc-IV-2", "International Convention on the Elimination of All Forms of Racial Discrimination", "IV-2", None, None, "non-discrimination"),
    ("untc-IV-11", "Convention on the Rights of the Child", "IV-11", None, None, "children"),
    ("untc-IV-1", "Convention on the Prevention and Punishment of the Crime of Genocide", "IV-1", None, None, "justice"),
    ("untc-IV-3", "International Covenant on Economic, Social and Cultural Rights", "IV-3", None, None, "non-discrimination"),
    ("untc-IV-3-a", "Optional Protocol to the International Covenant on Economic, Social and Cultural Rights", "IV-3-a", None, "untc-IV-3", "non-discrimination"),
    ("untc-IV-5", "Optional Protocol to the International Covenant on Civil and Political Rights", "IV-5", None, "untc-IV-4", "justice"),
    ("untc-IV-12", "Second Optional Protocol to the International Covenant on Civil and Political Rights, aiming at the abolition of the death penalty", "IV-12", None, "untc-IV-4", "justice"),
    ("untc-IV-8", "Convention on the Elimination of All Forms of Discrimination against Women", "IV-8", None, None, "gender"),
    ("untc-IV-8-b", "Optional Protocol to the Convention on the Elimination of All Forms of Discrimination against Women", "IV-8-b", None, "untc-IV-8", "gender"),
    ("untc-IV-9", "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment", "IV-9", None, None, "justice"),
    ("untc-IV-9-b", "Optional Protocol to the Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment", "IV-9-b", None, "untc-IV-9", "justice"),
    ("untc-IV-11-b", "Optional Protocol to the Convention on the Rights of the Child on the involvement of children in armed conflict", "IV-11-b", None, "untc-IV-11", "children"),
    ("untc-IV-11-c", "Optional Protocol to the Convention on the Rights of the Child on the sale of children, child prostitution and child pornography", "IV-11-c", None, "untc-IV-11", "children"),
    ("untc-IV-11-d", "Optional Protocol to the Convention on the Rights of the Child on a communications procedure", "IV-11-d", None, "untc-IV-11", "children"),
    ("untc-IV-15", "Convention on the Rights of Persons with Disabilities", "IV-15", None, None, "non-discrimination"),
    ("untc-IV-15-a", "Optional Protocol to the Convention on the Rights of Persons with Disabilities", "IV-15-a", None, "untc-IV-15", "non-discrimination"),
    ("untc-IV-16", "International Convention for the Protection of All Persons from Enforced Disappearance", "IV-16", None, None, "justice"),
]

GLOBAL_ORGS = [
    ("un-general-assembly", "IntergovernmentalOrganization", "United Nations General Assembly", "UNGA"),
    ("unhcr", "IntergovernmentalOrganization", "United Nations High Commissioner for Refugees", "UNHCR"),
    ("iom", "IntergovernmentalOrganization", "International Organization for Migration", "IOM"),
    ("unicef", "IntergovernmentalOrganization", "United Nations Children's Fund", "UNICEF"),
    ("undp", "IntergovernmentalOrganization", "United Nations Development Programme", "UNDP"),
    ("ohchr", "IntergovernmentalOrganization", "Office of the United Nations High Commissioner for Human Rights", "OHCHR"),
    ("european-commission", "IntergovernmentalOrganization", "European Commission", "EC"),
]

MEASURES = ["asylum-applications", "recognised-refugees", "trafficking-cases", "trafficking-criminal-cases", "vots-recognised",
            "vots-reintegration-assisted", "avr-counselled", "avr-assisted", "social-housing-families", "reception-capacity"]
THEMES = ["asylum", "statelessness", "trafficking", "smuggling", "migration", "hiv", "children", "gender", "justice",
          "integration", "domestic-violence", "non-discrimination"]
GROUPS = ["refugees", "asylum-seekers", "stateless-persons", "migrants", "victims-of-trafficking", "children", "women",
          "young-people", "persons-with-disabilities", "people-living-with-hiv"]
ACTIONS = ["accede", "ratify", "amend-legislation", "adopt-measure", "establish", "strengthen", "implement", "build-capacity", "raise-awareness"]
MINISTRIES = ["interior", "justice", "labour-and-social-protection", "education", "health", "foreign-affairs"]
SIZES = {"5k": 5_000, "50k": 50_000, "500k": 500_000, "2m": 2_000_000}


def parse_size(text: str) -> int:
    key = text.strip().lower()
    if key in SIZES:
        return SIZES[key]
    mult = 1
    if key.endswith("k"):
        key, mult = key[:-1], 1_000
    elif key.endswith("m"):
        key, mult = key[:-1], 1_000_000
    return int(float(key) * mult)


def lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def en(text: str) -> str:
    return lit(text) + "@en"


def iri(path: str) -> str:
    return f"<{ID}{path}>"


class Writer:
    """Turtle subject blocks written by hand (fast), counting triples."""

    def __init__(self):
        self.files: dict[str, list[str]] = {}
        self.triples = 0

    def block(self, file: str, subject: str, rdf_type: str | None, props: list[tuple[str, str]]) -> None:
        parts = []
        if rdf_type:
            parts.append(f"a {rdf_type}")
        parts += [f"{p} {o}" for p, o in props]
        self.triples += len(parts)
        self.files.setdefault(file, []).append(subject + " " + " ;\n    ".join(parts) + " .\n")

    def write(self, out: Path) -> None:
        for rel, blocks in sorted(self.files.items()):
            path = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8") as fh:
                fh.write("# Synthetic data generated by bench/generate.py; not facts about any state.\n")
                fh.write(PREFIXES)
                fh.write("\n".join(blocks))


_PARAGRAPH_TRIPLES = 8  # 7 on the paragraph, 1 rg:hasParagraph on its document


class Document:
    """A synthetic source document whose paragraphs are built from the quotes of the facts citing them."""

    def __init__(self, w: Writer, key: str, title: str, state: str | None, author: str, year: int, file: str, per_paragraph: int = 4):
        self.w, self.key, self.title, self.file = w, key, title, file
        self.state, self.author, self.year = state, author, year
        self.per_paragraph = per_paragraph
        self.paragraphs: list[list[str]] = []

    def cite(self, sentence: str) -> str:
        """Put sentence into the current paragraph; returns the paragraph's IRI."""
        if not self.paragraphs or len(self.paragraphs[-1]) >= self.per_paragraph:
            self.paragraphs.append([])
            self.w.triples += _PARAGRAPH_TRIPLES  # counted now, so budgets see them; written at close()
        self.paragraphs[-1].append(sentence)
        return iri(f"source/{self.key}/para/{len(self.paragraphs)}")

    def close(self) -> None:
        doc = iri(f"source/{self.key}")
        props = [("rdfs:label", en(self.title)), ("dcterms:title", en(self.title)),
                 ("dcterms:date", f'"{self.year}"^^xsd:gYear'), ("rg:author", iri(f"organization/{self.author}"))]
        if self.state:
            props.append(("rg:aboutState", iri(f"state/{self.state}")))
        props += [("rg:hasParagraph", iri(f"source/{self.key}/para/{n}")) for n in range(1, len(self.paragraphs) + 1)]
        self.w.block(self.file, doc, "rg:SourceDocument", props)
        self.w.triples -= _PARAGRAPH_TRIPLES * len(self.paragraphs)
        for n, sentences in enumerate(self.paragraphs, 1):
            self.w.block(self.file, iri(f"source/{self.key}/para/{n}"), "rg:Paragraph", [
                ("rdfs:label", en(f"{self.title}, paragraph {n}")),
                ("prov:wasDerivedFrom", doc),
                ("rg:paragraphNumber", str(n)),
                ("rg:paragraphOf", doc),
                ("rg:section", lit("Synthetic section " + str(1 + (n - 1) // 10))),
                ("rg:text", lit(" ".join(sentences))),
            ])


def state_names() -> dict[str, str]:
    import pycountry

    names = {}
    for code in UN_MEMBERS:
        c = pycountry.countries.get(alpha_3=code)
        if c is None:
            raise SystemExit(f"{code} is not an ISO 3166-1 alpha-3 code known to pycountry")
        names[code] = getattr(c, "common_name", None) or c.name
    return names


def fact(w: Writer, doc: Document, file: str, subject: str, rdf_type: str, label: str, sentence: str, props: list) -> None:
    para = doc.cite(sentence)
    w.block(file, subject, rdf_type, [("rdfs:label", en(label))] + props + [("rg:quote", lit(sentence)), ("prov:wasDerivedFrom", para)])


def generate(target: int, seed: int = 1, progress=None, states: int | None = None) -> Writer:
    """The dataset as Turtle blocks; ``states`` limits it to the first N member states (small test graphs)."""
    w = Writer()
    names = state_names()
    members = UN_MEMBERS[:states] if states else UN_MEMBERS
    treaty_label = {t[0]: t[1] for t in TREATIES}
    glob = Document(w, "synthetic-global-overview", "Synthetic overview of the core international human-rights instruments",
                    None, "ohchr", 2020, "sources/synthetic-global-overview.ttl")
    for key, rdf_class, label, acronym in GLOBAL_ORGS:
        fact(w, glob, "organizations/international.ttl", iri(f"organization/{key}"), f"rg:{rdf_class}", label,
             f"The {label} ({acronym}) works with states on the rights of migrants, refugees and children.", [("rg:acronym", lit(acronym))])
    for key, label, untc, ets, supplements, theme in TREATIES:
        props = [("rg:theme", iri(f"concept/theme/{theme}"))]
        if untc:
            props.append(("rg:untcNumber", lit(untc)))
        if ets:
            props.append(("rg:etsNumber", lit(ets)))
        if supplements:
            props.append(("rg:supplements", iri(f"treaty/{supplements}")))
        ident = f"UN Treaty Collection chapter {untc}" if untc else f"Council of Europe treaty number {ets}"
        fact(w, glob, "treaties/treaties.ttl", iri(f"treaty/{key}"), "rg:Treaty", label, f"The {label} is recorded as {ident}.", props)
    glob.close()

    budget = max(60, (target - w.triples) // len(members))
    started = time.monotonic()
    for index, code in enumerate(members):
        rng = random.Random(f"rightsgraph-synthetic-{seed}-{code}")
        name = names[code]
        low = code.lower()
        doc_key = f"synthetic-{low}-upr"
        year = 2008 + rng.randrange(15)
        doc = Document(w, doc_key, f"Synthetic country report on {name} ({year})", code, f"unct-{low}", year, f"sources/{doc_key}.ttl")
        start = w.triples
        state, gov, unct = iri(f"state/{code}"), iri(f"organization/government-{low}"), iri(f"organization/unct-{low}")
        fact(w, doc, "states/states.ttl", state, "rg:State", name, f"{name} is a member state of the United Nations.",
             [("rg:isoCode", lit(code)), ("rg:government", gov)])
        fact(w, doc, "organizations/governments.ttl", gov, "rg:GovernmentBody", f"Government of {name}",
             f"The Government of {name} coordinates the national response.", [("rg:jurisdiction", state)])
        fact(w, doc, "organizations/un-country-teams.ttl", unct, "rg:IntergovernmentalOrganization", f"United Nations Country Team in {name}",
             f"The United Nations Country Team in {name} drafted this report.", [])
        steps = _state_steps(rng, code, low, name, gov, unct, year, treaty_label)
        for step in steps:
            if w.triples - start >= budget:
                break
            step(w, doc)
        doc.close()
        if progress:
            progress(index + 1, len(members), w.triples, time.monotonic() - started)
    return w


def _state_steps(rng, code, low, name, gov, unct, year, treaty_label):
    """The seeded, ordered facts of one state, as closures that write one or two facts each."""
    state = iri(f"state/{code}")
    treaties = [t[0] for t in TREATIES]
    rng.shuffle(treaties)
    pair_steps = []
    for i, key in enumerate(treaties):
        label = treaty_label[key]
        # every state's first two stories are "signed only" and "nothing (not party)", so the headline
        # question (which treaties has it not ratified?) has answers for every state at every size
        roll = {0: 0.75, 1: 0.9}.get(i, rng.random())
        signed = 1990 + rng.randrange(30)
        if roll < 0.45:
            story = [("signature", signed), ("ratification", min(2024, signed + 1 + rng.randrange(6)))]
        elif roll < 0.70:
            story = [("accession", signed)]
        elif roll < 0.82:
            story = [("signature", signed)]
        else:
            story = []
        pair_steps.append(_pair_step(code, name, key, label, story, year, rng))
    others = []
    ngo_count = 0
    for k in range(10_000):
        kind = k % 4
        if kind == 0:
            measure = MEASURES[(k // 4) % len(MEASURES)]
            period = 1990 + (k // (4 * len(MEASURES)))
            if period > 2025:
                continue
            others.append(_observation_step(code, name, measure, period, rng.randrange(5, 50_000)))
        elif kind == 1:
            theme = rng.choice(THEMES)
            begin = 1995 + rng.randrange(28)
            others.append(_programme_step(code, low, name, k // 4, theme, rng.choice(GROUPS), begin, begin + 1 + rng.randrange(5), gov, unct))
        elif kind == 2:
            action = rng.choice(ACTIONS)
            others.append(_recommendation_step(code, name, k // 4, action, rng.choice(treaties), treaty_label, rng.choice(THEMES), gov, unct))
        else:
            ngo_count += 1
            others.append(_ngo_step(low, name, ngo_count))
        if len(others) > 2_500:
            break
    # Interleave: the treaty stories first-class, one other fact after every pair.
    steps = []
    for i in range(max(len(pair_steps), len(others))):
        if i < len(pair_steps):
            steps.append(pair_steps[i])
        if i < len(others):
            steps.append(others[i])
    for ministry in MINISTRIES:  # a few government bodies, then the rest of the facts
        steps.insert(min(len(steps), 3), _ministry_step(low, name, ministry, gov))
    return steps


def _pair_step(code, name, key, label, story, year, rng):
    def step(w, doc):
        if not story:
            sentence = f"{name} is not a party to the {label}."
            fact(w, doc, f"status/{code.lower()}-status.ttl", iri(f"status-assertion/{code}/{key}/synthetic-{code.lower()}-{year}"),
                 "rg:StatusAssertion", f"{name} is not party to the {label}", sentence, [
                     ("rg:state", iri(f"state/{code}")), ("rg:treaty", iri(f"treaty/{key}")),
                     ("rg:status", iri("concept/participation-status/not-party")), ("rg:asOf", f'"{year}"^^xsd:gYear')])
            return
        for action, when in story:
            month, day = 1 + rng.randrange(12), 1 + rng.randrange(28)
            date = f"{when:04d}-{month:02d}-{day:02d}"
            verb = {"signature": "signed", "ratification": "ratified", "accession": "acceded to"}[action]
            sentence = f"{name} {verb} the {label} on {date}."
            fact(w, doc, f"status/{code.lower()}-treaty-actions.ttl", iri(f"treaty-action/{code}/{key}/{action}"), "rg:TreatyAction",
                 f"{name}: {action} of the {label}", sentence, [
                     ("rg:state", iri(f"state/{code}")), ("rg:treaty", iri(f"treaty/{key}")),
                     ("rg:actionType", iri(f"concept/treaty-action/{action}")), ("rg:actionDate", f'"{date}"^^xsd:date')])
    return step


def _observation_step(code, name, measure, period, value):
    def step(w, doc):
        words = measure.replace("-", " ")
        sentence = f"In {period}, the figure for {words} in {name} was {value}."
        fact(w, doc, f"figures/{code.lower()}-figures.ttl", iri(f"observation/{measure}/{code}/{period}"), "rg:Observation",
             f"{name}, {words}, {period}: {value}", sentence, [
                 ("rg:measure", iri(f"concept/measure/{measure}")), ("rg:value", str(value)),
                 ("rg:unit", iri("concept/unit/person")), ("rg:periodStart", f'"{period}"^^xsd:gYear'),
                 ("rg:periodEnd", f'"{period}"^^xsd:gYear'), ("rg:refArea", iri(f"state/{code}"))])
    return step


def _programme_step(code, low, name, k, theme, group, begin, end, gov, unct):
    def step(w, doc):
        label = f"{name} national programme on {theme.replace('-', ' ')} {begin}-{end} (no. {k + 1})"
        sentence = f"The Government of {name} ran the {label}, implemented with the UN Country Team."
        fact(w, doc, f"programmes/{low}-programmes.ttl", iri(f"programme/{low}-{theme}-{k + 1}"), "rg:Programme", label, sentence, [
            ("rg:startDate", f'"{begin}"^^xsd:gYear'), ("rg:endDate", f'"{end}"^^xsd:gYear'),
            ("rg:funder", gov), ("rg:implementer", unct),
            ("rg:theme", iri(f"concept/theme/{theme}")), ("rg:targetGroup", iri(f"concept/rights-holder/{group}"))])
    return step


def _recommendation_step(code, name, k, action, treaty, treaty_label, theme, gov, unct):
    def step(w, doc):
        words = action.replace("-", " ")
        sentence = f"The UN Country Team recommends that {name} {words} in relation to the {treaty_label[treaty]} (recommendation {k + 1})."
        fact(w, doc, f"recommendations/{code.lower()}-recommendations.ttl", iri(f"recommendation/{code}/synthetic-{k + 1}"),
             "rg:Recommendation", f"Recommendation {k + 1} to {name}: {words}", sentence, [
                 ("rg:recommendedBy", unct), ("rg:addressedTo", gov),
                 ("rg:recommendedAction", iri(f"concept/recommended-action/{action}")),
                 ("rg:concerns", iri(f"treaty/{treaty}")), ("rg:theme", iri(f"concept/theme/{theme}"))])
    return step


def _ngo_step(low, name, n):
    def step(w, doc):
        label = f"{name} Civil Society Network no. {n}"
        fact(w, doc, f"organizations/{low}-civil-society.ttl", iri(f"organization/{low}-ngo-{n}"), "rg:CivilSocietyOrganization",
             label, f"The {label} supports victims and migrants.", [])
    return step


def _ministry_step(low, name, ministry, gov):
    def step(w, doc):
        label = f"Ministry of {ministry.replace('-', ' ').title().replace(' And ', ' and ')} of {name}"
        fact(w, doc, "organizations/governments.ttl", iri(f"organization/{low}-ministry-of-{ministry}"), "rg:GovernmentBody",
             label, f"The {label} is responsible for part of the national response.",
             [("<http://www.w3.org/ns/org#subOrganizationOf>", gov), ("rg:jurisdiction", iri(f"state/{low.upper()}"))])
    return step


def make_root(data_dir: Path, root: Path, project: Path | None = None) -> Path:
    """A project root for `rightsgraph --root`: the project's ontology, shapes, queries and rules
    (copied) with ``data`` pointing at data_dir."""
    project = project or Path(__file__).resolve().parents[1]
    root.mkdir(parents=True, exist_ok=True)
    for part in ("ontology", "shapes", "queries", "rules"):
        target = root / part
        if target.exists():
            shutil.rmtree(target)
        if (project / part).is_dir():
            shutil.copytree(project / part, target)
    link = root / "data"
    if link.is_symlink() or link.exists():
        link.unlink() if link.is_symlink() else shutil.rmtree(link)
    link.symlink_to(Path(data_dir).resolve(), target_is_directory=True)
    return root


_last = [0.0]


def _progress(done, total, triples, elapsed):
    """A bar on stderr: redrawn in place on a terminal, a few lines otherwise."""
    tty = sys.stderr.isatty()
    if done != total and (elapsed - _last[0] < (0.2 if tty else 5.0)):
        return
    _last[0] = elapsed
    bar = "#" * (20 * done // total)
    line = f"[{bar:<20}] {done}/{total} states, {triples:,} triples, {elapsed:.1f} s"
    sys.stderr.write(("\r" + line) if tty else (line + "\n"))
    if tty and done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--triples", default="50k", help="size: 5k, 50k, 500k, 2M or a number (asserted triples)")
    p.add_argument("--out", type=Path, required=True, help="directory to write (laid out like data/); replaced if it exists")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--states", type=int, help="only the first N member states (for small test graphs)")
    p.add_argument("--root", type=Path, help="also assemble a project root here whose data/ is --out")
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args(argv)
    target = parse_size(args.triples)
    w = generate(target, args.seed, None if args.quiet else _progress, args.states)
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    w.write(args.out)
    if args.root:
        make_root(args.out, args.root)
    print(f"{w.triples} triples in {sum(1 for _ in args.out.rglob('*.ttl'))} files -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
