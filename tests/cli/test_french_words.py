"""In French (amazon.fr's default), what the command line prints for a person — ``check``'s
report, the demo's, an import's summary, a snooze — and the alerts it sends hold none of
aztui's English words: every English text of the catalogs whose French differs is looked for
in what was shown."""

from __future__ import annotations

import asyncio
import json
import mailbox
import re
from datetime import datetime
from pathlib import Path

from aztui.channels.dispatch import due_alerts
from aztui.config import load_config
from aztui.domain.alerts import Alert
from aztui.service import Service
from tests.cli.test_mail_import import CONFIG as MAIL_CONFIG
from tests.cli.test_mail_import import mail
from tests.mail.mails import build
from tests.plugin_system import faulty
from tests.test_catalogs import catalog

NOW = "2026-11-26T09:00:00Z"
REAL = Path(__file__).parents[1] / "ingest" / "fixtures" / "amazon" / "real"
plugins = faulty.plugins
"""Plugins installed for a test (a fixture): one that fails, for ``aztui plugins``."""
OPTIONED_CARRIER = """
from typing import Literal

from pydantic import BaseModel, ConfigDict

from aztui.carriers import CarrierSpec
from aztui.hookspecs import hookimpl


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid")
    service: Literal["parcel", "express"] = "parcel"
    days: int = 3


class Carrier:
    def __init__(self, context):
        self.context = context

    async def track(self, numbers):
        return []


@hookimpl
def aztui_register_carriers(register):
    register(CarrierSpec("optcarrier", Carrier, "https://opt.test", options=Options))
"""
"""A carrier plugin whose options are a model (as tests/plugin_system/test_carrier_options)."""


def english_phrases() -> set[str]:
    """The English texts (between their ``{fields}``) of two words or more that no French
    text holds: one of them in French output is a word left untranslated."""
    french = {(m.context, m.id): m.string for m in catalog("fr") if m.id}
    everything_french = "\n".join(french.values())
    found = set()
    for message in catalog("en"):
        if not message.id or french.get((message.context, message.id)) == message.string:
            continue
        for piece in re.split(r"\{[^}]*\}", message.string):
            piece = piece.strip(" :;,.()—·“”\n")
            if len(piece.split()) >= 2 and piece not in everything_french:
                found.add(piece)
    return found


def untranslated(shown: str) -> list[str]:
    return sorted(p for p in english_phrases() if p in shown)


def test_the_phrases_looked_for_are_the_english_ones():
    phrases = english_phrases()
    assert {"no carrier scan", "Order defect rate", "row(s) skipped"} <= phrases
    assert "order record(s) imported" in untranslated("3 order record(s) imported")


def test_the_command_line_speaks_french(aztui, workdir):
    demo = aztui("demo", "--report", "--now", NOW, db_path=workdir / "store.db")
    assert demo.code == 0 and "Taux de commandes défectueuses" in demo.out
    orders = workdir / "orders.csv"
    orders.write_text(
        "order_id,purchase_date,status\n"
        "402-9999999-0000001,2026-11-25T10:00:00Z,Unshipped\n"
        "402-9999999-0000002,not a date,Unshipped\n",
        encoding="utf-8",
    )
    unshipped = REAL / "unshipped_in.txt"  # a report naming no marketplace: the import says
    imported = aztui("import", "--skip-invalid", str(orders), str(unshipped))
    assert imported.code == 0 and "commande(s) importée(s)" in imported.out
    assert "ligne(s) ignorée(s)" in imported.err and "marketplace FR" in imported.out
    snoozed = aztui("snooze", "402-9999999-0000001", "--for", "2h")
    assert snoozed.code == 0
    check = aztui("check", "--all", "--now", NOW)
    assert check.code in (0, 1) and "Échéance" in check.out
    shown = "\n".join(
        (demo.out, demo.err, imported.out, snoozed.out, snoozed.err, check.out, check.err)
    )
    assert untranslated(shown) == []


