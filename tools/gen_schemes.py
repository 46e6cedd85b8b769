"""One-off generator for ontology/schemes.ttl (kept so the file can be regenerated consistently)."""
SCHEMES = {
    "treaty-action": ("Treaty action types", "The kinds of treaty action, mirroring the columns of the UN Treaty Collection status pages.", [
        ("signature", "signature", "The state signs the treaty, expressing its intention to be bound later."),
        ("ratification", "ratification", "The state consents to be bound by a treaty it signed."),
        ("accession", "accession", "The state consents to be bound by a treaty it did not sign."),
        ("succession", "succession", "A successor state declares itself bound by its predecessor's treaty."),
        ("acceptance", "acceptance", "Consent to be bound by acceptance, with the legal effect of ratification."),
        ("approval", "approval", "Consent to be bound by approval, with the legal effect of ratification."),
    ]),
    "participation-status": ("Participation statuses", "A state's standing towards a treaty, as a source asserts it.", [
        ("party", "party", "The state is bound by the treaty."),
        ("signatory", "signatory", "The state signed the treaty but is not (yet) bound by it."),
        ("not-party", "not party", "The source states that the state is not party to the treaty, or has not ratified it."),
        ("considering-accession", "considering accession", "The source reports that the state is considering accession; an intention, not a legal status."),
        ("unknown", "unknown", "No source in the graph gives the state's status; not the same as not party."),
    ]),
    "document-type": ("Legal act types", "Kinds of national legal act.", [
        ("constitution", "constitution", "The constitution of a state."),
        ("law", "law", "A law passed by the legislature."),
        ("code", "code", "A codified body of law, such as a criminal or labour code."),
        ("edict", "edict", "An edict of the head of state."),
        ("decree", "decree", "A decree of the head of state or government."),
    ]),
    "theme": ("Themes", "The subjects the graph's facts and recommendations are about.", [
        ("asylum", "asylum and refugees", "Refugee protection, asylum procedures and the rights of refugees and asylum-seekers."),
        ("statelessness", "statelessness and nationality", "Nationality, naturalisation and the prevention and reduction of statelessness."),
        ("trafficking", "trafficking in human beings", "Prevention of trafficking, prosecution of traffickers and protection of victims."),
        ("smuggling", "smuggling of migrants", "The smuggling of migrants and its counteraction."),
        ("migration", "migration management", "Regular and irregular migration, returns, travel documents and border management."),
        ("hiv", "HIV/AIDS", "Prevention, treatment and care for HIV and the rights of people living with HIV."),
        ("children", "rights of the child", "Protection of children from violence and exploitation, juvenile justice and child rights."),
        ("gender", "gender equality", "Women's participation and gender equality."),
        ("justice", "administration of justice", "Courts, prosecutors, lawyers and the application of human-rights standards in justice."),
        ("integration", "integration of refugees", "Local integration of recognised refugees: housing, employment, citizenship."),
        ("domestic-violence", "domestic violence", "Prevention of violence in the family."),
        ("non-discrimination", "non-discrimination", "Equality before the law and non-discriminatory treatment."),
    ]),
    "rights-holder": ("Rights-holders", "Groups of people whose rights instruments and obligations protect.", [
        ("refugees", "refugees", "Recognised refugees."),
        ("asylum-seekers", "asylum-seekers", "People who applied for asylum and await a decision."),
        ("stateless-persons", "stateless persons", "People no state considers as nationals."),
        ("migrants", "migrants", "Migrants and mobile population, including irregular migrants."),
        ("victims-of-trafficking", "victims of trafficking", "People trafficked in human beings (VoTs)."),
        ("children", "children", "Persons under 18."),
        ("women", "women", "Women and girls."),
        ("young-people", "young people", "Young people, as a vulnerable group in employment law."),
        ("inmates", "inmates", "People held in confinement."),
        ("persons-with-disabilities", "persons with disabilities", "Persons with disabilities."),
        ("people-living-with-hiv", "people living with HIV", "People living with HIV (PLHIV)."),
        ("citizens", "citizens", "Citizens of the state."),
        ("nationals-returning", "returning nationals", "A state's own nationals returning to it."),
    ]),
    "recommended-action": ("Recommended actions", "What a recommendation asks a government to do.", [
        ("accede", "accede", "Accede to a treaty."),
        ("ratify", "ratify", "Ratify a treaty."),
        ("amend-legislation", "amend legislation", "Amend or complete national legislation."),
        ("adopt-measure", "adopt a measure", "Adopt a specific instrument, document or measure."),
        ("establish", "establish", "Establish an institution, fund, system or mechanism."),
        ("strengthen", "strengthen", "Enhance, develop or modernise an existing system or mechanism."),
        ("elaborate-programme", "elaborate a programme", "Elaborate a programme or policy."),
        ("continue-work", "continue work", "Continue or further work on an issue."),
        ("observe-rights", "observe rights", "Ensure that rights are observed or adhered to."),
        ("implement", "implement", "Follow or implement an instrument more closely."),
    ]),
    "compliance": ("Compliance levels", "How far a source says a state complies with an instrument or obligation.", [
        ("fully-complied", "fully complied with", "The source says the state fully complies."),
        ("mostly-complied", "mostly complied with", "The source says the state mostly complies."),
        ("insufficient", "insufficiently complied with", "The source says the state does not give the matter enough attention or does not comply in part."),
        ("complied", "complied with", "The source says the state complies."),
    ]),
    "state-role": ("State roles", "The capacity in which a state bears an obligation.", [
        ("country-of-origin", "country of origin", "The state as the country its migrants come from."),
        ("country-of-destination", "country of destination", "The state as a country migrants come to."),
        ("country-of-transit", "country of transit", "The state as a country migrants pass through."),
        ("state-party", "state party", "The state as party to the instrument."),
    ]),
}
BASE = "https://w3id.org/rightsgraph/id/"
out = ["@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
       "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .", "",
       "# SKOS concept schemes of rightsgraph. Generated by tools/gen_schemes.py; edit there.", ""]
for key, (title, definition, concepts) in SCHEMES.items():
    scheme = f"<{BASE}concept-scheme/{key}>"
    out.append(f"{scheme} a skos:ConceptScheme ;\n    skos:prefLabel \"{title}\"@en ;\n    skos:definition \"{definition}\"@en ;\n    rdfs:isDefinedBy <https://w3id.org/rightsgraph/def> .\n")
    for notation, label, definition_ in concepts:
        out.append(f"<{BASE}concept/{key}/{notation}> a skos:Concept ;\n    skos:prefLabel \"{label}\"@en ;\n    skos:definition \"{definition_}\"@en ;\n    skos:notation \"{notation}\" ;\n    skos:inScheme {scheme} ;\n    skos:topConceptOf {scheme} ;\n    rdfs:isDefinedBy <https://w3id.org/rightsgraph/def> .\n")
print("\n".join(out))
