"""Word lists the draft builder reads (data, not rules): entities and their names, issues, role cues.

Kept apart from ``draft.py`` so that a list can grow without touching the rules that read it. Every
list is general English or general geography; none is tuned to one article.
"""

from __future__ import annotations

# canonical name -> other names of the same entity (demonyms, capitals used as metonyms, short forms)
ENTITIES: dict[str, tuple[str, ...]] = {
    "United States": ("U.S.", "US", "USA", "U.S.A.", "America", "American", "Americans", "Washington",
                      "White House", "Biden administration", "Obama administration", "Trump administration", "New Mexico",
                      "Bush administration", "Clinton administration", "State Department", "Pentagon"),
    "United Kingdom": ("UK", "U.K.", "Britain", "British", "London", "Downing Street"),
    "European Union": ("EU", "E.U.", "European", "Brussels", "European Commission"),
    "United Nations": ("U.N.", "UN"),
    "United Nations Security Council": ("U.N. Security Council", "UN Security Council", "Security Council", "UNSC"),
    "China": ("Chinese", "Beijing", "People's Republic of China"),
    "Russia": ("Russian", "Russians", "Moscow", "Kremlin"),
    "Israel": ("Israeli", "Israelis", "Jerusalem"),
    "Palestinians": ("Palestinian", "Palestinian Authority"),
    "Hamas": (), "Hezbollah": (), "Taliban": (), "NATO": (), "FARC": ("Revolutionary Armed Forces of Colombia",),
    "World Trade Organization": ("WTO", "W.T.O."), "International Atomic Energy Agency": ("IAEA",),
    "International Monetary Fund": ("IMF",), "African Union": ("AU",), "Arab League": (),
    "IGAD": ("Intergovernmental Authority on Development",), "OPEC": (), "ASEAN": (),
    "Abu Sayyaf": (), "Organization of American States": ("OAS",),
    "Organization for Security and Co-operation in Europe": ("OSCE", "Organization for Security and Cooperation in Europe"),
    "Organization for the Prohibition of Chemical Weapons": ("OPCW",),
    "Egypt": ("Egyptian", "Egyptians", "Cairo"), "Qatar": ("Qatari", "Doha"), "Iran": ("Iranian", "Iranians", "Tehran"),
    "Iraq": ("Iraqi", "Baghdad"), "Syria": ("Syrian", "Damascus"), "Lebanon": ("Lebanese", "Beirut"),
    "Jordan": ("Jordanian", "Amman"), "Saudi Arabia": ("Saudi", "Saudis", "Riyadh"), "Yemen": ("Yemeni", "Sanaa"),
    "Turkey": ("Turkish", "Ankara"), "Libya": ("Libyan", "Tripoli"), "Sudan": ("Sudanese", "Khartoum"),
    "South Sudan": ("South Sudanese", "Juba"), "Ethiopia": ("Ethiopian", "Addis Ababa"), "Kenya": ("Kenyan", "Nairobi"),
    "Somalia": ("Somali",), "Nigeria": ("Nigerian", "Abuja"), "South Africa": ("South African", "Pretoria"),
    "Uganda": ("Ugandan", "Kampala"), "Algeria": ("Algerian", "Algiers"), "Morocco": ("Moroccan", "Rabat"),
    "Tunisia": ("Tunisian",), "Mali": ("Malian",), "Chad": ("Chadian",), "Congo": ("Congolese",),
    "Japan": ("Japanese", "Tokyo"), "South Korea": ("South Korean", "Seoul", "Republic of Korea"),
    "North Korea": ("North Korean", "Pyongyang", "DPRK", "Democratic People's Republic of Korea"), "India": ("Indian", "New Delhi"),
    "Pakistan": ("Pakistani", "Islamabad"), "Afghanistan": ("Afghan", "Kabul"), "Philippines": ("Philippine",
    "Filipino", "Manila"), "Indonesia": ("Indonesian", "Jakarta"), "Malaysia": ("Malaysian", "Kuala Lumpur"),
    "Vietnam": ("Vietnamese", "Hanoi"), "Thailand": ("Thai", "Bangkok"), "Australia": ("Australian", "Canberra"),
    "Canada": ("Canadian", "Ottawa"), "Mexico": ("Mexican", "Mexico City"), "Brazil": ("Brazilian", "Brasilia"),
    "Colombia": ("Colombian", "Bogota"), "Venezuela": ("Venezuelan", "Caracas"), "Cuba": ("Cuban", "Havana"),
    "Argentina": ("Argentine", "Argentinian", "Buenos Aires"), "Chile": ("Chilean", "Santiago"),
    "Norway": ("Norwegian", "Oslo"), "Sweden": ("Swedish", "Stockholm"), "Denmark": ("Danish", "Copenhagen"),
    "Finland": ("Finnish", "Helsinki"), "Germany": ("German", "Berlin"), "France": ("French", "Paris"),
    "Italy": ("Italian", "Rome"), "Spain": ("Spanish", "Madrid"), "Portugal": ("Portuguese", "Lisbon"),
    "Greece": ("Greek", "Athens"), "Austria": ("Austrian", "Vienna"), "Switzerland": ("Swiss", "Bern"),
    "Netherlands": ("Dutch", "The Hague"), "Belgium": ("Belgian",), "Poland": ("Polish", "Warsaw"),
    "Ukraine": ("Ukrainian", "Kyiv", "Kiev"), "Belarus": ("Belarusian", "Minsk"), "Ireland": ("Irish", "Dublin"),
    "Panama": ("Panamanian",), "Togo": ("Togolese", "Lome"), "New Zealand": ("Wellington",), "Kuwait": ("Kuwaiti",), "Oman": ("Omani", "Muscat"),
    "Bahrain": ("Bahraini",), "United Arab Emirates": ("UAE", "Emirati", "Abu Dhabi"),
    "Peru": ("Peruvian",), "Singapore": ("Singaporean",), "Brunei": (), "Senegal": ("Senegalese", "Dakar"),
    "Guinea": ("Guinean", "Conakry"), "Ghana": ("Ghanaian", "Accra"), "Rwanda": ("Rwandan", "Kigali"),
    "Burundi": ("Burundian",), "Tanzania": ("Tanzanian",), "Zimbabwe": ("Zimbabwean", "Harare"),
    "Mozambique": ("Mozambican",), "Angola": ("Angolan", "Luanda"), "Eritrea": ("Eritrean", "Asmara"),
    "Djibouti": (), "Niger": ("Nigerien",), "Burkina Faso": (), "Cameroon": ("Cameroonian",),
    "Ivory Coast": ("Ivorian", "Cote d'Ivoire"), "Liberia": ("Liberian",), "Sierra Leone": (),
    "Kyrgyzstan": ("Kyrgyz", "Bishkek"), "Kazakhstan": ("Kazakh", "Astana"), "Uzbekistan": ("Uzbek", "Tashkent"),
    "Tajikistan": ("Tajik",), "Turkmenistan": ("Turkmen",), "Azerbaijan": ("Azerbaijani", "Baku"),
    "Armenia": ("Armenian", "Yerevan"), "Georgia": ("Georgian", "Tbilisi"), "Moldova": ("Moldovan",),
    "Serbia": ("Serbian", "Belgrade"), "Kosovo": ("Kosovar", "Pristina"), "Bosnia": ("Bosnian", "Sarajevo"),
    "Croatia": ("Croatian", "Zagreb"), "Hungary": ("Hungarian", "Budapest"), "Romania": ("Romanian", "Bucharest"),
    "Bulgaria": ("Bulgarian", "Sofia"), "Czech Republic": ("Czech", "Prague"), "Slovakia": ("Slovak",),
    "Cyprus": ("Cypriot", "Nicosia"), "Iceland": ("Icelandic", "Reykjavik"), "Sri Lanka": ("Sri Lankan", "Colombo"),
    "Nepal": ("Nepalese", "Nepali", "Kathmandu"), "Bangladesh": ("Bangladeshi", "Dhaka"), "Myanmar": ("Burma",
    "Burmese"), "Cambodia": ("Cambodian", "Phnom Penh"), "Laos": ("Laotian",), "Mongolia": ("Mongolian",),
    "Taiwan": ("Taiwanese", "Taipei"), "Ecuador": ("Ecuadorian", "Quito"), "Bolivia": ("Bolivian",),
    "Paraguay": ("Paraguayan",), "Uruguay": ("Uruguayan", "Montevideo"), "Guatemala": ("Guatemalan",),
    "Honduras": ("Honduran",), "Nicaragua": ("Nicaraguan", "Managua"), "El Salvador": ("Salvadoran",),
    "Costa Rica": ("Costa Rican",), "Dominican Republic": (), "Haiti": ("Haitian",), "Jamaica": ("Jamaican",),
    # legislatures (see LEGISLATURE_HEADS)
    "Congress": ("U.S. Congress", "US Congress", "Congressional"), "Senate": ("U.S. Senate", "US Senate"),
    "European Parliament": (),
}