def test_the_alerts_speak_french(aztui, workdir):
    assert aztui("demo", "--report", "--now", NOW, db_path=workdir / "store.db").code == 0

    async def decide() -> list[Alert]:
        async with Service(load_config(cli_overrides={"db": str(workdir / "store.db")})) as on:
            return await due_alerts(on, datetime.fromisoformat(NOW), remember=False)

    alerts = asyncio.run(decide())
    kinds = {a.kind for a in alerts}
    assert {"deadline_overdue", "metric_status", "risk"} <= kinds
    shown = "\n".join(f"{a.title}\n{a.body}" for a in alerts)
    assert "Taux d'expéditions en retard" in shown
    assert untranslated(shown) == []


def test_a_refused_file_is_told_in_french_naming_file_line_and_column(aztui, workdir):
    orders = workdir / "orders.csv"
    orders.write_text(
        "order_id,purchase_date,status\n"
        "402-9999999-0000001,31/02/2026,Unshipped\n"
        "402-9999999-0000002,2026-11-25T10:00:00Z,Nope\n",
        encoding="utf-8",
    )
    refused = aztui("import", str(orders))
    assert refused.code == 2
    assert (
        "orders.csv, ligne 2, colonne purchase_date : « 31/02/2026 » n'est pas une date valide"
        " (attendu : 2026-11-26 10:00" in refused.err
    )
    assert "orders.csv, ligne 3, colonne status : « Nope » n'est pas une valeur valide" in (
        refused.err
    )
    header = workdir / "header.csv"
    header.write_text("order_id,purchse_date\n402-9999999-0000003,2026-11-25\n", encoding="utf-8")
    unknown = aztui("import", str(header))
    assert unknown.code == 2
    assert "header.csv, ligne 1, colonne purchse_date : n'est pas une colonne" in unknown.err
    assert "vouliez-vous dire purchase_date ?" in unknown.err
    skipped = aztui("import", "--skip-invalid", str(orders))
    assert "ligne 3, colonne status : « Nope »" in skipped.err
    shown = "\n".join((refused.err, unknown.err, skipped.err))
    assert untranslated(shown) == []


def test_a_refused_file_keeps_its_english_words_in_english(aztui, workdir, monkeypatch):
    monkeypatch.setenv("AZTUI_LANGUAGE", "en")
    orders = workdir / "orders.csv"
    orders.write_text("order_id,purchase_date\n402-9999999-0000001,31/02/2026\n", encoding="utf-8")
    refused = aztui("import", str(orders))
    assert refused.code == 2
    assert (
        "orders.csv:2: column purchase_date: '31/02/2026' is not a valid date (expected ISO "
        "8601, e.g. 2026-11-26T09:00:00+01:00; write the year first)" in refused.err
    )


def test_a_bad_configuration_is_told_in_french_naming_file_and_key(aztui, workdir):
    (workdir / "aztui.toml").write_text('marketplace = "FR"\nalerts = 3\nsotre = "x"\n')
    refused = aztui("check", "--now", NOW)
    assert refused.code == 2
    assert "aztui.toml : alerts : attendu : une table, trouvé : 3" in refused.err
    assert "aztui.toml : clé inconnue 'sotre' (vouliez-vous dire 'store' ?)" in refused.err
    (workdir / "aztui.toml").write_text('marketplace = "FR"\npolicy = [\n')
    broken = aztui("check", "--now", NOW)
    assert "aztui.toml : ligne 2, colonne 11 (fin du fichier) : TOML invalide" in broken.err
    (workdir / "aztui.toml").write_text('marketplace = "FR"\ndb = { env = "AZTUI_TEST_NO_DB" }\n')
    secret = aztui("check", "--now", NOW, db_path=None)
    assert (
        "db : la variable d'environnement AZTUI_TEST_NO_DB n'est pas définie ; il la faut pour "
        'db = { env = "AZTUI_TEST_NO_DB" }' in secret.err
    )
    assert untranslated(refused.err + broken.err + secret.err) == []


