"""Generators of hostile inputs that probe for work growing with the square of the input.

Each generator returns the input for size ``n`` (characters, values or
options), so a scaling test or benchmark can compare ``n`` with ``2n``. The
inputs are built on the fly; none is committed.

- :func:`long_word`, :func:`capitalised_words`, :func:`said`, :func:`he_said`:
  texts for ``accord extract`` (one giant token, capitalised words without
  punctuation, a reporting verb repeated in one sentence, ``He said: ``
  repeated);
- :func:`genius_domain`: a GENIUS domain with one discrete issue of ``n``
  values and two profiles evaluating every value (for ``accord import genius``);
- :func:`big_scenario`: a scenario with one categorical issue of ``n`` options,
  two parties valuing every option and ``variants`` variants that each
  re-weight one party (for ``accord validate``).
"""

from __future__ import annotations

import json
from pathlib import Path


def long_word(n: int) -> str:
    """One capitalised token of ``n`` characters ("Aaaa...")."""
    return ("A" * n)[:n]


def capitalised_words(n: int) -> str:
    """About ``n`` characters of capitalised words, no punctuation ("Abc Abcd Abc ...")."""
    words = ["Abc", "Defgh", "Ijkl", "Mnopqr", "Stu", "Vwxyz"]
    out, size, k = [], 0, 0
    while size < n:
        word = words[k % len(words)] * (1 + k % 3)
        out.append(word)
        size += len(word) + 1
        k += 1
    return " ".join(out)[:n]


def said(n: int) -> str:
    """``said said said ...``: one sentence of ``n`` characters full of reporting verbs."""
    return ("said " * (n // 5 + 1))[:n]


def he_said(n: int) -> str:
    """``He said: He said: ...``: one sentence in which every verb has a subject."""
    return ("He said: " * (n // 9 + 1))[:n]


def initials(n: int) -> str:
    """``A.B. A.B. ...``: a run of abbreviations, each a possible sentence end that is not one."""
    return ("A.B. " * (n // 5 + 1))[:n]


def they_say(n: int) -> str:
    """``Poor nations want it. They say so. ...``: a plural pronoun per sentence, each resolved."""
    return ("Poor nations want it. They say so. " * (n // 35 + 1))[:n]


def descriptions(n: int) -> str:
    """``Ann Lee said no. The U.S. official said yes. ...``: a definite description per sentence."""
    return ("Ann Lee said no. The U.S. official said yes. " * (n // 45 + 1))[:n]


def genius_domain(n: int, folder: str | Path) -> tuple[Path, list[Path]]:
    """A GENIUS domain with one issue of ``n`` discrete values and two profiles; returns (domain, profiles)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    items = "".join(f'<item index="{k + 1}" value="v{k}"/>' for k in range(n))
    domain = folder / "domain.xml"
    domain.write_text('<negotiation_template><utility_space><objective index="0" name="root" type="objective">'
                      f'<issue index="1" name="big" type="discrete" etype="discrete" vtype="discrete">{items}'
                      '</issue></objective></utility_space></negotiation_template>', encoding="utf-8")
    profiles = []
    for p, name in enumerate(("a", "b")):
        evaluations = "".join(f'<item index="{k + 1}" value="v{k}" evaluation="{(k if p else n - k) + 1}"/>'
                              for k in range(n))
        path = folder / f"{name}.xml"
        path.write_text('<utility_space><objective index="0" name="root" type="objective">'
                        '<weight index="1" value="1.0"/>'
                        f'<issue index="1" name="big" type="discrete" etype="discrete" vtype="discrete">{evaluations}'
                        '</issue></objective></utility_space>', encoding="utf-8")
        profiles.append(path)
    return domain, profiles


def big_scenario(n: int, variants: int = 5) -> str:
    """A scenario (JSON text) with one categorical issue of ``n`` options and ``variants`` variants."""
    options = [f"o{k}" for k in range(n)]
    second = {"name": "Price", "options": ["low", "high"]}

    def party(name: str, flip: bool) -> dict:
        values = {o: round((n - 1 - k if flip else k) / max(1, n - 1), 4) for k, o in enumerate(options)}
        return {"name": name, "role": "party", "power": 1, "reservation": 0.1,
                "preferences": {"big": {"weight": 0.5, "values": values},
                                "price": {"weight": 0.5, "values": {"low": 1 if flip else 0, "high": 0 if flip else 1}}}}

    doc = {"accord": 1, "name": "Hostile size",
           "issues": {"big": {"name": "Big", "options": options}, "price": second},
           "actors": {"a": party("A", False), "b": party("B", True)},
           "variants": {f"v{k}": {"description": f"variant {k}",
                                  "patch": {"actors": {"a": {"preferences": {"price": {"weight": 0.5 + k / 1000}}}}}}
                        for k in range(variants)}}
    return json.dumps(doc, indent=0)