# international bodies that convene talks between their members rather than negotiate: with no negotiating cue
# of their own, "WTO talks", "U.N.-sponsored", "United Nations negotiators", "under the auspices of the AU" make
# them the mediator, and they are never made a party only because they are mentioned most
CONVENERS = frozenset({"United Nations", "World Trade Organization", "African Union", "IGAD", "Arab League", "ASEAN",
                       "Organization of American States", "Organization for Security and Co-operation in Europe",
                       "Organization for the Prohibition of Chemical Weapons"})

# verbs of an outside voice: "the United States welcomed the talks", "Germany urged both sides", "France
# condemned ..."; an entity named just before one, with no negotiating or mediating cue, comments on the talks
OUTSIDE_VERBS = ("welcomed", "welcomes", "welcome", "urged", "urges", "urging", "called on", "calls on",
                 "praised", "praises", "condemned", "condemns", "applauded", "hailed", "commended",
                 "expressed concern", "expressed hope", "expressed support", "voiced concern", "voiced support")

# groups that are affected by or press on the talks without negotiating, named by a common noun ("the hostages",
# "environmental groups", "the international community"): an observer when the article names them twice or more
OBSERVER_GROUPS = ("hostages", "non-governmental organizations", "non-governmental organisations",
                   "environmental groups", "human rights groups", "rights groups", "aid groups", "aid agencies",
                   "activists", "protesters", "protestors", "the international community", "stakeholders",
                   "lawmakers", "victims", "refugees", "civilians", "business groups", "trade associations",
                   "consumer groups", "labor groups", "labour groups", "advocacy groups", "civil society groups",
                   "industry groups", "farm groups", "watchdog groups", "opposition leaders")

