"""The interactive dialogue of A/HRC/15/16 (paragraphs 21-52, 63-85 and footnote 1), curated by hand.

Read by src/rightsgraph/sources/dialogue.py, which writes data/dialogue/statements-2010.ttl. Each delivered
statement is one paragraph of one State (the report has no paragraph shared by two States and no
statement spanning two paragraphs). Each act is (kind, verb as written, exact quote, themes,
resources it concerns); a question is an act of kind "asked". Themes are keys of THEMES in
src/rightsgraph/sources/dialogue.py (mapped to the theme scheme); resources are IRI keys under https://w3id.org/rightsgraph/id/.
"""

ICCPR = "treaty/untc-IV-4"
CAT = "treaty/untc-IV-9"
CRPD = "treaty/untc-IV-15"
HRC = "organization/hrc"
HR_COMMITTEE = "organization/un-human-rights-committee"
CONSTITUTIONAL_COURT = "organization/constitutional-court-blr"
GENDER_COUNCIL = "organization/national-council-gender-policy-blr"
EU = "organization/european-union"
GENDER_PLAN = "programme/blr-gender-equality-plan-2008-2010"
THB_PROGRAMME_2008 = "programme/blr-state-programme-thb-2008-2010"
TRAINING_CENTRE = "facility/international-training-centre-counter-trafficking"
JUVENILE_JUSTICE = "mechanism/juvenile-justice-system-blr"
CONSTITUTION = "legal-act/blr-constitution"
CRIMINAL_CODE = "legal-act/blr-criminal-code"
MASS_MEDIA_LAW = "legal-act/blr-law-mass-media-2009"