def test_an_unreadable_configuration_is_told_in_the_language_it_asks_for(
    aztui, workdir, monkeypatch
):
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    (workdir / "aztui.toml").write_text('language = "en"\npolicy = [\n')
    asked = aztui("check", "--now", NOW)
    assert "aztui.toml: line 2, column 11 (end of file): invalid TOML" in asked.err
    (workdir / "aztui.toml").unlink()
    missing = aztui("--config", "nowhere.toml", "check", "--now", NOW)
    assert "--config : le fichier de configuration" in missing.err  # the locale's
    monkeypatch.setenv("LANG", "C.UTF-8")
    english = aztui("--config", "nowhere.toml", "check", "--now", NOW)
    assert "--config: configuration file" in english.err  # none known: English
    monkeypatch.setenv("AZTUI_MARKETPLACE", "FR")
    french = aztui("--config", "nowhere.toml", "check", "--now", NOW)
    assert "--config : le fichier de configuration" in french.err  # amazon.fr's


def test_a_file_aztui_cannot_read_is_told_in_french(aztui, workdir):
    wide = workdir / "utf16.csv"
    wide.write_bytes("order_id,purchase_date\n402-1,2026-11-25\n".encode("utf-16"))
    utf16 = aztui("import", str(wide))
    assert utf16.code == 2 and "utf16.csv : est un texte UTF-16, qu'aztui ne lit pas" in utf16.err
    short = workdir / "short.csv"
    short.write_text("order_id,purchase_date,status\n402-1\n", encoding="utf-8")
    cut = aztui("import", str(short))
    assert "short.csv, ligne 2 : a 1 champs mais l'en-tête en a 3" in cut.err
    lines = workdir / "orders.jsonl"
    lines.write_text('{"type": "parcel"}\n[1]\n', encoding="utf-8")
    jsonl = aztui("import", str(lines))
    assert "orders.jsonl, ligne 1, colonne type : « parcel » n'est pas un type connu" in jsonl.err
    assert "orders.jsonl, ligne 2 : n'est pas un objet JSON" in jsonl.err
    assert untranslated(utf16.err + cut.err + jsonl.err) == []


def test_a_claim_the_store_would_break_is_told_in_french(aztui, workdir):
    header = "claim_id,order_id,type,filed_at,response_requested_at,responded_at\n"
    first = workdir / "claims.csv"
    first.write_text(header + "C-1,402-x,not_received,2026-11-25T08:00:00Z,2026-11-25T15:00:00Z,\n")
    assert aztui("import", str(first)).code == 0
    later = workdir / "later.csv"
    later.write_text(header + "C-1,402-x,not_received,2026-11-25T16:00:00Z,,\n")
    refused = aztui("import", str(later))
    assert refused.code == 2
    assert (
        "later.csv, ligne 2, colonne response_requested_at : « C-1 » "
        "response_requested_at est antérieur à filed_at" in refused.err
    )
    assert untranslated(refused.err) == []


def test_a_bad_account_health_figure_is_told_in_french(aztui, workdir):
    health = REAL.parent / "account_health.json"
    bad = workdir / "account_health.json"
    bad.write_text(health.read_text(encoding="utf-8").replace('"rate": 0.0167', '"rate": "low"'))
    refused = aztui("import", str(bad))
    assert refused.code == 2 and "rate 'low' n'est pas un nombre" in refused.err
    assert untranslated(refused.err) == []


COMMANDS = (
    (),
    ("import",),
    ("check",),
    ("watch",),
    ("snooze",),
    ("export",),
    ("demo",),
    ("tui",),
    ("serve",),
    ("sync",),
    ("track",),
    ("rederive",),
    ("plugins",),
    ("migrate",),
    ("config",),
    ("config", "show"),
    ("config", "init"),
)


