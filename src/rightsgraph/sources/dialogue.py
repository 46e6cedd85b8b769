"""Write the interactive dialogue of A/HRC/15/16 as Turtle from its curated tables.

The tables are judgement and live with the data: ``data/dialogue/dialogue_table.py`` (who spoke in
which paragraph, each act in the report's words, its themes and concerns; the 31 undelivered
statements of footnote 1) and ``data/dialogue/replies_table.py`` (the delegation's replies). This
module only applies them: every quote is checked against the segmented paragraph texts of
``data/sources/a-hrc-15-16.ttl`` before anything is written (a quote not in its paragraph is a
:class:`DialogueError`), theme keys are mapped to the theme scheme of ``ontology/*.ttl`` (a key the
scheme lacks is left out and named), and the output is ``data/dialogue/statements-2010.ttl`` and
``replies-2010.ttl``, committed and reviewed; ``tests/unit/test_dialogue.py`` regenerates them and
compares.

Run: ``.venv/bin/python -m rightsgraph.sources.dialogue`` (from the repository root).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

from ..errors import SourceError


class DialogueError(SourceError):
    """A curated dialogue table that does not fit the source (a quote not in its paragraph, wrong counts)."""


ID = "https://w3id.org/rightsgraph/id/"
RG = Namespace("https://w3id.org/rightsgraph/def#")
SOURCE = ID + "source/a-hrc-15-16/"
REVIEW = ID + "review/upr-blr-2010"
DIALOGUE = ID + "dialogue/upr-blr-2010"
MEETING = ID + "meeting/upr-wg-8/16"
DELEGATION = ID + "delegation/upr-blr-2010"
DELEGATION_ATTRIBUTION = ID + "attribution/upr-blr-2010/delegation-of-state-under-review"
ROLE = ID + "concept/speaker-role/state-in-dialogue"
THEME_SCHEME = URIRef(ID + "concept-scheme/theme")

# table key -> theme concept keys (in order of preference; the first that exists is used)
THEMES = {
    "asylum": ["asylum"], "children": ["children"], "gender": ["gender"], "justice": ["justice"],
    "trafficking": ["trafficking"], "migration": ["migration"], "hiv": ["hiv"],
    "domestic-violence": ["domestic-violence"], "non-discrimination": ["non-discrimination"],
    "death-penalty": ["death-penalty"], "torture": ["torture"], "detention": ["detention", "conditions-of-detention"],
    "freedom-of-expression": ["freedom-of-expression"], "freedom-of-assembly": ["freedom-of-assembly"],
    "freedom-of-association": ["freedom-of-association"], "freedom-of-religion": ["freedom-of-religion"],
    "media": ["media", "freedom-of-the-media", "freedom-of-expression"], "elections": ["elections"],
    "human-rights-defenders": ["human-rights-defenders"], "civil-society": ["civil-society"],
    "cooperation": ["cooperation-with-mechanisms", "international-cooperation"],
    "economic-social-rights": ["economic-social-rights", "economic-social-cultural-rights"],
    "civil-political-rights": ["civil-political-rights"], "health": ["health", "right-to-health"],
    "education": ["education", "right-to-education", "economic-social-rights"],
    "work": ["work", "right-to-work", "employment", "economic-social-rights"],
    "poverty": ["poverty", "development"], "mdg": ["millennium-development-goals", "mdg", "development"],
    "human-rights-education": ["human-rights-education"], "disability": ["disability", "persons-with-disabilities"],
    "minorities": ["minorities"], "environment": ["environment"],
    "enforced-disappearance": ["enforced-disappearance"], "international-instruments": ["international-instruments"],
    "family": ["family"],
}

# a theme key whose own concept is missing and which falls back to a broader one is reported too
PREFERRED = {"education": "education", "work": "work", "poverty": "poverty"}


def paragraph_texts(root: Path) -> dict[str, str]:
    g = Graph().parse(root / "data" / "sources" / "a-hrc-15-16.ttl")
    return {str(s)[len(SOURCE):]: str(o) for s, o in g.subject_objects(RG.text) if str(s).startswith(SOURCE)}


def theme_concepts(root: Path) -> set[str]:
    g = Graph()
    for p in sorted((root / "ontology").glob("*.ttl")):
        g.parse(p)
    return {str(c)[len(ID + "concept/theme/"):] for c in g.subjects(SKOS.inScheme, THEME_SCHEME)
            if (c, RDF.type, SKOS.Concept) in g}


def attribution(attributions: dict[str, str], code: str, name: str) -> str:
    """The shared qualified attribution of a State speaking in the dialogue (as review's agents.ttl names
    them); its Turtle block is kept once per State in ``attributions`` (IRI -> block)."""
    node = iri(f"attribution/upr-blr-2010/state-in-dialogue/{code}")
    attributions.setdefault(node, "\n".join([
        f"{node} a prov:Attribution ;",
        f"    rdfs:label {lit(f'Said by {display(name)} as a State in the interactive dialogue')}@en ;",
        f"    prov:agent {iri(f'state/{code}')} ;",
        f"    prov:hadRole <{ROLE}> .",
        "",
    ]))
    return node


def lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def iri(key: str) -> str:
    return f"<{key if key.startswith('http') else ID + key}>"


def display(name: str) -> str:
    return name[0].lower() + name[1:] if name.startswith("The ") else name


def short(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[: n].rsplit(" ", 1)[0] + "…"


def objects(values: list[str]) -> str:
    return " , ".join(values)


@dataclass
class Tables:
    """The curated tables, as the two table modules define them."""

    statements: dict          # paragraph -> (ISO code, name as printed, acts)
    undelivered: list         # (ISO code, name as printed), footnote 1's order
    replies: dict             # paragraph -> (label, quotes, themes, concerns, answers, takes up, note)
    takes_up_note: str

    @classmethod
    def load(cls, root: Path) -> Tables:
        here = root / "data" / "dialogue"
        d, r = _module(here / "dialogue_table.py"), _module(here / "replies_table.py")
        return cls(d.STATEMENTS, d.UNDELIVERED, r.REPLIES, r.TAKES_UP_NOTE)


def _module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_rightsgraph_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Written:
    """What :func:`render` makes: the two files' texts and the theme keys the scheme lacked."""

    statements: str
    replies: str
    missing: dict[str, set[str]] = field(default_factory=dict)


