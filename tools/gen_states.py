"""Generator for data/states/states.ttl: every state the sources name, keyed by ISO 3166-1 alpha-3.

Each state cites the paragraphs that name it. 2009 (UNCT): the paragraph lists below, read by hand.
2010 (A/HRC/15/16): every name the report uses is in the curated table of
data/recommendations/a-hrc-15-16.toml ([states]); the units that name a state are found by
searching the segmented source (data/sources/a-hrc-15-16.ttl) for those names, longest first, so
"Republic of Korea" inside "Democratic People's Republic of Korea" is not counted.
Every code is checked against pycountry (ISO 3166-1) here and by tests/unit/test_ontology.py.
Run: .venv/bin/python tools/gen_states.py > data/states/states.ttl
"""

import re
import sys
import tomllib
from pathlib import Path

import pycountry
from rdflib import Graph, Literal

ROOT = Path(__file__).resolve().parent.parent
P = "source/unct-blr-2009/para/"
F2 = "source/unct-blr-2009/footnote/2"
STATES = {
    # code: (label used here, how the 2009 report names it, [2009 paragraph keys])
    "BLR": ("Belarus", "Republic of Belarus", [P + "2", P + "3", P + "4"]),
    "UKR": ("Ukraine", "Ukraine", [P + "11", P + "22", P + "29", P + "60", F2]),
    "RUS": ("Russian Federation", "Russia", [P + "11", P + "32", P + "60"]),
    "POL": ("Poland", "Poland", [P + "11", F2]),
    "ARE": ("United Arab Emirates", "United Arab Emirates", [P + "11"]),
    "TUR": ("Turkey", "Turkey", [P + "11", P + "60"]),
    "CYP": ("Cyprus", "Cyprus", [P + "11"]),
    "DEU": ("Germany", "Germany", [P + "11"]),
    "CZE": ("Czech Republic", "Czech Republic", [P + "11"]),
    "LBN": ("Lebanon", "Lebanon", [P + "11", P + "60"]),
    "LTU": ("Lithuania", "Lithuania", [P + "11", F2]),
    "ISR": ("Israel", "Israel", [P + "11"]),
    "AUT": ("Austria", "Austria", [P + "11"]),
    "ITA": ("Italy", "Italy", [P + "11"]),
    "ESP": ("Spain", "Spain", [P + "11"]),
    "GBR": ("United Kingdom", "United Kingdom", [P + "11"]),
    "NLD": ("Netherlands", "Netherlands", [P + "11"]),
    "GRC": ("Greece", "Greece", [P + "11"]),
    "AFG": ("Afghanistan", "Afghanistan", [P + "22", P + "60"]),
    "GEO": ("Georgia", "Georgia", [P + "22", P + "60"]),
    "IRN": ("Iran", "Iran", [P + "22", P + "60"]),
    "VNM": ("Viet Nam", "Vietnam", [P + "60"]),
    "PAK": ("Pakistan", "Pakistan", [P + "60"]),
    "CHN": ("China", "China", [P + "60"]),
    "GHA": ("Ghana", "Ghana", [P + "60"]),
    "BGD": ("Bangladesh", "Bangladesh", [P + "60"]),
    "LKA": ("Sri Lanka", "Sri-Lanka", [P + "60"]),
    "EGY": ("Egypt", "Egypt", [P + "60"]),
    "IRQ": ("Iraq", "Iraq", [P + "60"]),
    "KGZ": ("Kyrgyzstan", "Kyrgyzstan", [P + "60"]),
    "SRB": ("Serbia", "Serbia", [P + "60"]),
    "NGA": ("Nigeria", "Nigeria", [P + "60"]),
    "ARM": ("Armenia", "Armenia", [P + "60"]),
    "MDA": ("Moldova", "Moldova", [P + "29", P + "47", F2]),
    "EST": ("Estonia", "Estonia", [F2]),
    "HUN": ("Hungary", "Hungary", [F2]),
    "LVA": ("Latvia", "Latvia", [P + "54", F2]),
    "ROU": ("Romania", "Romania", [F2]),
    "SVK": ("Slovakia", "Slovakia", [F2]),
    "CHE": ("Switzerland", "Swiss Confederation", [P + "54"]),
    "SWE": ("Sweden", "Sweden", [F2]),  # named through the Swedish Migration Board
}

