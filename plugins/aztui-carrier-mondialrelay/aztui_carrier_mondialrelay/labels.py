"""Mondial Relay's event labels, per language, and what each means to aztui.

Events carry no code, only a label (``Libelle``) in the language asked for (``Langue``), and
partner networks' events (Spain's Punto Pack, Correos Express) in words of their own. aztui
asks in French (``carrier.LANGUAGE``) but reads a label in any of FR, EN, ES, DE, IT, NL, PT,
accents, case and apostrophes aside (``normalise``). The parcel's status comes from STAT
(``statuses``); a label only refines it and tells which event is the first scan and which the
delivery. A label no rule knows is kept as an event (code ``AUTRE``, status ``unknown``) and
never decides anything.

The rules are data, ``labels.toml`` beside this module: per rule and per language, ``seen``
patterns match labels found in real material, ``guessed`` ones are aztui's guesses from the
carrier's usual wording, to be confirmed by a real answer. What is known, per language, and
where it comes from:

- **ES**: a real answer (``tests/fixtures/real``: "Recogido en agencia
  Punto Pack", "En reparto", "Liquidado en Ensena"), and the labels another project reads
  (ecommerce-ventures/deliveries, ``format_response.rb``: "Disponible en el Punto Pack",
  "Recepcionado en el Punto Pack", "Recogido en el hub", "Paquete entregado al Destinata").
- **FR**: labels in that project's code and test stubs ("RÉCEPTION DES DONNÉES", "PRISE EN
  CHARGE EN AGENCE", "PRISE EN CHARGE POINT RELAIS", "DISPONIBLE AU POINT RELAIS", "COLIS
  REMIS AU LIVREUR", "COLIS LIVRÉ"); the other French wordings are guessed.
- **EN, DE, IT, NL, PT**: nothing real found (Mondial Relay's WSDL lists no labels; its
  documentation was not in reach): every rule is guessed.

Rules are tried in order; the first that matches gives the event code and status:

==================  ======================  ============================================
code                status                  meaning
==================  ======================  ============================================
REGLEMENT           unknown                 settlement with the shop: not a movement
RETOUR_LIVRE        returned                the return reached the sender
NON_RETIRE          return_to_sender        not collected in time: going back
RETOUR              return_to_sender        on its way back
NON_LIVRE           delivery_failed         not delivered (absent, refused, address)
ANOMALIE            exception               anomaly, damage, loss
DISPONIBLE_RELAIS   available_for_pickup    waiting at a Point Relais / locker
LIVRE               delivered               delivered to, or collected by, the buyer
EN_LIVRAISON        out_for_delivery        with the driver
RECEPTION_DONNEES   info_received           label data only, no parcel yet
PRISE_EN_CHARGE     in_transit              taken in (drop-off, agency): a scan
ACHEMINEMENT        in_transit              moving between sites
AUTRE               unknown                 no rule matches: kept, never deciding
==================  ======================  ============================================
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from aztui.domain.model import TrackingStatus as S

LANGUAGES = ("FR", "EN", "ES", "DE", "IT", "NL", "PT")
DATA = Path(__file__).with_name("labels.toml")


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    status: S
    seen: dict[str, tuple[str, ...]]
    """Patterns of labels found in real material, by language."""
    guessed: dict[str, tuple[str, ...]]
    """Patterns aztui guessed, by language."""

    def patterns(self) -> list[str]:
        return [p for table in (self.seen, self.guessed) for ps in table.values() for p in ps]


def _load() -> tuple[Rule, ...]:
    with DATA.open("rb") as file:
        rules = tomllib.load(file)["rule"]
    return tuple(
        Rule(
            rule["code"],
            S(rule["status"]),
            {lang: tuple(ps) for lang, ps in rule.get("seen", {}).items()},
            {lang: tuple(ps) for lang, ps in rule.get("guessed", {}).items()},
        )
        for rule in rules
    )


RULES = _load()
UNRECOGNISED = ("AUTRE", S.UNKNOWN)
_MATCHERS = tuple(
    (rule, re.compile("|".join(f"(?:{p})" for p in rule.patterns()))) for rule in RULES
)
_SEEN = {r.code: [re.compile(p) for ps in r.seen.values() for p in ps] for r in RULES}


def normalise(label: str) -> str:
    """Upper case, no accents, straight apostrophes, single spaces."""
    text = unicodedata.normalize("NFKD", label)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return " ".join(text.upper().split())


def classify(label: str) -> tuple[str, S]:
    """The event code and status a label gives (``AUTRE``/unknown when no rule matches)."""
    text = normalise(label)
    for rule, matcher in _MATCHERS:
        if matcher.search(text):
            return rule.code, rule.status
    return UNRECOGNISED


def is_seen(label: str) -> bool:
    """Whether the rule reading this label reads it with a ``seen`` pattern (real
    material), not only a guess."""
    text, (code, _) = normalise(label), classify(label)
    return any(seen.search(text) for seen in _SEEN.get(code, ()))