def test_help_speaks_the_language_of_the_configuration(aztui, workdir):
    """``--help`` is built before the configuration is read: its language is read from the
    team file leniently, as an error's is; every command's help is in French."""
    (workdir / "aztui.toml").write_text('marketplace = "FR"\n')
    shown = []
    for command in COMMANDS:
        helped = aztui(*command, "--help", db_path=None)
        assert helped.code == 0 and helped.out.startswith("utilisation : aztui")
        assert "afficher cette aide et quitter" in helped.out
        shown.append(helped.out)
    assert "Importer des fichiers dans le stock" in shown[1]
    assert "importer les bonnes lignes et lister les mauvaises" in shown[1]
    assert untranslated("\n".join(shown)) == []
    (workdir / "aztui.toml").write_text('marketplace = "FR"\nlanguage = "en"\n')
    english = aztui("import", "--help", db_path=None)
    assert english.out.startswith("usage: aztui import")
    assert "import the good rows and list the bad ones" in english.out
    (workdir / "aztui.toml").write_text('marketplace = "FR"\n')
    (workdir / "team.toml").write_text('marketplace = "US"\n')
    given = aztui("--config", "team.toml", "--help", db_path=None)
    assert given.out.startswith("usage: aztui")  # the file --config names, not the nearest


def test_plugins_and_their_failures_are_listed_in_french(aztui, workdir, plugins):
    """``aztui plugins``: its columns, states and hints in French; the plugin's own error as
    it is; ``--json`` keeps its English keys and values."""
    (workdir / "aztui.toml").write_text(
        'marketplace = "FR"\n[channels.off]\ntype = "email"\nenabled = false\n'
    )
    plugins("reminders", faulty.rule())
    (workdir / "orders.csv").write_text(faulty.ORDERS)
    assert aztui("import", "orders.csv").code == 0
    plugins.fix("reminders", 'raise ImportError("needs libvault")\n')
    assert aztui("check", "--now", faulty.NOW).code == 3
    listing = aztui("plugins")
    assert listing.code == 0
    assert "dernier échec (" in listing.out
    assert "l'extension reminders ne se charge pas : ImportError: needs libvault" in listing.out
    assert "aztui plugins -v montre leurs traces d'appels" in listing.out
    rows: dict[str, str] = {}
    for line in listing.out.splitlines():
        if line.strip():
            rows.setdefault(line.split()[0], line)  # a plugin's first line: its state
    assert "en échec" in rows["reminders"] and "désactivé" in rows["off"]
    assert "dernier passage" in listing.out and "jamais" in rows["laposte"]
    assert untranslated(listing.out + listing.err) == []
    as_json = aztui("plugins", "--json").json
    [reminders] = [p for p in as_json["plugins"] if p["name"] == "reminders"]
    assert reminders["status"] == "failed"
    assert {c["name"]: c["status"] for c in as_json["channels"]} == {"off": "disabled"}


def test_an_amazon_report_aztui_does_not_read_is_named_in_french(aztui, workdir):
    settlement = aztui("import", str(REAL / "settlement_v1_us_fba.txt"))
    assert settlement.code == 2
    assert (
        "settlement_v1_us_fba.txt, ligne 1 : ce fichier est un téléchargement d'Amazon qu'aztui "
        "ne lit pas : le rapport de règlement (paiements : ce qu'Amazon a versé) ; pour les "
        "commandes, téléchargez le rapport de toutes les commandes" in settlement.err
    )
    xml = aztui("import", str(REAL / "returns_xml_es_elganso.xml"))
    assert "le rapport de retours au format XML" in xml.err
    assert "téléchargez plutôt le rapport de retours en fichier plat" in xml.err
    assert untranslated(settlement.err + xml.err) == []


def test_why_an_e_mail_was_not_recorded_is_told_in_french(aztui, workdir):
    (workdir / "aztui.toml").write_text(MAIL_CONFIG, encoding="utf-8")
    box = mailbox.mbox(workdir / "export.mbox")
    box.add(build("en_claim_received.eml", signer=None))  # nobody vouches for it
    box.add(mail("en_refund_initiated.eml"))  # Amazon's, of no use to aztui
    box.add(mail("en_claim_received.eml", Subject="Something Amazon never wrote"))
    box.flush()
    box.close()
    run = aztui("import", str(workdir / "export.mbox"))
    assert run.code == 0, run.err
    assert "export.mbox, ligne 1 : refusé : aucune signature DKIM valide de amazon.com" in run.err
    assert "ligne 2 : ignoré : un e-mail d'Amazon dont aztui n'a pas l'usage" in run.err
    assert "ligne 3 : non reconnu : un e-mail d'Amazon qu'aucun motif ne reconnaît (modèle " in (
        run.err
    )
    assert untranslated(run.out + run.err) == []