# Labels of the states only the 2010 report names (pycountry's name where it is a plain short name).
LABELS_2010 = {
    "AGO": "Angola", "ARG": "Argentina", "AUS": "Australia", "AZE": "Azerbaijan", "BHR": "Bahrain",
    "BEL": "Belgium", "BTN": "Bhutan", "BOL": "Bolivia", "BRA": "Brazil", "KHM": "Cambodia",
    "CAN": "Canada", "CHL": "Chile", "CUB": "Cuba", "PRK": "Democratic People's Republic of Korea",
    "COD": "Democratic Republic of the Congo", "DNK": "Denmark", "DJI": "Djibouti", "DZA": "Algeria",
    "FIN": "Finland", "FRA": "France", "VAT": "Holy See", "IND": "India", "IDN": "Indonesia",
    "IRL": "Ireland", "JPN": "Japan", "JOR": "Jordan", "KAZ": "Kazakhstan", "KWT": "Kuwait",
    "LAO": "Lao People's Democratic Republic", "LBY": "Libya", "MYS": "Malaysia", "MEX": "Mexico",
    "MAR": "Morocco", "MMR": "Myanmar", "NPL": "Nepal", "NIC": "Nicaragua", "NOR": "Norway",
    "OMN": "Oman", "PSE": "Palestine", "PHL": "Philippines", "QAT": "Qatar", "KOR": "Republic of Korea",
    "SEN": "Senegal", "SGP": "Singapore", "SVN": "Slovenia", "ZAF": "South Africa", "SDN": "Sudan",
    "SYR": "Syrian Arab Republic", "TJK": "Tajikistan", "THA": "Thailand", "TUN": "Tunisia",
    "USA": "United States of America", "UZB": "Uzbekistan", "VEN": "Venezuela", "YEM": "Yemen",
    "ZWE": "Zimbabwe",
}

# Where the report's name is historical or the entity's standing needs a word (rg:note).
NOTES = {
    "PSE": "A/HRC/15/16 names 'Palestine' among the delegations of the dialogue (¶41) and as a recommending party; "
           "in 2010 Palestine took part in the Human Rights Council as an observer, not as a member State of the "
           "United Nations. Mapped to ISO 3166-1 PSE (pycountry: 'Palestine, State of'); modelled as an rg:State "
           "so that its recommendations have one node, not as a claim about its statehood.",
    "VAT": "A/HRC/15/16 names 'the Holy See' (footnote 1), a non-member observer State at the United Nations. "
           "ISO 3166-1 gives VAT to 'Holy See (Vatican City State)' (pycountry); the Holy See and the Vatican City "
           "State are distinct subjects of international law, and the report means the Holy See.",
    "LBY": "A/HRC/15/16 names it 'the Libyan Arab Jamahiriya' (¶64, recommendations) and 'Libya' (¶64), its names "
           "in 2010; the current name is 'Libya' (pycountry). ISO 3166-1 alpha-3 LBY for both.",
    "VEN": "A/HRC/15/16 names it 'Venezuela (Bolivarian Republic of)' (¶42) and 'Venezuela' (¶42, 97.44); "
           "ISO 3166-1 'Venezuela, Bolivarian Republic of' (pycountry), alpha-3 VEN.",
    "BOL": "A/HRC/15/16 names it 'Bolivia (Plurinational State of)' (¶44) and 'Bolivia' (¶44, recommendations); "
           "ISO 3166-1 'Bolivia, Plurinational State of' (pycountry), alpha-3 BOL.",
    "PRK": "A/HRC/15/16 names it 'the Democratic People’s Republic of Korea' (¶85, 97.34, 97.47); ISO 3166-1 "
           "'Korea, Democratic People's Republic of' (pycountry), alpha-3 PRK; not the Republic of Korea (KOR).",
    "KOR": "A/HRC/15/16 names it 'the Republic of Korea' (footnote 1); ISO 3166-1 'Korea, Republic of', alpha-3 KOR.",
    "SDN": "A/HRC/15/16 names 'the Sudan' (¶49, 97.3, 97.45), the State as it was in 2010, before South Sudan's "
           "independence in 2011; ISO 3166-1 alpha-3 SDN was kept for it.",
    "IRN": "A/HRC/15/16 names it 'the Islamic Republic of Iran' and 'Iran' (¶69); ISO 3166-1 alpha-3 IRN.",
    "MDA": "A/HRC/15/16 names it 'the Republic of Moldova' (footnote 1); ISO 3166-1 alpha-3 MDA.",
    "CZE": "Both sources name it 'Czech Republic'; ISO 3166-1 now gives the short name 'Czechia' (pycountry), alpha-3 CZE.",
    "TUR": "Both sources name it 'Turkey'; ISO 3166-1 now gives the name 'Türkiye' (pycountry), alpha-3 TUR.",
    "COD": "A/HRC/15/16 names 'the Democratic Republic of the Congo' (footnote 1); ISO 3166-1 alpha-3 COD, not the Congo (COG).",
}