# what a person is when they comment in their own right ("blogger Tal Yaron", "Dana Lee, a political analyst"):
# a quoted person named with one of these, and with no organisation, is an observer of their own
COMMENTATORS = ("journalist", "journalists", "blogger", "bloggers", "analyst", "analysts", "commentator",
                "columnist", "expert", "experts", "economist", "professor", "researcher", "scholar", "historian",
                "activist", "campaigner", "critic", "author", "writer", "editor", "lawyer", "attorney", "defector")

# the kind of group named before its name: "the American activist group Public Citizen", "the watchdog organisation
# X": the named organisation comments or presses (an observer, unless a cue makes it a side)
ADVOCACY_KINDS = ("activist", "advocacy", "campaign", "campaigning", "lobby", "lobbying", "watchdog", "pressure",
                  "consumer", "environmental", "human rights", "rights", "civil society", "think tank", "research",
                  "business", "industry", "trade")

# the last word of a legislature's name ("Congress", "the Kyrgyz parliament", "Senate Armed Services Committee" when
# a chamber's name opens it): a party when a sentence naming it has a word of CONSENT_WORDS (the deal needs its
# vote), otherwise an observer (it is briefed, consulted or comments)
LEGISLATURE_HEADS = ("Congress", "Senate", "Parliament", "parliament", "Assembly", "Knesset", "Duma",
                     "House of Representatives", "Council of Representatives", "legislature", "Legislature")
LEGISLATURE_CHAMBERS = ("Senate", "House", "Congressional", "Parliamentary", "Parliament's", "Senate's", "House's")
CONSENT_WORDS = ("ratify", "ratifies", "ratified", "ratifying", "ratification", "approve", "approves", "approved",
                 "approving", "approval", "vote", "votes", "voted", "voting", "consent", "confirmation", "pass", "passes",
                 "passed", "passing")

# words in an organisation's name that say it mediates ("Federal Mediation and Conciliation Service"): a mediator
# unless a negotiating cue names it
MEDIATING_NAME_WORDS = ("Mediation", "Conciliation", "Arbitration", "Mediators", "Facilitation")

# bodies that watch, press or vote on talks rather than negotiate: an observer whenever named with no other cue
WATCHERS = frozenset({"United Nations Security Council"})

# what an acronym names when it is followed or introduced by one of these words: an agreement, not an actor
# ("the ABM Treaty", "TTIP talks", "Trans Pacific Partnership, or TPP", "the demilitarized zone, known as the DMZ")
AGREEMENT_WORDS = ("treaty", "treaties", "agreement", "agreements", "accords?", "pact", "partnership", "deal",
                   "talks", "negotiations", "round", "zone", "convention", "protocol", "initiative", "framework",
                   "area", "act")

