"""A draft scenario from an article: actors with roles, issues, red lines, evidence.

Every quote is a verbatim span of the article; every number is a placeholder
carried with an ``{assumption: ...}`` entry, since a news report rarely gives
weights, values, power or reservations. The result is a plain ``dict`` in the
scenario format (version 1) that ``accord validate`` accepts when the article
sits where ``sources.article.file`` says.
"""

from __future__ import annotations

import re

from .attributions import Attribution, _name_part

DEMONYMS = {
    "Israeli": "Israel", "Israel": "Israel", "U.S.": "United States", "US": "United States", "American": "United States",
    "Egyptian": "Egypt", "Qatari": "Qatar", "Palestinian": "Palestinians", "Chinese": "China", "European": "European Union",
    "EU": "European Union", "British": "United Kingdom", "French": "France", "German": "Germany", "Japanese": "Japan",
    "Canadian": "Canada", "Mexican": "Mexico", "Indian": "India", "Brazilian": "Brazil", "Colombian": "Colombia",
    "Norwegian": "Norway", "Swiss": "Switzerland", "Turkish": "Turkey", "Saudi": "Saudi Arabia", "Iranian": "Iran",
    "Ukrainian": "Ukraine", "Russian": "Russia", "Australian": "Australia", "Korean": "South Korea",
}
ALIASES = {"Biden administration": "United States", "White House": "United States", "Washington": "United States",
           "the Biden administration": "United States", "Jerusalem": "Israel", "Brussels": "European Union",
           "Beijing": "China", "Tokyo": "Japan"}
NOT_ACTORS = {"Senior", "Prime", "Minister", "Mr.", "Ms.", "Mrs.", "Dr.", "The", "A", "An", "Two", "Gaza", "Cairo",
              "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Strip"}

# issue id -> (display name, phrases that evoke it, options in order, option words that positions may name)
ISSUES = {
    "ceasefire": ("Ceasefire", ("ceasefire", "cease-fire", "truce", "halt in the fighting", "halt to the fighting",
                                "pause in the fighting"),
                  ("none", "temporary", "permanent"), ("temporary", "phased", "permanent", "humanitarian", "immediate")),
    "hostages": ("Release of hostages", ("hostage", "hostages", "captives", "abducted", "kidnapped", "prisoner exchange"),
                 ("none", "partial", "all"), ("partial", "phased", "all", "humanitarian", "full")),
    "military-operation": ("Military operation", ("invade", "invasion", "offensive", "military operation",
                                                  "major operation"),
                           ("none", "limited", "full"), ("limited", "full", "major", "deferred")),
    "wages": ("Wages", ("wage", "wages", "pay rise", "pay increase", "salary", "salaries", "raise of", "per hour"),
              ("freeze", "moderate", "high"), ("freeze", "moderate", "high", "inflation-linked")),
    "pensions": ("Pensions", ("pension", "pensions", "retirement"), ("cut", "unchanged", "improved"),
                 ("cut", "unchanged", "improved", "defined-benefit")),
    "jobs": ("Job security", ("job cuts", "layoffs", "redundancies", "job security", "automation"),
             ("no-guarantee", "partial", "guaranteed"), ("guaranteed", "partial")),
    "tariffs": ("Tariffs", ("tariff", "tariffs", "duties", "levies"), ("none", "reduced", "current"),
                ("zero", "reduced", "current", "higher")),
    "market-access": ("Market access", ("market access", "quota", "quotas", "import"), ("closed", "partial", "open"),
                      ("closed", "partial", "open", "full")),
    "emissions": ("Emissions", ("emissions", "coal", "fossil fuel", "fossil fuels", "phase-out", "phase out",
                                "phase-down", "phase down"),
                  ("no-commitment", "phase-down", "phase-out"), ("phase-out", "phase-down", "binding", "voluntary")),
    "climate-finance": ("Climate finance", ("climate finance", "loss and damage", "finance goal", "adaptation fund"),
                        ("low", "medium", "high"), ("low", "medium", "high", "binding", "voluntary")),
    "price": ("Price", ("per share", "valuation", "takeover price", "bid", "premium", "offer price"),
              ("low", "medium", "high"), ("low", "higher", "high", "all-cash", "cash")),
    "governance": ("Governance", ("board seats", "board seat", "headquarters", "governance", "chief executive role"),
                   ("acquirer", "shared", "target"), ("shared", "equal")),
    "regulatory": ("Regulatory approval", ("antitrust", "regulators", "regulatory approval", "divest"),
                   ("none", "remedies", "full"), ("remedies", "divestment")),
    "ransom": ("Ransom", ("ransom",), ("none", "partial", "full"), ("none", "partial", "full")),
}


