"""What the domain names and details (deadline rules, metrics, risk signals and their details,
alerts) is worded from the catalogs, in each language: the domain gives ids and codes."""

from __future__ import annotations

import ast
import inspect
from datetime import UTC, date, datetime

import pytest

from aztui.alert_words import AlertWords
from aztui.domain import risks
from aztui.domain.alerts import AlertPolicy, digest_alert, risk_alerts
from aztui.domain.deadlines import BUILTIN_RULES
from aztui.domain.metrics import BUILTIN_METRICS, OWN_WORDS
from aztui.domain.risks import Risk
from aztui.i18n import LANGUAGES, WORDS, metric_name, rule_name, signal_name
from aztui.risk_words import risk_detail

NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)


def detail_codes() -> set[str]:
    """Every code the domain passes to ``risks.detail``."""
    tree = ast.parse(inspect.getsource(risks))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "detail"
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_builtin_name_and_detail_has_words_in_each_language(language):
    assert detail_codes() >= {"no_scan", "no_signature", "stalled", "refund_pending"}
    keys = [
        *(f"rule_{r.id}" for r in BUILTIN_RULES),
        *(f"metric_{m.id}" for m in BUILTIN_METRICS),
        *(f"signal_{s}" for s in risks.SIGNALS),
        *(f"risk_detail_{c}" for c in detail_codes()),
    ]
    catalog = WORDS.text
    assert [k for k in keys if catalog(k, language) is None] == []
    assert all(r.names is OWN_WORDS for r in BUILTIN_RULES)
    assert all(m.names is OWN_WORDS for m in BUILTIN_METRICS)


def test_names_are_seller_central_s_french():
    metrics = {m.id: m for m in BUILTIN_METRICS}
    rules = {r.id: r for r in BUILTIN_RULES}
    assert metric_name(metrics["order_defect_rate"], "fr") == "Taux de commandes défectueuses"
    assert metric_name(metrics["valid_tracking_rate"], "fr") == "Taux de suivi valide"
    assert metric_name(metrics["valid_tracking_rate"], "en") == "Valid tracking rate"
    assert rule_name(rules["claim_response"], "fr") == "Représenter une réclamation"
    assert signal_name("unprotected_shipping", "fr") == "Sans Achat de l'affranchissement"
    assert signal_name("a_plugin_signal", "fr") == "a_plugin_signal"


def test_a_risk_detail_is_worded_with_amounts_as_the_language_writes_them():
    kept = risks.detail("no_signature", total="250.00", threshold="150.00", currency="EUR")
    assert risk_detail(kept, "fr") == (
        "commande de 250,00\xa0€ ≥ 150,00\xa0€ expédiée sans remise contre signature"
    )
    assert risk_detail(kept, "en") == "order of €250.00 ≥ €150.00 shipped without signature"
    assert risk_detail(risks.detail("stalled", days=5), "fr") == (
        "aucun événement du transporteur depuis 5 jours"
    )
    # a store derived by an aztui that kept English words shows them as they are
    assert risk_detail("the parcel is coming back", "fr") == "the parcel is coming back"


def test_alerts_are_worded_in_the_seller_s_language():
    policy = AlertPolicy(AlertWords("fr", "Europe/Paris"))
    stalled = Risk("tracking_stalled", "402-1", "6A1", risks.detail("stalled", days=5), NOW)
    [alert] = risk_alerts([stalled], NOW, policy)
    assert (alert.title, alert.body) == (
        "Suivi bloqué : 6A1",
        "aucun événement du transporteur depuis 5 jours",
    )
    digest = digest_alert(NOW, policy, overdue=1, soon=2, breach=0, at_risk=1)
    assert digest.title == "aztui — le point du 26/11/2026"
    english = AlertPolicy(AlertWords("en", "Europe/Paris"))
    assert risk_alerts([stalled], NOW, english)[0].title == "Tracking stalled: 6A1"
    assert AlertWords("en", "Europe/Paris").day(date(2026, 1, 2)) == "02/01/2026"