def test_an_account_health_report_of_a_shape_aztui_does_not_know_is_told_in_french(aztui, workdir):
    listed = workdir / "account_health.json"
    listed.write_text("[1, 2]\n", encoding="utf-8")
    as_list = aztui("import", "--kind", "amazon-account-health", str(listed))
    assert as_list.code == 2
    assert (
        "account_health.json : est une liste JSON, pas le rapport sur la santé du compte "
        "(GET_V2_SELLER_PERFORMANCE_REPORT), un objet avec une liste performanceMetrics"
    ) in as_list.err
    health = json.loads((REAL.parent / "account_health.json").read_text(encoding="utf-8"))
    health["performanceMetrics"][0]["orderDefectRate"]["mfn"]["reportingDateRange"] = []
    windowed = workdir / "windowed.json"
    windowed.write_text(json.dumps(health), encoding="utf-8")
    window = aztui("import", str(windowed))
    assert window.code == 2 and "reportingDateRange n'est pas un objet : une liste" in window.err
    assert untranslated(as_list.err + window.err) == []


def test_a_validators_words_and_a_plugins_options_are_told_in_french(
    aztui, workdir, monkeypatch, install_plugin
):
    (workdir / "aztui.toml").write_text(
        'marketplace = "FR"\ntimezone = "Europe/Pari"\n[mail]\nanswers_from = "outbox"\n'
    )
    refused = aztui("check", "--now", NOW)
    assert refused.code == 2
    assert (
        "aztui.toml : timezone : attendu : un fuseau horaire IANA comme 'Europe/Paris', "
        "trouvé : 'Europe/Pari' (vouliez-vous dire 'Europe/Paris' ?)" in refused.err
    )
    assert (
        "aztui.toml : mail.answers_from : attendu : l'une des valeurs 'sent', 'amazon', "
        'trouvé : "outbox"' in refused.err
    )
    install_plugin("optcarrier", "aztui_optcarrier", source=OPTIONED_CARRIER)
    (workdir / "aztui.toml").write_text(
        'marketplace = "FR"\n[carriers.optcarrier]\noptions = { service = "train", days = "x" }\n'
    )
    carrier = aztui("check", "--now", NOW)
    assert carrier.code == 2
    assert (
        "carriers.optcarrier.options.service : attendu : l'une des valeurs 'parcel', 'express', "
        'trouvé : "…"' in carrier.err
    )
    assert (
        'carriers.optcarrier.options.days : attendu : un nombre entier, trouvé : "…"' in carrier.err
    )
    monkeypatch.setenv("AZTUI_CHANNEL_OPS_SIGNING_SECRET", "s3cr3t-s1gn1ng")
    (workdir / "aztui.toml").write_text(
        'marketplace = "FR"\n[channels.ops]\ntype = "webhook"\n'
        'options = { url = "http://127.0.0.1:9/hook", retries = 3 }\n'
    )
    listing = aztui("plugins")
    assert (
        "indisponible : clé inconnue 'channels.ops.options.retries' (valides ici : headers, "
        "timeout_seconds, url)" in " ".join(listing.out.replace("│", " ").split())
    )
    assert untranslated(refused.err + carrier.err + listing.out + listing.err) == []


def test_a_channel_that_cannot_send_is_told_in_french(aztui, workdir):
    assert aztui("demo", "--report", "--now", NOW, db_path=workdir / "store.db").code == 0
    (workdir / "aztui.toml").write_text(
        'marketplace = "FR"\n[channels.ops]\ntype = "webhook"\n'
        'options = { url = "http://127.0.0.1:9/hook", retries = 3 }\n'
    )
    run = aztui("check", "--notify", "--now", NOW)
    assert run.code == 3
    assert run.err.splitlines()[-1] == (
        "aztui : le canal ops n'a pas pu envoyer : clé inconnue 'channels.ops.options.retries' "
        "(valides ici : headers, timeout_seconds, url)"
    )
    assert untranslated(run.err.splitlines()[-1]) == []  # above it, the pass's log lines