def slug(name: str) -> str:
    value = re.sub(r"[^A-Za-z0-9]+", "-", name.lower()).strip("-")
    return value or "actor"


def affiliation(np: str, text: str = "") -> str | None:
    """The organisation or country an NP speaks for ("a senior Hamas official" -> "Hamas")."""
    for alias, actor in ALIASES.items():
        if alias.lower() in np.lower():
            return actor
    possessive = re.match(r"([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)['\u2019]s\b", np)
    if possessive:
        return DEMONYMS.get(possessive.group(1), possessive.group(1))
    name = _name_part(np.split(",")[0])
    for token in re.findall(r"[A-Z][\w.&-]*", np):
        if name and token in name.split():
            continue
        if token in DEMONYMS:
            return DEMONYMS[token]
        if token not in NOT_ACTORS and token.lower() not in ("senior", "union", "two", "three"):
            return token.rstrip(".")
    if name and len(name.split()) == 1:
        return name  # "Hamas", "Boeing"
    return None


_TITLED_NAME = re.compile(r"((?:[A-Z][\w.-]*(?:['\u2019]s)?\s+)(?:[\w.-]+\s+){0,3}?)"
                          r"((?:[A-Z][a-z\u00c0-\u024f'-]+\s+){1,3}[A-Z][a-z\u00c0-\u024f'-]+)\b")
_TOKEN_RUN = re.compile(r"[\w.-]+")
_CAPITAL = re.compile(r"[A-Z]")


def _titled_names(text: str):
    """The matches of ``_TITLED_NAME.finditer(text)``, in linear time.

    A match starts with a capital inside a run of ``[\\w.-]`` characters and
    its first token extends to the end of that run, so every capital of a run
    leads to the same continuation: if the first capital of the run (after the
    previous match) does not start a match, no later capital of the run does.
    Trying that capital alone gives the matches ``finditer`` gives, without
    rescanning a long run from each of its capitals (which is quadratic: an
    article of one 40 KB capitalised word took 37 s).
    """
    done = 0  # where the previous match ended
    for run in _TOKEN_RUN.finditer(text):
        at = max(run.start(), done)
        while at < run.end():
            capital = _CAPITAL.search(text, at, run.end())
            if capital is None:
                break
            match = _TITLED_NAME.match(text, capital.start())
            if match is None:
                break
            yield match
            done = at = match.end()


def person_affiliations(text: str) -> dict[str, str]:
    """Surname -> organisation, from "Israel's Prime Minister Benjamin Netanyahu", "Hamas official Mousa Abu Marzouk"."""
    found: dict[str, str] = {}
    for match in _titled_names(text):
        prefix, name = match.group(1), match.group(2)
        if not re.search(r"\b(?:official|minister|president|leader|spokes\w+|negotiator|chief|secretary|envoy|"
                         r"executive|ceo|chair\w*|director|head|commissioner|organi[sz]er|steward)\b|['\u2019]s\s",
                         (prefix + " " + name).lower() + " "):
            continue
        who = affiliation(prefix.strip())
        if who:
            found.setdefault(name.split()[-1], who)
    return found