# capitals and cities among the names above: a place, not the entity, after "in", "to", "from", "at"
PLACES = frozenset({"Washington", "London", "Brussels", "Beijing", "Moscow", "Jerusalem", "Cairo", "Doha", "Tehran",
                    "Baghdad", "Damascus", "Beirut", "Amman", "Riyadh", "Sanaa", "Ankara", "Tripoli", "Khartoum",
                    "Juba", "Addis Ababa", "Nairobi", "Abuja", "Pretoria", "Kampala", "Algiers", "Rabat", "Tokyo",
                    "Seoul", "Pyongyang", "New Delhi", "Islamabad", "Kabul", "Manila", "Jakarta", "Kuala Lumpur",
                    "Hanoi", "Bangkok", "Canberra", "Ottawa", "Mexico City", "Brasilia", "Bogota", "Caracas", "Havana",
                    "Buenos Aires", "Santiago", "Oslo", "Stockholm", "Copenhagen", "Helsinki", "Berlin", "Paris",
                    "Rome", "Madrid", "Lisbon", "Athens", "Vienna", "Bern", "The Hague", "Warsaw", "Kyiv", "Kiev",
                    "Minsk", "Dublin", "Wellington", "Muscat", "Abu Dhabi", "Lome", "Dakar", "Conakry", "Accra",
                    "Kigali", "Harare", "Luanda", "Asmara", "Bishkek", "Astana", "Tashkent", "Baku", "Yerevan",
                    "Tbilisi", "Belgrade", "Pristina", "Sarajevo", "Zagreb", "Budapest", "Bucharest", "Sofia", "Prague",
                    "Nicosia", "Reykjavik", "Colombo", "Kathmandu", "Dhaka", "Phnom Penh", "Taipei", "Quito",
                    "Montevideo", "Managua"})

# acronyms that are never organisations in the negotiation
NOT_ORGANISATIONS = frozenset({"GMT", "UTC", "EST", "EDT", "PST", "CET", "AM", "PM", "CEO", "CFO", "TV", "GDP", "OK",
                               "DATE", "TITLE", "NUMBER", "TYPE", "BYLINE", "DATELINE", "CONTENT", "INTRO", "TEXT",
                               "ACT", "NAT", "EDS", "NOTE", "UPDATE", "LONLY", "ONLY", "URL", "PDF", "HTML", "USD",
                               "EUR", "COVID", "RIP", "FAQ", "II", "III", "IV"})

# names that are outlets or places of reporting, never actors in the negotiation
OUTLETS = frozenset({"VOA", "Voice of America", "Reuters", "AP", "AFP", "BBC", "CNN", "Associated Press",
                     "Agence France-Presse", "Bloomberg", "Xinhua", "Al Jazeera", "Wikinews", "Global Voices",
                     "NPR", "dpa", "Interfax", "IRNA", "Tass", "TASS"})

# a name ending in one of these is a newspaper or broadcaster
OUTLET_WORDS = frozenset({"Gazette", "Times", "Post", "Herald", "Journal", "Tribune", "News", "Chronicle", "Courier",
                          "Telegraph", "Guardian", "Observer", "Express", "Mirror", "Standard", "Radio", "Television",
                          "Broadcasting", "Newswire", "Wire"})

# capitalised words that are never an actor's name on their own (sentence openers, function words, titles,
# time words, generic nouns)
STOP_WORDS = frozenset("""
A An The This That These Those It Its They Their Them He His She Her We Our You I Yet With Without United
In On At By For From Of To Into Over Under After Before During While Whereas Although Though But And Or Nor
As Meanwhile However Still Now Then Also Even Only If When Where Why How What Which Who Whom Some Many Most
Several Both Each Every All Any No Not Such Other Another Last Next First Second Third New Old One Two Three
Four Five Six Seven Eight Nine Ten Sources Source Officials Official Analysts Analyst Experts Diplomats
Negotiators Negotiator Leaders Leader Talks Negotiations Government Rebels Group Groups General Assistant
Secretary Minister President Prime Deputy Senior Chief Spokesman Spokeswoman Ambassador Envoy Mr Mr. Mrs
Mrs. Ms Ms. Dr Dr. Sir Lord Lady Colonel Major Captain King Queen Prince Sheikh State States Foreign Affairs
Farmers Workers Unions Union Party Parties Monday Tuesday Wednesday Thursday Friday Saturday Sunday January
February March April May June July August September October November December Today Yesterday Tomorrow
Agreement Deal Accord Accords Treaty Peace Ceasefire Cease-fire Truce Trade Nuclear Statement Update
Headquarters Under Administration North South East West Northern Southern Eastern Western Central
Correspondent Reporter Reporters Editor Text Intro Date Title Number Type Byline Dateline Eds Note
Press Release Contact Related Photo Video Audio Listen Watch Read More Share Print Email Here There
Celsius Fahrenheit
""".split())