# paragraph -> (ISO 3166-1 alpha-3, name as the report writes it first, acts)
STATEMENTS: dict[int, tuple[str, str, list[tuple]]] = {
    23: ("RUS", "The Russian Federation", [
        ("commended", "commended", "commended Belarus for achieving political stability and a high level of economic development", ["economic-social-rights"], []),
        ("noted", "noted", "noted impressive results in the area of basic economic and social rights, including the right to work, health and education", ["economic-social-rights", "work", "health", "education"], []),
        ("noted", "noted", "noted positive momentum in the protection of civil and political rights", ["civil-political-rights"], []),
        ("made-recommendations", "made recommendations", "The Russian Federation made recommendations.", [], []),
    ]),
    24: ("BTN", "Bhutan", [
        ("noted", "noted", "noted the efforts of Belarus to educate the general population about human rights", ["human-rights-education"], []),
        ("welcomed", "welcomed", "welcomed the methods and strategies employed in promoting the rights of the child", ["children"], []),
        ("noted", "noted", "noted steps taken to achieve gender equality", ["gender"], []),
        ("made-recommendations", "made recommendations", "It made recommendations.", [], []),
    ]),
    25: ("ARE", "The United Arab Emirates", [
        ("noted", "noted", "noted that, despite many challenges, Belarus had worked to improve the human rights system, especially regarding the right to health and education", ["health", "education"], []),
        ("commended", "expressed satisfaction", "expressed satisfaction at its cooperation with Belarus in the human rights field, in particular concerning the trafficking in persons", ["trafficking", "cooperation"], []),
        ("commended", "appreciated", "appreciated the efforts of Belarus regarding care for children", ["children"], []),
        ("asked", "asked", "asked what further measures had been taken to protect their rights", ["children"], []),
    ]),
    26: ("BRA", "Brazil", [
        ("stated", "highlighted", "highlighted the positive developments concerning women's rights", ["gender"], []),
        ("noted", "noted", "noted that the legislation lacked provisions on gender equality and violence against women", ["gender", "domestic-violence"], []),
        ("stated", "mentioned", "mentioned the importance of creating a juvenile justice system and of prohibiting corporal punishment", ["children", "justice"], [JUVENILE_JUSTICE]),
        ("encouraged", "encouraged", "encouraged Belarus to pay due attention to racist and xenophobic incidents", ["non-discrimination"], []),
        ("made-recommendations", "made recommendations", "It made recommendations.", [], []),
    ]),
    27: ("TUN", "Tunisia", [
        ("noted", "noted", "noted the recent establishment of the Advisory Council, an independent institution playing a positive role in formulating proposals aimed at contributing to the country’s socio-economic and political well-being", [], []),
        ("welcomed", "welcomed", "welcomed the adoption of the national plan for gender equality 2008-2010 and the fact that the relevant development goal set out in the Millennium Declaration had been achieved", ["gender", "mdg"], [GENDER_PLAN]),
        ("made-recommendations", "made a recommendation", "Tunisia made a recommendation.", [], []),
    ]),
    28: ("DZA", "Algeria", [
        ("commended", "congratulated", "congratulated Belarus on the progress made in the area of economic, social and cultural rights despite the Chernobyl nuclear accident in 1986", ["economic-social-rights", "mdg", "environment"], []),
        ("made-recommendations", "made recommendations", "Algeria made recommendations.", [], []),
    ]),
    29: ("BHR", "Bahrain", [
        ("noted", "noted", "noted policies and initiatives to protect human rights, such as the right to health, and efforts to combat the trafficking in persons", ["health", "trafficking"], []),
        ("commended", "valued", "valued the efforts to provide medical care free of charge and to reduce the mortality and morbidity rates", ["health"], []),
        ("noted", "acknowledged", "acknowledged the country’s efforts to harmonize its legislation with international standards in order to rehabilitate trafficking victims", ["trafficking", "international-instruments"], []),
    ]),
    30: ("AZE", "Azerbaijan", [
        ("stated", "referred to", "referred to the positive policy of Belarus to ensure dignified living standards for its population despite difficulties, noting the reductions in maternal and infant mortality", ["economic-social-rights", "health"], []),
        ("commended", "congratulated", "congratulated Belarus on its policy related to the Millennium Development Goals", ["mdg"], []),
        ("commended", "praised", "praised its national and international efforts in combating trafficking", ["trafficking"], []),
        ("made-recommendations", "made recommendations", "Azerbaijan made recommendations.", [], []),
    ]),
    31: ("LTU", "Lithuania", [
        ("noted", "noted", "noted the attention devoted to ensuring social and economic rights", ["economic-social-rights"], []),
        ("commended", "recognized", "recognized both its national and its international efforts in combating human trafficking", ["trafficking"], []),
        ("made-recommendations", "made recommendations", "Lithuania made recommendations.", [], []),
    ]),
    32: ("EGY", "Egypt", [
        ("welcomed", "welcomed", "welcomed the dissemination of human rights education and the establishment of a national action plan", ["human-rights-education"], []),
        ("commended", "lauded", "lauded the efforts of Belarus to ensure the right to work and its ability to achieve a number of development goals set out in the Millennium Declaration", ["work", "mdg"], []),
        ("asked", "requested elaboration", "requested elaboration on the country’s efforts, achievements and challenges in combating human trafficking", ["trafficking"], []),
        ("made-recommendations", "made recommendations", "It made recommendations.", [], []),
    ]),
    33: ("SGP", "Singapore", [
        ("commended", "commended", "commended Belarus for steps taken to further advance women’s and children’s rights through respective plans of action", ["gender", "children"], []),
        ("commended", "congratulated", "congratulated Belarus on its low unemployment rate", ["work"], []),
        ("stated", "stated", "stated that the country had done well in the areas of housing, health and education", ["economic-social-rights", "health", "education"], []),
        ("made-recommendations", "made a recommendation", "Singapore made a recommendation.", [], []),
    ]),
    34: ("MYS", "Malaysia", [
        ("noted", "was encouraged to note", "was encouraged to note the ongoing engagement with the international human rights system in terms of capacity-building and technical assistance, as well as the partnership between the Government and civil society in establishing a specialized network of public institutions", ["cooperation", "civil-society"], []),
        ("made-recommendations", "made recommendations", "It made recommendations.", [], []),
    ]),
    35: ("ITA", "Italy", [
        ("noted", "acknowledged", "acknowledged that, while freedom of religion and worship was constitutionally guaranteed, religious minorities were subject to different treatment by the Orthodox Church", ["freedom-of-religion", "minorities"], [CONSTITUTION]),
        ("asked", "asked", "asked what measures were intended to be taken to guarantee full respect for freedom of religion", ["freedom-of-religion"], []),
        ("made-recommendations", "made recommendations", "Italy made recommendations.", [], []),
    ]),
    36: ("IND", "India", [
        ("stated", "referred to", "referred to the fact that Belarus had achieved its goal of eradicating poverty and was on track to achieve the Millennium Development Goals of reducing child mortality, protecting maternal health, combating HIV/AIDS and attaining sustainable development", ["poverty", "mdg", "health", "hiv"], []),
        ("stated", "referred to", "referred to the country’s adoption of a number of legal instruments for the protection of children, the establishment of a Council on Gender Policy and measures taken to combat trafficking", ["children", "gender", "trafficking"], [GENDER_COUNCIL]),
    ]),
    37: ("CHE", "Switzerland", [
        ("asked", "asked for confirmation", "asked for confirmation that two individuals had been executed last March despite the delay requested by the Human Rights Committee", ["death-penalty"], [HR_COMMITTEE]),
        ("expressed-concern", "stated", "stated that obstacles to freedom of expression and assembly remained important, in particular the registration procedure for human rights defenders, independent media and political parties", ["freedom-of-expression", "freedom-of-assembly", "freedom-of-association", "human-rights-defenders", "media"], []),
        ("made-recommendations", "made recommendations", "Switzerland made recommendations.", [], []),
    ]),
    38: ("CUB", "Cuba", [
        ("noted", "noted", "noted the political commitment of Belarus to human rights", [], []),
        ("stated", "emphasized", "emphasized the provision of free education and health care, the eradication of illiteracy, the achievement of the Millennium Development Goal on primary education, the low level of maternal and child mortality, and the drastic reduction in HIV/AIDS among young people", ["education", "health", "mdg", "hiv"], []),
        ("asked", "inquired", "inquired about the work of the International Teaching Centre on migration and the fight against trafficking", ["trafficking", "migration"], [TRAINING_CENTRE]),
        ("made-recommendations", "made recommendations", "Cuba made recommendations.", [], []),
    ]),
    39: ("LAO", "The Lao People’s Democratic Republic", [
        ("noted", "noted", "noted the progress made by Belarus as a democratic State based on the rule of law and social justice since its independence", [], []),
        ("stated", "referred to", "referred to the effects of the Second World War and the Chernobyl accident on the country’s economy and the population’s health", ["environment", "health"], []),
        ("made-recommendations", "made a recommendation", "It made a recommendation.", [], []),
    ]),
    40: ("AUT", "Austria", [
        ("welcomed", "welcomed", "welcomed measures taken to improve prison conditions for detainees", ["detention"], []),
        ("noted", "noted", "noted persisting harsh conditions in detention centres", ["detention"], []),
        ("expressed-concern", "expressed concern", "expressed concern about the use of torture, judicial procedures falling short of fair trial, and cases of unlawful detention", ["torture", "justice", "detention"], []),
        ("stated", "stated", "stated that Belarus continued to carry out executions and that the rights of minorities were still not respected", ["death-penalty", "minorities"], []),
        ("made-recommendations", "made recommendations", "Austria made recommendations.", [], []),
    ]),
    41: ("PSE", "Palestine", [
        ("noted", "noted", "noted the integration of human rights into the Constitution", [], [CONSTITUTION]),
        ("welcomed", "welcomed", "welcomed efforts to ensure respect for freedom of opinion and religion, to provide necessary services to refugees, to raise the status of women and to combat discrimination and intolerance", ["freedom-of-expression", "freedom-of-religion", "asylum", "gender", "non-discrimination"], []),
        ("made-recommendations", "made recommendations", "Palestine made recommendations.", [], []),
    ]),
    42: ("VEN", "Venezuela (Bolivarian Republic of)", [
        ("stated", "highlighted", "highlighted the rapid progress made in the living standards of the people of Belarus owing to the allocation of 85 per cent of public investment to social assistance", ["economic-social-rights"], []),
        ("noted", "noted", "noted that social rights were guaranteed in conditions of equality and inclusiveness and without discrimination", ["economic-social-rights", "non-discrimination"], []),
        ("made-recommendations", "made a recommendation", "Venezuela made a recommendation.", [], []),
    ]),
    43: ("MAR", "Morocco", [
        ("commended", "congratulated", "congratulated Belarus on its institutional human rights framework, especially to protect the rights of women, children, the elderly and the disabled", ["gender", "children", "disability"], []),
        ("asked", "asked", "asked whether Belarus would ratify the Convention on the Rights of Persons with Disabilities", ["disability"], [CRPD]),
        ("noted", "acknowledged", "acknowledged the country’s efforts in the area of human and social development", [], []),
        ("made-recommendations", "made recommendations", "Morocco made recommendations.", [], []),
    ]),
    44: ("BOL", "Bolivia (Plurinational State of)", [
        ("commended", "valued", "valued the importance attached to the right to work in the Constitution and the national policies of Belarus", ["work"], [CONSTITUTION]),
        ("noted", "noted", "noted the work of the National Council for Labour and Social Affairs, with tripartite representation", ["work"], []),
        ("asked", "requested", "requested Belarus to share its good practices in achieving low unemployment rates", ["work"], []),
        ("asked", "inquired", "inquired about good practices in education and health", ["education", "health"], []),
        ("made-recommendations", "made recommendations", "Bolivia made recommendations.", [], []),
    ]),
    45: ("HUN", "Hungary", [
        ("expressed-concern", "noted with concern", "noted with concern anomalies in the fields of torture, ill treatment and prison conditions; the right to freedom of assembly, expression, association and religion; political participation and the electoral process; human rights defenders; and the independence of judges", ["torture", "detention", "freedom-of-assembly", "freedom-of-expression", "freedom-of-association", "freedom-of-religion", "elections", "human-rights-defenders", "justice"], []),
        ("welcomed", "welcomed", "welcomed the recommendation of the Constitutional Court that the death penalty be abolished, as well as its comprehensive measures to, inter alia, improve the situation of children", ["death-penalty", "children"], [CONSTITUTIONAL_COURT]),
        ("made-recommendations", "made recommendations", "It made recommendations.", [], []),
    ]),
    46: ("CHN", "China", [
        ("commended", "appreciated", "appreciated the practical measures taken to implement all Millennium Development Goals", ["mdg"], []),
        ("stated", "stated", "stated that Belarus had increased its investment in medical care and social welfare and had achieved remarkable progress in protecting the right to health and education", ["health", "education", "economic-social-rights"], []),
        ("stated", "stated", "stated that Belarus had adopted a national plan for 2008-2010 to secure gender equality and the implementation of the rights of women", ["gender"], [GENDER_PLAN]),
        ("made-recommendations", "made recommendations", "China made recommendations.", [], []),
    ]),
    47: ("QAT", "Qatar", [
        ("welcomed", "welcomed", "welcomed efforts made to guarantee the right to work", ["work"], []),
        ("noted", "noted", "noted the increased employment of persons with disabilities", ["disability", "work"], []),
        ("noted", "noted", "noted efforts to improve social policies, including in terms of health and housing", ["economic-social-rights", "health"], []),
        ("commended", "appreciated", "appreciated efforts to face environmental challenges and rehabilitate the area affected by the 1986 Chernobyl accident", ["environment"], []),
    ]),
    48: ("KAZ", "Kazakhstan", [
        ("stated", "stressed", "stressed that the involvement of Belarus in the universal periodic review process and its invitations to several special procedure mandate holders displayed the country’s commitment regarding its international obligations", ["cooperation"], []),
        ("commended", "commended", "commended Belarus for the highest literacy rate in the world and a non-discrimination policy, and for improving gender equality and human development and combating human trafficking", ["education", "non-discrimination", "gender", "trafficking"], []),
        ("made-recommendations", "made recommendations", "Kazakhstan made recommendations.", [], []),
    ]),
    49: ("SDN", "The Sudan", [
        ("noted", "noted", "noted high human development indicators in Belarus", [], []),
        ("asked", "inquired", "With regard to the health impacts and environmental damage caused by the Chernobyl accident, it inquired about measures taken to address remaining problems", ["environment", "health"], []),
        ("made-recommendations", "made recommendations", "The Sudan made recommendations.", [], []),
    ]),
    50: ("NOR", "Norway", [
        ("stated", "referred to", "referred to the active participation of civil society as essential to a meaningful universal periodic review process and effective cooperation with the United Nations human rights system as a key objective", ["civil-society", "cooperation"], []),
        ("noted", "noted", "noted that the distribution of independent publications was still legally prohibited", ["freedom-of-expression", "media"], []),
        ("expressed-concern", "expressed concern", "expressed concern about the vulnerable situation of human rights defenders, journalists and lawyers", ["human-rights-defenders", "media"], []),
        ("stated", "reaffirmed", "reaffirmed its opposition to the death penalty", ["death-penalty"], []),
        ("expressed-concern", "deplored", "deplored recent executions", ["death-penalty"], []),
        ("made-recommendations", "made recommendations", "It made recommendations.", [], []),
    ]),
    51: ("ARM", "Armenia", [
        ("stated", "commented", "commented about the process of establishing a juvenile justice system", ["children", "justice"], [JUVENILE_JUSTICE]),
        ("commended", "praised", "praised Belarus for having initiated the process of formulating a global plan of action against human trafficking", ["trafficking"], []),
        ("noted", "acknowledged", "acknowledged the decision of Belarus to include human rights education in school curriculums", ["human-rights-education"], []),
        ("encouraged", "encouraged", "encouraged the country to expand it beyond the school system", ["human-rights-education"], []),
        ("made-recommendations", "made recommendations", "Armenia made recommendations.", [], []),
    ]),
    52: ("ISR", "Israel", [
        ("noted", "noted", "noted the efforts of Belarus regarding anti-trafficking legislation and its campaign against criminal organizations involved in human trafficking and sexual exploitation", ["trafficking"], []),
        ("expressed-concern", "remained concerned", "remained concerned about capital punishment sentencing in the absence of a fair trial, the culture of impunity, and summary execution and torture, as well as about freedom of expression, opinion, assembly and association", ["death-penalty", "justice", "torture", "freedom-of-expression", "freedom-of-assembly", "freedom-of-association"], []),
        ("made-recommendations", "made recommendations", "It made recommendations.", [], []),
    ]),
    63: ("NIC", "Nicaragua", [
        ("stated", "emphasized", "emphasized that Belarus had developed a democratic State and had attained the poverty eradication objective set out in the Millennium Declaration", ["poverty", "mdg"], []),
        ("made-recommendations", "made recommendations", "Nicaragua made recommendations.", [], []),
    ]),
    64: ("LBY", "The Libyan Arab Jamahiriya", [
        ("noted", "noted", "noted that Belarus had brought its national legislation into line with human rights instruments", ["international-instruments"], []),
        ("commended", "praised", "praised the introduction of human rights education in primary schools and similar awareness-raising measures", ["human-rights-education"], []),
        ("made-recommendations", "made recommendations", "Libya made recommendations.", [], []),
    ]),
    65: ("OMN", "Oman", [
        ("noted", "noted", "noted the commitment of Belarus to human rights protection, as demonstrated by its achievements in eradicating poverty and reducing unemployment rates and maternal and child mortality rates, as well as achievements in education and other areas", ["poverty", "work", "health", "education"], []),
        ("made-recommendations", "made recommendations", "Oman made recommendations.", [], []),
    ]),
    66: ("BGD", "Bangladesh", [
        ("noted", "noted", "noted that the economic success of Belarus had led to a steady reduction in poverty, helped to foster the enjoyment of human rights and made progress in the health sector", ["poverty", "health"], []),
        ("noted", "noted", "noted the significant efforts made in combating human trafficking, and its commitment to engage constructively with the United Nations human rights mechanisms", ["trafficking", "cooperation"], []),
        ("made-recommendations", "made recommendations", "Bangladesh made recommendations.", [], []),
    ]),
    67: ("ESP", "Spain", [
        ("thanked", "thanked", "thanked Belarus for the presentation of its national report", [], []),
        ("made-recommendations", "made recommendations", "and made recommendations.", [], []),
    ]),
    68: ("UZB", "Uzbekistan", [
        ("noted", "noted", "noted that Belarus was implementing measures to protect human rights", [], []),
        ("noted", "observed", "observed that Belarus had transposed their provision in its national legislation", ["international-instruments"], []),
        ("commended", "commended", "commended efforts in the areas of health and education and in combating human trafficking", ["health", "education", "trafficking"], []),
        ("made-recommendations", "made recommendations", "Uzbekistan made recommendations.", [], []),
    ]),
    69: ("IRN", "The Islamic Republic of Iran", [
        ("noted", "noted", "noted that Belarus had extended constructive cooperation to the international human rights machinery", ["cooperation"], []),
        ("stated", "highlighted", "highlighted achievements regarding most of the Millennium Development Goals, including those related to poverty eradication, illiteracy and infant and maternal mortality", ["mdg", "poverty", "education", "health"], []),
        ("made-recommendations", "made recommendations", "Iran made recommendations.", [], []),
    ]),
    70: ("IDN", "Indonesia", [
        ("commended", "commended", "commended Belarus for its measures to ensure the right to education and achieve a high literacy rate", ["education"], []),
        ("stated", "referred to", "referred to the country’s attention to the educational needs of disabled children and of non-Belarus nationals", ["education", "disability", "children"], []),
        ("noted", "noted", "noted the increasing acknowledgement of the role of civil society", ["civil-society"], []),
        ("made-recommendations", "made a recommendation", "It made a recommendation.", [], []),
    ]),
    71: ("IRQ", "Iraq", [
        ("asked", "sought clarification", "sought clarification regarding the programme on human trafficking and illegal migration for the period 2008-2010, inquiring whether the Government intended to extend it", ["trafficking", "migration"], [THB_PROGRAMME_2008]),
        ("encouraged", "urged", "urged Belarus to cooperate with the Human Rights Council with regard to the special procedures", ["cooperation"], [HRC]),
        ("made-recommendations", "made a recommendation", "Iraq made a recommendation.", [], []),
    ]),
    72: ("TJK", "Tajikistan", [
        ("stated", "stated", "stated that Belarus had worked consistently to extend mechanisms for safeguarding, in particular, the right of citizens to work and the right to social security, together with the rights of children and women and the right to education, including human rights education", ["work", "economic-social-rights", "children", "gender", "education", "human-rights-education"], []),
        ("asked", "asked", "asked about the country’s efforts to combat human trafficking", ["trafficking"], []),
        ("made-recommendations", "made recommendations", "Tajikistan made recommendations.", [], []),
    ]),
    73: ("IRL", "Ireland", [
        ("welcomed", "welcomed", "welcomed the establishment of the European Union-Belarus Human Rights Dialogue and the introduction of a plan for gender equality", ["cooperation", "gender"], [EU, GENDER_PLAN]),
        ("asked", "asked questions", "asked questions about human rights defenders and the law on mass events", ["human-rights-defenders", "freedom-of-assembly"], ["legal-act/blr-law-mass-events"]),
        ("expressed-concern", "expressed concern", "expressed concern about reports concerning the arbitrary application of registration standards, the harassment and closure of non-governmental organizations, the right to freedom of association, and the continuing difficulties faced by independent newspapers in being registered", ["freedom-of-association", "civil-society", "media"], []),
        ("made-recommendations", "made recommendations", "It made recommendations.", [], []),
    ]),
    74: ("SYR", "The Syrian Arab Republic", [
        ("stated", "referred to", "referred to the efforts of Belarus to find a compromise among realizing individual rights, heeding the interests of society and maintaining a balance in protecting human rights", [], []),
        ("noted", "noted", "noted the country’s democratic progress", [], []),
        ("made-recommendations", "made recommendations", "It made recommendations.", [], []),
    ]),
    75: ("CAN", "Canada", [
        ("expressed-concern", "expressed concern", "expressed concern about the deteriorating human rights situation, in particular the lack of free and fair elections, the curtailment of political freedoms, the intimidation of political opponents, State control over media and restrictions on independent media, and restrictions on freedom of association and assembly", ["elections", "media", "freedom-of-expression", "freedom-of-association", "freedom-of-assembly"], []),
        ("made-recommendations", "made recommendations", "Canada made recommendations.", [], []),
    ]),
    76: ("NLD", "Netherlands", [
        ("commended", "commended", "commended Belarus for its efforts to combat the trafficking in persons", ["trafficking"], []),
        ("stated", "referred to", "referred to the country’s application of the death penalty", ["death-penalty"], []),
        ("expressed-concern", "expressed concern", "expressed concern about its procedures for appeals in such cases and about reports of the continued harassment, intimidation and arbitrary arrest of human rights defenders, politically active individuals and journalists", ["death-penalty", "justice", "human-rights-defenders", "media"], []),
        ("made-recommendations", "made recommendations", "It made recommendations.", [], []),
    ]),
    77: ("CZE", "The Czech Republic", [
        ("stated", "referred to", "referred to the issue of the death penalty", ["death-penalty"], []),
        ("stated", "raised", "raised the issues of protection against torture and the protection of human rights defenders", ["torture", "human-rights-defenders"], []),
        ("asked", "requested", "requested Belarus to elaborate on its measures to strengthen the independence of the judiciary", ["justice"], []),
        ("made-recommendations", "made recommendations", "It made recommendations.", [], []),
    ]),
    78: ("BEL", "Belgium", [
        ("expressed-concern", "remained concerned", "remained concerned about the situation of human rights, despite a number of positive developments since 2008", [], []),
        ("expressed-concern", "regretted", "regretted the fact that Belarus was the only European State to apply the death penalty, and that the 2009 Act on the mass media unduly restricted freedom of the media", ["death-penalty", "media", "freedom-of-expression"], [MASS_MEDIA_LAW]),
        ("expressed-concern", "stated", "stated that civil society faced a series of unjustified obstacles compromising freedom of association", ["civil-society", "freedom-of-association"], []),
        ("made-recommendations", "made recommendations", "Belgium made recommendations.", [], []),
    ]),
    79: ("NPL", "Nepal", [
        ("stated", "referred to", "referred to the efforts of Belarus in socio-economic and political development and in ensuring the rule of law and social justice", [], []),
        ("commended", "highlighted", "highlighted the Act on Citizen Appeals as innovative", [], ["legal-act/blr-law-citizens-appeals"]),
        ("commended", "commended", "commended the country’s efforts to achieve the Millennium Development Goal of eradicating poverty and its constructive cooperation with the international human rights mechanisms", ["mdg", "poverty", "cooperation"], []),
    ]),
    80: ("DJI", "Djibouti", [
        ("noted", "noted", "noted the openness of Belarus with certain mechanisms of the Human Rights Council", ["cooperation"], [HRC]),
        ("stated", "stated", "stated that the building of a democratic State respectful of rights was a dynamic and gradual process involving the implementation of all human rights", [], []),
        ("made-recommendations", "made recommendations", "Djibouti made recommendations.", [], []),
    ]),
    81: ("POL", "Poland", [
        ("expressed-concern", "expressed concern", "expressed concern at the complicated procedure for registering civic organizations, political parties and unions and that the law allowed for the possibility of arbitrary rejection", ["freedom-of-association", "civil-society"], []),
        ("stated", "referred to", "referred to the Criminal Code, which provided for deprivation of freedom for up to two years for participating in the activities of an unregistered civic or religious association or party", ["freedom-of-association", "civil-society"], [CRIMINAL_CODE]),
        ("made-recommendations", "made recommendations", "It made recommendations.", [], []),
    ]),
    82: ("FIN", "Finland", [
        ("expressed-concern", "expressed concern", "expressed concern about the issues of capital punishment and the situation of the Roma community", ["death-penalty", "minorities"], []),
        ("asked", "asked questions", "asked questions about those issues", ["death-penalty", "minorities"], []),
        ("made-recommendations", "made recommendations", "It asked questions about those issues and made recommendations.", [], []),
    ]),
    83: ("TUR", "Turkey", [
        ("commended", "was pleased", "stated that it was pleased by the good record of Belarus in terms of access to health and the right to education", ["health", "education"], []),
        ("commended", "supported", "supported efforts to combat human trafficking", ["trafficking"], []),
        ("welcomed", "welcomed", "welcomed the modernization of the penal corrections system", ["detention"], []),
        ("encouraged", "encouraged", "encouraged the authorities to continue efforts to implement the revised electoral system in order to address shortcomings", ["elections"], []),
    ]),
    84: ("FRA", "France", [
        ("asked", "asked", "asked whether Belarus would abolish the death penalty", ["death-penalty"], []),
        ("asked", "asked", "asked about measures taken to continue investigating allegations of enforced disappearance, as planned in 2009, pursuant to the recommendations of the United Nations Working Group on Enforced or Involuntary Disappearances", ["enforced-disappearance"], []),
        ("made-recommendations", "made recommendations", "France made recommendations.", [], []),
    ]),
    85: ("PRK", "The Democratic People’s Republic of Korea", [
        ("noted", "noted", "noted the efforts of Belarus to strengthen its constitutional, legal, political and economic guarantees", [], []),
        ("commended", "commended", "commended the country’s efforts in the area of economic, social and cultural rights, including the increased expenditure for education, which had led to the high literacy rate; the advanced health-care system; and growth in per capita income", ["economic-social-rights", "education", "health"], []),
        ("made-recommendations", "made recommendations", "It made recommendations.", [], []),
    ]),
}