WIKIDATA = {"BLR": "Q184"}  # verified in shared/reference/ontology-notes.md §3.2
UNITS_2010 = ROOT / "data" / "sources" / "a-hrc-15-16.ttl"
NAMES_2010 = tomllib.loads((ROOT / "data" / "recommendations" / "a-hrc-15-16.toml").read_text(encoding="utf-8"))["states"]


def units_naming(units: Path) -> dict[str, list[str]]:
    """ISO3 -> the A/HRC/15/16 units (para/n, para/97.n, footnote/1) whose text names the state."""
    g = Graph().parse(units, format="turtle")
    rg_text = "https://w3id.org/rightsgraph/def#text"
    base = "https://w3id.org/rightsgraph/id/"
    texts = {str(s)[len(base):]: str(o) for s, p, o in g
             if str(p) == rg_text and re.search(r"/a-hrc-15-16/(para|footnote)/[\d.]+$", str(s))}
    found: dict[str, list[str]] = {}
    names = sorted(NAMES_2010, key=len, reverse=True)
    for key in sorted(texts, key=_unit_order):
        text = re.sub(r"\s+", " ", texts[key])
        for name in names:
            pattern = re.compile(r"(?<![\w’])" + re.escape(name) + r"(?!\w)")
            if pattern.search(text):
                found.setdefault(NAMES_2010[name], []).append(key)
                text = pattern.sub("#" * len(name), text)
    return found


def _unit_order(key: str):
    kind, number = key.split("/")[-2:]
    return (kind != "para", [int(x) for x in number.split(".")])


def main() -> None:
    units = Path(sys.argv[1]) if len(sys.argv) > 1 else UNITS_2010
    named_2010 = units_naming(units)
    codes = set(STATES) | set(NAMES_2010.values())
    lines = [
        "@prefix prov: <http://www.w3.org/ns/prov#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix rg: <https://w3id.org/rightsgraph/def#> .",
        "@prefix schema: <https://schema.org/> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "",
        "# States named in the sources (UNCT 2009; A/HRC/15/16, 2010). Generated by tools/gen_states.py; edit there.",
        f"# Every rg:isoCode is an ISO 3166-1 alpha-3 code that pycountry {pycountry.__version__} knows (checked by the",
        "# generator and by tests/unit/test_ontology.py); skos:altLabel holds each name as a source gives it.",
        "",
    ]
    for code in sorted(codes):
        if pycountry.countries.get(alpha_3=code) is None:
            raise SystemExit(f"{code} is not an ISO 3166-1 alpha-3 code known to pycountry")
        label, named, sources = STATES.get(code, (LABELS_2010.get(code), None, []))
        if label is None:
            raise SystemExit(f"{code}: no label")
        alts = sorted({n for n in ([named] if named else []) + [n for n, c in NAMES_2010.items() if c == code]} - {label})
        block = [f"<https://w3id.org/rightsgraph/id/state/{code}> a rg:State ;", f'    rdfs:label "{label}"@en ;']
        if alts:
            block.append("    skos:altLabel " + " , ".join(f'"{a}"@en' for a in alts) + " ;")
        block.append(f'    rg:isoCode "{code}" ;')
        if code in NOTES:
            block.append(f"    rg:note {Literal(NOTES[code], lang='en').n3()} ;")
        if code in WIKIDATA:
            block.append(f"    schema:sameAs <http://www.wikidata.org/entity/{WIKIDATA[code]}> ;")
            block.append(f"    skos:closeMatch <http://publications.europa.eu/resource/authority/country/{code}> ;")
        if code == "BLR":
            block.append("    rg:government <https://w3id.org/rightsgraph/id/organization/government-blr> ;")
        refs = sources + (["source/a-hrc-15-16/para/1"] if code == "BLR" else named_2010.get(code, []))
        if code != "BLR" and code in set(NAMES_2010.values()) and not named_2010.get(code):
            raise SystemExit(f"{code}: named in the curated table but found in no unit of {units}")
        block.append("    prov:wasDerivedFrom " + " ,\n        ".join(f"<https://w3id.org/rightsgraph/id/{s}>" for s in refs) + " .")
        lines += block + [""]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