# common nouns for a side of a negotiation ("the unions are demanding ..."): an actor named by the noun when the
# article names no organisation for it
GROUP_NOUNS = ("unions", "union", "government", "rebels", "workers", "employers", "management", "opposition",
               "insurgents", "militants", "strikers", "teachers", "nurses", "doctors", "farmers", "company",
               "automakers", "carmakers", "miners", "pilots", "drivers", "authorities", "league", "association",
               "guild", "alliance", "federation", "trust", "council", "commission", "board", "city")

# an unknown multi-word name is an organisation when its last word is one of these
ORGANISATION_HEADS = frozenset("""
Union Party Front Movement Council Association Federation Company Corporation Corp Corp. Inc Inc. Ltd Group
Army Forces Government Ministry Commission Organization Organisation Alliance Congress Bank Fund Authority
Agency Administration Office Department Committee Confederation Coalition League Brigades Court Parliament
Assembly Senate Cabinet Guild Trust Board Institute Airlines Motors Shipping Logistics Pharmaceuticals Bio
Energy Systems Holdings Technologies Labs Partners Capital Industries Steel Foods Media Communications Telecom
Petroleum Mining Airways Lines Unions Brigade Militia Network Society Foundation Secretariat
""".split())

# generic first words of organisation names, never the organisation on their own
GENERIC_FIRST_WORDS = frozenset("National International Federal Royal Democratic Republican People People's Popular "
                                "Free United General Central Global World European African Asian American Arab "
                                "Islamic New Northern Southern Eastern Western Joint Supreme".split())