# Footnote 1: the 31 statements not delivered for lack of time, in the footnote's order, each with
# the name as the footnote writes it.
UNDELIVERED: list[tuple[str, str]] = [
    ("VNM", "Viet Nam"), ("SVN", "Slovenia"), ("MEX", "Mexico"), ("PAK", "Pakistan"), ("KWT", "Kuwait"),
    ("CHL", "Chile"), ("USA", "the United States of America"), ("DEU", "Germany"), ("AGO", "Angola"),
    ("GBR", "the United Kingdom of Great Britain and Northern Ireland"), ("LBN", "Lebanon"),
    ("VAT", "the Holy See"), ("ZWE", "Zimbabwe"), ("ARG", "Argentina"), ("JOR", "Jordan"), ("DNK", "Denmark"),
    ("SVK", "Slovakia"), ("KHM", "Cambodia"), ("AUS", "Australia"), ("LKA", "Sri Lanka"), ("SWE", "Sweden"),
    ("LVA", "Latvia"), ("KOR", "the Republic of Korea"), ("THA", "Thailand"),
    ("COD", "the Democratic Republic of the Congo"), ("JPN", "Japan"), ("MMR", "Myanmar"), ("YEM", "Yemen"),
    ("MDA", "the Republic of Moldova"), ("SRB", "Serbia"), ("ZAF", "South Africa"),
]