def _speaker_affiliations(attributions: list[Attribution], text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for attribution in attributions:
        if attribution.speaker.lower() in ("he", "she", "they"):
            continue
        who = affiliation(attribution.speaker, text) or affiliation(
            text[attribution.speaker_span[1]:attribution.speaker_span[1] + 80].split(".")[0], text)
        if who and attribution.resolved_speaker not in found:
            found[attribution.resolved_speaker] = who
    return found


_PHRASE_ISSUE = {phrase.lower(): issue for issue, spec in ISSUES.items() for phrase in spec[1]}
_PHRASES = re.compile(r"\b(" + "|".join(re.escape(p) for p in sorted(_PHRASE_ISSUE, key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)


def detect_issues(text: str) -> dict[str, list[dict]]:
    """Issue id -> the phrases (with spans) that evoked it, in order of first mention."""
    found: dict[str, list[dict]] = {}
    for match in _PHRASES.finditer(text):
        issue = _PHRASE_ISSUE[match.group().lower()]
        found.setdefault(issue, []).append({"phrase": match.group(), "span": [match.start(), match.end()]})
    ordered = sorted(found.items(), key=lambda item: min(p["span"][0] for p in item[1]))
    return {issue: sorted(phrases, key=lambda p: p["span"][0]) for issue, phrases in ordered}


def _issue_of(phrase: str, issues: dict[str, list[dict]]) -> str | None:
    low = phrase.lower()
    for issue in issues:
        if any(word in low for word in ISSUES[issue][1]):
            return issue
    return None


def _option_of(phrase: str, issue: str) -> str | None:
    low = phrase.lower()
    for word in ISSUES[issue][3]:
        if re.search(r"\b" + re.escape(word) + r"\b", low):
            return slug(word)
    return None


def build_draft(text: str, attributions: list[Attribution], positions: list[dict], claims: list[dict],
                *, source_file: str = "article.txt", title: str | None = None) -> dict:
    """The scenario skeleton (a dict in the scenario format)."""
    issues_found = detect_issues(text)
    affiliations = _speaker_affiliations(attributions, text)
    people = person_affiliations(text)

    def actor_of(holder: str) -> str | None:
        if holder in affiliations:
            return affiliations[holder]
        if holder in ALIASES:
            return ALIASES[holder]
        who = affiliation(holder, text)
        return people.get(who, who) if who else None

    actors: dict[str, dict] = {}
    order: list[str] = []

    def ensure(name: str, role: str) -> dict:
        aid = slug(name)
        if aid not in actors:
            actors[aid] = {"name": name, "role": role, "evidence": [], "_red": {}, "_quotes": set()}
            order.append(aid)
        elif role == "party":
            actors[aid]["role"] = "party"
        return actors[aid]

    def quote(actor: dict, snippet: str) -> None:
        snippet = snippet.strip()
        if snippet and snippet not in actor["_quotes"] and len(actor["_quotes"]) < 4:
            actor["_quotes"].add(snippet)
            actor["evidence"].append({"source": "article", "quote": snippet})

    # red lines and positions make parties
    for position in positions:
        name = actor_of(position["holder"])
        issue = _issue_of(position["object"], issues_found) or _issue_of(position["text"], issues_found)
        if not name or not issue:
            continue
        actor = ensure(name, "party")
        option = _option_of(position["object"], issue)
        if option:
            kind = "reject" if position["kind"] == "rejects" else "accept"
            actor["_red"].setdefault(issue, {"accept": [], "reject": [], "evidence": []})
            if option not in actor["_red"][issue][kind]:
                actor["_red"][issue][kind].append(option)
            actor["_red"][issue]["evidence"].append(position["text"])
    # blame: the blamed side is a party
    for claim in claims:
        if claim["kind"] == "blame":
            name = actor_of(claim["blamed"])
            if name:
                quote(ensure(name, "party"), claim["text"])
        elif claim["kind"] == "pressure":
            presser, pressed = actor_of(claim["presser"]), actor_of(claim["pressed"])
            if presser:
                quote(ensure(presser, "observer"), claim["text"])
            if pressed:
                ensure(pressed, "party")
    # speakers' organisations
    for attribution in attributions:
        name = affiliations.get(attribution.resolved_speaker)
        if name:
            quote(ensure(name, "observer"), attribution.content)
    for match in re.finditer(r"\b([A-Z][\w-]+)(?:-mediated| is mediating| are mediating|, which is mediating)|"
                             r"mediated by ([A-Z][\w-]+)|mediators? (?:from|in) ([A-Z][\w-]+)", text):
        name = next(g for g in match.groups() if g)
        actor = ensure(DEMONYMS.get(name, name), "mediator")
        if actor["role"] != "party":
            actor["role"] = "mediator"
        quote(actor, match.group())
    parties = [aid for aid in order if actors[aid]["role"] == "party"]
    for aid in order:  # at least two parties: promote the most quoted organisations
        if len(parties) >= 2:
            break
        if actors[aid]["role"] == "observer":
            actors[aid]["role"] = "party"
            parties.append(aid)
    while len(parties) < 2:
        placeholder = ensure(f"Party {len(parties) + 1}", "party")
        placeholder["evidence"].append({"assumption": "The extractor found no second party; name it."})
        parties = [aid for aid in order if actors[aid]["role"] == "party"]

    # issues: options from the defaults plus every option a red line names
    issues_doc: dict[str, dict] = {}
    for issue, phrases in issues_found.items():
        name, _, defaults, _ = ISSUES[issue]
        options = list(defaults)
        for actor in actors.values():
            for option in actor["_red"].get(issue, {}).get("accept", []) + actor["_red"].get(issue, {}).get("reject", []):
                if option not in options:
                    options.append(option)
        evoked: list[str] = []
        for phrase in phrases:
            if phrase["phrase"].lower() not in (e.lower() for e in evoked):
                evoked.append(phrase["phrase"])
        issues_doc[issue] = {"name": name, "options": options,
                             "description": "Evoked by: " + ", ".join(f'"{p}"' for p in evoked[:6]),
                             "x-evoked-by": [{"phrase": p["phrase"], "span": p["span"]} for p in phrases[:12]]}
    if not issues_doc:
        issues_doc["agreement"] = {"name": "Agreement", "options": ["no", "yes"],
                                   "description": "No known issue was recognised; replace with the real issues."}

    actors_doc: dict[str, dict] = {}
    for aid in order:
        actor = actors[aid]
        body: dict = {"name": actor["name"], "role": actor["role"], "power": 1}
        if actor["role"] == "party":
            body["reservation"] = 0
        evidence = list(actor["evidence"])
        evidence.append({"assumption": "Placeholder numbers: the article gives no figure for power"
                         + (" or reservation (no-deal value)" if actor["role"] == "party" else "") + "; fill them in."})
        body["evidence"] = evidence
        if actor["role"] == "party":
            preferences = {}
            for issue, spec in issues_doc.items():
                red = actor["_red"].get(issue)
                pref: dict = {"weight": 1}
                if red and (red["accept"] or red["reject"]):
                    accept = [o for o in red["accept"] if o not in red["reject"]]
                    good = set(accept) if accept else set(spec["options"]) - set(red["reject"])
                    pref["values"] = {o: (1 if o in good else 0) for o in spec["options"]}
                    if accept:
                        pref["accept"] = accept
                    else:
                        pref["reject"] = list(red["reject"])
                    entries = []
                    for snippet in red["evidence"]:
                        if {"source": "article", "quote": snippet} not in entries:
                            entries.append({"source": "article", "quote": snippet})
                    pref["evidence"] = entries + [{"assumption": "Weight 1 and the values 0/1 are placeholders; the "
                                                   "article states the red line, not how much each option is worth."}]
                else:
                    pref["values"] = {o: 0.5 for o in spec["options"]}
                    pref["evidence"] = [{"assumption": "The article states no position of this actor on this issue; "
                                                       "weight 1 and the flat values 0.5 are placeholders."}]
                preferences[issue] = pref
            body["preferences"] = preferences
        actors_doc[aid] = body

    return {
        "accord": 1,
        "name": title or "Draft scenario",
        "description": f"Draft extracted by `accord extract` from {source_file}. Every quote is verbatim from the "
                       "article; every number is a placeholder marked as an assumption.",
        "sources": {"article": {"title": title or source_file, "file": source_file}},
        "issues": issues_doc,
        "actors": actors_doc,
    }