def test_a_command_line_argparse_refuses_is_told_in_french(aztui, workdir):
    (workdir / "aztui.toml").write_text('marketplace = "FR"\n')
    missing = aztui("snooze", db_path=None)
    assert missing.code == 2
    assert missing.err.startswith("utilisation : aztui snooze")
    assert "aztui snooze : erreur : ces arguments manquent : subject" in missing.err
    kind = aztui("import", "--kind", "nope", "x.csv", db_path=None)
    assert "aztui import : erreur : argument --kind : choix invalide : 'nope' (au choix : " in (
        kind.err
    )
    port = aztui("serve", "--port", "0", db_path=None)
    assert "argument --port : '0' n'est pas un numéro de port (de 1 à 65535)" in port.err
    unknown = aztui("check", "--bogus", db_path=None)
    assert "aztui : erreur : arguments non reconnus : --bogus" in unknown.err
    assert untranslated(missing.err + kind.err + port.err + unknown.err) == []


def test_a_starter_file_that_exists_is_told_in_french(aztui, workdir):
    (workdir / "aztui.toml").write_text('marketplace = "FR"\n')
    again = aztui("config", "init", db_path=None)
    assert again.code == 2
    assert "aztui.toml : existe déjà ; aztui ne le remplace pas (utilisez --force)" in again.err
    assert untranslated(again.err) == []


def test_a_bad_now_and_a_missing_inbox_are_told_in_french(aztui, workdir):
    assert aztui("demo", "--report", "--now", NOW, db_path=workdir / "store.db").code == 0
    now = aztui("check", "--now", "hier")
    assert now.code == 2
    assert "--now : 'hier' n'est pas un instant ISO 8601 (par exemple 2026-11-26T09:00:00Z)" in (
        now.err
    )
    inbox = aztui("import", "--inbox")
    assert inbox.code == 2 and "aucun dossier de dépôt n'est configuré" in inbox.err
    assert untranslated(now.err + inbox.err) == []


def test_a_wrong_theme_or_key_of_the_app_is_told_in_french(aztui, workdir):
    assert aztui("demo", "--report", "--now", NOW, db_path=workdir / "store.db").code == 0
    (workdir / "aztui.toml").write_text('marketplace = "FR"\n[tui]\ntheme = "aztui-drak"\n')
    theme = aztui("tui")  # refused before the app opens
    assert theme.code == 2
    assert "tui.theme : thème inconnu 'aztui-drak' (vouliez-vous dire 'aztui-dark' ?)" in theme.err
    (workdir / "aztui.toml").write_text(
        'marketplace = "FR"\n[tui]\nkeys = { "pane.claim" = "c" }\n'
    )
    keys = aztui("tui")
    assert "tui.keys : action inconnue 'pane.claim' (vouliez-vous dire 'pane.claims' ?)" in (
        keys.err
    )
    assert untranslated(theme.err + keys.err) == []


def test_a_credential_in_the_team_file_is_told_in_french(aztui, workdir):
    (workdir / "aztui.toml").write_text(
        'marketplace = "FR"\n[channels.ops]\ntype = "webhook"\n'
        'options = { url = "https://bob:hunter22@hook.example/x" }\n'
    )
    refused = aztui("check", "--now", NOW)
    assert refused.code == 2 and "hunter22" not in refused.err
    assert (
        "aztui.toml : channels.ops.options.url : une URL avec un mot de passe "
        "(utilisateur:mot_de_passe@) : un identifiant ne s'écrit pas dans le fichier "
        "d'équipe, qui est partagé ; écrivez l'URL sans utilisateur:mot_de_passe@, ou un secret "
        "que l'extension lit va dans AZTUI_CHANNEL_OPS_URL" in refused.err
    )
    assert untranslated(refused.err) == []