# issue id -> (display name, phrases that evoke it, default options in order, option words a position may name)
ISSUES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "ceasefire": ("Ceasefire", ("ceasefire", "cease-fire", "truce", "halt in the fighting", "halt to the fighting",
                                "pause in the fighting", "armistice", "cessation of hostilities"),
                  ("none", "temporary", "permanent"), ("temporary", "phased", "permanent", "humanitarian", "immediate")),
    "hostages": ("Release of hostages", ("hostage", "hostages", "captives", "abducted", "kidnapped",
                                         "prisoner exchange", "prisoner swap", "release of prisoners",
                                         "prisoners"),
                 ("none", "partial", "all"), ("partial", "phased", "all", "humanitarian", "full")),
    "military-operation": ("Military operation", ("invade", "invasion", "offensive", "military operation",
                                                  "major operation", "troop withdrawal", "withdrawal of troops"),
                           ("none", "limited", "full"), ("limited", "full", "major", "deferred")),
    "wages": ("Wages", ("wage", "wages", "pay rise", "pay increase", "higher pay", "pay raise", "salary", "salaries",
                        "raise of", "per hour", "across the board increase", "across-the-board increase",
                        "per cent rise", "percent rise", "percent increase", "per cent increase", "pay offer",
                        "pay deal", "pay award", "pay claim"),
              ("freeze", "moderate", "high"), ("freeze", "moderate", "high", "inflation-linked")),
    "pensions": ("Pensions", ("pension", "pensions", "retirement age"), ("cut", "unchanged", "improved"),
                 ("cut", "unchanged", "improved", "defined-benefit")),
    "jobs": ("Job security", ("job cuts", "layoffs", "redundancies", "job security", "automation"),
             ("no-guarantee", "partial", "guaranteed"), ("guaranteed", "partial")),
    "tariffs": ("Tariffs", ("tariff", "tariffs", "duties", "levies"), ("none", "reduced", "current"),
                ("zero", "reduced", "current", "higher")),
    "market-access": ("Market access", ("market access", "quota", "quotas", "imports", "farm subsidies",
                                        "agricultural subsidies", "subsidies"),
                      ("closed", "partial", "open"), ("closed", "partial", "open", "full")),
    "nuclear-programme": ("Nuclear programme", ("nuclear program", "nuclear programme", "uranium enrichment",
                                                "enrichment", "centrifuges", "nuclear weapons", "nuclear activities",
                                                "denuclearization", "nuclear facilities", "reactor"),
                          ("dismantled", "limited", "unrestricted"), ("dismantled", "frozen", "limited",
                                                                     "unrestricted")),
    "sanctions": ("Sanctions", ("sanctions", "embargo"), ("lifted", "eased", "maintained"),
                  ("lifted", "eased", "maintained", "tightened")),
    "power-sharing": ("Power sharing", ("power sharing", "power-sharing", "transitional government",
                                        "unity government", "interim government", "coalition government"),
                      ("none", "partial", "full"), ("partial", "full")),
    "disarmament": ("Disarmament", ("disarmament", "demobilization", "demobilisation", "lay down their arms",
                                    "disarm"),
                    ("none", "partial", "full"), ("partial", "full")),
    "elections": ("Elections", ("elections", "election date", "vote"), ("none", "delayed", "on-schedule"),
                  ("delayed", "early")),
    "debt-relief": ("Debt relief", ("debt relief", "bailout", "debt", "austerity", "loan", "loans", "creditors"),
                    ("none", "partial", "full"), ("partial", "full")),
    "emissions": ("Emissions", ("emissions", "coal", "fossil fuel", "fossil fuels", "phase-out", "phase out",
                                "phase-down", "phase down", "greenhouse gas", "carbon"),
                  ("no-commitment", "phase-down", "phase-out"), ("phase-out", "phase-down", "binding", "voluntary")),
    "climate-finance": ("Climate finance", ("climate finance", "loss and damage", "finance goal", "adaptation fund"),
                        ("low", "medium", "high"), ("low", "medium", "high", "binding", "voluntary")),
    "price": ("Price", ("per share", "valuation", "takeover price", "offer price", "purchase price", "price"),
              ("low", "medium", "high"), ("low", "higher", "high", "all-cash", "cash")),
    "governance": ("Governance", ("board seats", "board seat", "governance", "chief executive role"),
                   ("acquirer", "shared", "target"), ("shared", "equal")),
    "regulatory": ("Regulatory approval", ("antitrust", "regulators", "regulatory approval", "divest"),
                   ("none", "remedies", "full"), ("remedies", "divestment")),
    "ransom": ("Ransom", ("ransom",), ("none", "partial", "full"), ("none", "partial", "full")),
    "territory": ("Territory", ("territory", "borders", "border", "settlements", "occupied"),
                  ("none", "partial", "full"), ("partial", "full")),
    "contract": ("Contract terms", ("contract", "tanker", "procurement"), ("rejected", "amended", "accepted"),
                 ("amended", "accepted")),
}

# the topic of "X talks" when no issue word is found: the issue the talks are about
TALK_TOPICS: dict[str, str] = {"nuclear": "nuclear-programme", "trade": "market-access", "peace": "ceasefire",
                               "ceasefire": "ceasefire", "cease-fire": "ceasefire", "debt": "debt-relief",
                               "climate": "emissions", "wage": "wages", "pay": "wages", "contract": "contract",
                               "hostage": "hostages", "tariff": "tariffs", "bailout": "debt-relief"}

# units a stated number may carry (longest first when matched), with the unit written into the issue
UNITS: dict[str, str] = {"percent": "percent", "per cent": "percent", "%": "percent", "percentage points": "points",
                         "billion dollars": "billion USD", "million dollars": "million USD",
                         "billion": "billion", "million": "million", "dollars": "USD", "euros": "EUR",
                         "hours": "hours", "days": "days", "weeks": "weeks", "months": "months", "years": "years",
                         "centrifuges": "centrifuges", "troops": "troops", "prisoners": "prisoners",
                         "hostages": "hostages", "tons": "tons", "tonnes": "tonnes", "kilometers": "km",
                         "kilometres": "km", "miles": "miles"}

# words at which a stated term stops naming an option ("concessions Wednesday on its creditors' demands" ->
# concessions; "assurances that Iran is not ..." -> assurances): times, subordinators and prepositions other
# than "of" (a qualifier of the option, not the option)
OPTION_STOPS = frozenset("""monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight
january february march april may june july august september october november december next last this week
that which who whom whether when while if unless because before after until
at on in to for by with from over under against during between among through into as than""".split())