def render(root: Path, tables: Tables | None = None) -> Written:
    """The Turtle of the dialogue's statements and of the delegation's replies, every quote checked."""
    tables = tables or Tables.load(root)
    texts = paragraph_texts(root)
    available = theme_concepts(root)
    missing: dict[str, set[str]] = {}
    attributions: dict[str, str] = {}

    def themes(keys: list[str]) -> list[str]:
        out = []
        for key in keys:
            found = next((c for c in THEMES[key] if c in available), None)
            if found is None or (key in PREFERRED and found != THEMES[key][0]):
                missing.setdefault(key, set()).add(found or "")
            elif iri(f"concept/theme/{found}") not in out:
                out.append(iri(f"concept/theme/{found}"))
        return out

    def check(quote: str, unit: str) -> None:
        if unit not in texts:
            raise DialogueError(f"no unit {unit} in A/HRC/15/16 (data/sources/a-hrc-15-16.ttl)")
        if re.sub(r"\s+", " ", quote) not in texts[unit]:
            raise DialogueError(f"quote not in {unit} of A/HRC/15/16: {quote!r}")

    out = [
        "@prefix prov: <http://www.w3.org/ns/prov#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix rg: <https://w3id.org/rightsgraph/def#> .",
        "",
        "# The interactive dialogue of A/HRC/15/16 (paragraphs 21-52, 63-85, footnote 1): one statement per",
        "# State, what it did in the report's words (one node per act, questions as rg:Question), and the 31",
        "# statements footnote 1 lists as not delivered. Generated by src/rightsgraph/sources/dialogue.py from",
        "# data/dialogue/dialogue_table.py; edit there.",
        "",
    ]
    for quote in ("53 delegations made statements",
                  "An additional 31 statements, which could not be delivered during the interactive dialogue owing to time constraints"):
        check(quote, "para/21")
    out += [
        f"<{DIALOGUE}> a rg:InteractiveDialogue ;",
        '    rdfs:label "Interactive dialogue of the review of Belarus (12 May 2010)"@en ;',
        f"    rg:ofReview <{REVIEW}> ;",
        "    rg:statementsDelivered 53 ;",
        "    rg:statementsNotDelivered 31 ;",
        '    rg:quote "53 delegations made statements" , "An additional 31 statements, which could not be delivered during the interactive dialogue owing to time constraints" ;',
        f"    prov:wasDerivedFrom <{SOURCE}para/21> , <{SOURCE}footnote/1> .",
        "",
    ]

    recommenders = 0
    for para, (code, name, acts) in sorted(tables.statements.items()):
        unit = f"para/{para}"
        check(name, unit)
        state = iri(f"state/{code}")
        statement = f"statement/a-hrc-15-16/{code}"
        act_iris, all_themes = [], []
        blocks = []
        n_act = n_q = 0
        for kind, verb, quote, theme_keys, concerns in acts:
            check(quote, unit)
            if kind == "asked":
                n_q += 1
                key, cls = f"question/a-hrc-15-16/{code}/{n_q}", "rg:Question"
            else:
                n_act += 1
                key, cls = f"dialogue-act/a-hrc-15-16/{code}/{n_act}", "rg:DialogueAct"
            act_iris.append(iri(key))
            ts = themes(theme_keys)
            all_themes += [t for t in ts if t not in all_themes]
            lines = [
                f"{iri(key)} a {cls} ;",
                f"    rdfs:label {lit(f'{display(name)[0].upper() + display(name)[1:]}, paragraph {para}: {short(quote)}')}@en ;",
                f"    rg:actOf {iri(statement)} ;",
                f"    rg:actKind {iri(f'concept/dialogue-act/{kind}')} ;",
                f"    rg:verb {lit(verb)} ;",
            ]
            if kind == "asked":
                lines.append(f"    rg:putTo {iri('state/BLR')} ;")
            if ts:
                lines.append(f"    rg:theme {objects(ts)} ;")
            if concerns:
                lines.append(f"    rg:concerns {objects([iri(c) for c in concerns])} ;")
            lines += [
                f"    rg:quote {lit(quote)} ;",
                f"    prov:wasAttributedTo {state} ;",
                f"    prov:wasDerivedFrom <{SOURCE}{unit}> .",
                "",
            ]
            blocks.append(lines)
        made = any(a[0] == "made-recommendations" for a in acts)
        recommenders += made
        head = [
            f"{iri(statement)} a rg:DialogueStatement ;",
            f"    rdfs:label {lit(f'Statement by {display(name)} in the interactive dialogue (A/HRC/15/16, paragraph {para})')}@en ;",
            f"    rg:nameInSource {lit(name)} ;",
            f"    prov:wasAttributedTo {state} ;",
            f"    prov:qualifiedAttribution {attribution(attributions, code, name)} ;",
            f"    rg:inDialogue <{DIALOGUE}> ;",
            f"    rg:madeAt <{REVIEW}> , <{MEETING}> ;",
            "    rg:delivered true ;",
            f"    rg:madeRecommendations {'true' if made else 'false'} ;",
        ]
        if not made:
            head.append('    rg:note "The paragraph does not say that the State made recommendations, and the recommendations of the report (paragraphs 97 and 98, where paragraph 21 says the recommendations made during the dialogue are found) name none of it: read as false."@en ;')
        head.append(f"    rg:hasAct {objects(act_iris)} ;")
        if all_themes:
            head.append(f"    rg:theme {objects(all_themes)} ;")
        head += [f"    rg:quote {lit(name)} ;", f"    prov:wasDerivedFrom <{SOURCE}{unit}> .", ""]
        out += head
        for b in blocks:
            out += b

    for code, name in tables.undelivered:
        check(name, "footnote/1")
        state = iri(f"state/{code}")
        out += [
            f"{iri(f'statement/a-hrc-15-16/{code}')} a rg:DialogueStatement ;",
            f"    rdfs:label {lit(f'Statement by {name}, not delivered in the interactive dialogue for lack of time (A/HRC/15/16, footnote 1)')}@en ;",
            f"    rg:nameInSource {lit(name)} ;",
            f"    prov:wasAttributedTo {state} ;",
            f"    prov:qualifiedAttribution {attribution(attributions, code, name)} ;",
            f"    rg:inDialogue <{DIALOGUE}> ;",
            "    rg:delivered false ;",
            f"    rg:quote {lit(name)} ;",
            f"    prov:wasDerivedFrom <{SOURCE}footnote/1> , <{SOURCE}para/21> .",
            "",
        ]

    replies = [
        "@prefix prov: <http://www.w3.org/ns/prov#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix rg: <https://w3id.org/rightsgraph/def#> .",
        "",
        "# Belarus's replies in the interactive dialogue of A/HRC/15/16 (paragraphs 53-62, 86-96): one reply per",
        "# paragraph, attributed to the delegation of Belarus as the delegation of the State under review. The",
        "# delegation's figures, claims and the penalties it states are in claims-figures-2010.ttl. Generated by",
        "# src/rightsgraph/sources/dialogue.py from data/dialogue/replies_table.py; edit there.",
        "",
    ]
    for para, (label, quotes, theme_keys, concerns, answers, takes_up, note) in sorted(tables.replies.items()):
        unit = f"para/{para}"
        for quote in quotes:
            check(quote, unit)
        notes = ([tables.takes_up_note] if takes_up else []) + ([note] if note else [])
        lines = [
            f"{iri(f'reply/a-hrc-15-16/{para}')} a rg:DelegationReply ;",
            f"    rdfs:label {lit(f'{label} (A/HRC/15/16, paragraph {para})')}@en ;",
            f"    prov:wasAttributedTo <{DELEGATION}> ;",
            f"    prov:qualifiedAttribution <{DELEGATION_ATTRIBUTION}> ;",
            f"    rg:inDialogue <{DIALOGUE}> ;",
            f"    rg:madeAt <{REVIEW}> , <{MEETING}> ;",
        ]
        ts = themes(theme_keys)
        if ts:
            lines.append(f"    rg:theme {objects(ts)} ;")
        if concerns:
            lines.append(f"    rg:concerns {objects([iri(c) for c in concerns])} ;")
        if answers:
            lines.append(f"    rg:answers {objects([iri(a) for a in answers])} ;")
        if takes_up:
            lines.append(f"    rg:takesUpTopicOf {objects([iri(a) for a in takes_up])} ;")
        if notes:
            lines.append(f"    rg:note {lit(' '.join(notes))}@en ;")
        lines += [f"    rg:quote {objects([lit(q) for q in quotes])} ;", f"    prov:wasDerivedFrom <{SOURCE}{unit}> .", ""]
        replies += lines
    counts = (len(tables.statements), len(tables.undelivered), recommenders)
    if counts != (53, 31, 47):  # paragraph 21 and footnote 1; 47 statements made recommendations
        raise DialogueError(f"the tables give {counts[0]} delivered statements, {counts[1]} undelivered and "
                            f"{counts[2]} that made recommendations; A/HRC/15/16 gives 53, 31 and 47")
    out += [block for _, block in sorted(attributions.items())]
    return Written("\n".join(out).rstrip() + "\n", "\n".join(replies).rstrip() + "\n", missing)


def main(root: Path | None = None) -> int:
    root = root or Path.cwd()
    written = render(root)
    here = root / "data" / "dialogue"
    (here / "statements-2010.ttl").write_text(written.statements, encoding="utf-8")
    (here / "replies-2010.ttl").write_text(written.replies, encoding="utf-8")
    for key in sorted(written.missing):
        used = sorted(c for c in written.missing[key] if c)
        print(f"theme not in the theme scheme: {key} (tried {', '.join(THEMES[key])}); "
              + (f"used {', '.join(used)}" if used else "left out"), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
