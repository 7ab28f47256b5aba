"""``aztui import --marketplace``: the marketplace of a download that does not say its own,
told by the import, never written over one the store holds; US formats read end to end."""

from __future__ import annotations

import json
import shutil
import sqlite3

from aztui.sources import inbox as inbox_module
from tests.cli.test_import_export import store_state
from tests.ingest.helpers import FIXTURES

AMAZON = FIXTURES / "amazon"
UNSHIPPED_IN = AMAZON / "real" / "unshipped_in.txt"


def marketplaces(aztui) -> dict[str, str | None]:
    run = aztui("export", "--format", "jsonl", "--type", "order")
    assert run.code == 0, run.err
    lines = [json.loads(line) for line in run.out.splitlines() if line.strip()]
    return {o["order_id"]: o.get("marketplace") for o in lines if o.get("type") == "order"}


def test_unshipped_orders_take_the_configured_marketplace_and_say_so(aztui):
    run = aztui("import", str(UNSHIPPED_IN))
    assert run.code == 0, run.err
    assert (
        f"{UNSHIPPED_IN} : rapport commandes non expédiées : marketplace FR "
        "(d'après la configuration)" in run.out
    )
    found = marketplaces(aztui)
    assert len(found) == 13 and set(found.values()) == {"FR"}


def test_unshipped_orders_take_the_marketplace_given_on_the_command_line(aztui, workdir):
    (workdir / "aztui.toml").write_text('marketplace = "UK"\n', encoding="utf-8")
    run = aztui("import", "--marketplace", "de", str(UNSHIPPED_IN))
    assert run.code == 0, run.err
    assert "unshipped orders report: marketplace DE (from --marketplace)" in run.out
    assert set(marketplaces(aztui).values()) == {"DE"}


def test_a_marketplace_a_report_states_is_never_overwritten(aztui, workdir):
    """all_orders_fr.txt says Amazon.de for 171-4444444-4444444: an unshipped report of the
    same order, read with FR, keeps DE (and says so); its other order takes FR."""
    assert aztui("import", str(AMAZON / "all_orders_fr.txt")).code == 0
    unshipped = (AMAZON / "unshipped_fr.txt").read_text(encoding="utf-8-sig")
    assert unshipped.count("403-2222222-2222222") == 1
    path = workdir / "unshipped.txt"
    path.write_text(unshipped.replace("403-2222222-2222222", "171-4444444-4444444"), "utf-8")
    run = aztui("import", str(path))
    assert run.code == 0, run.err
    assert (
        "rapport commandes non expédiées : marketplace FR (d'après la configuration); "
        "1 commande(s) gardent la marketplace que le stock connaît déjà" in run.out
    )
    found = marketplaces(aztui)
    assert found["171-4444444-4444444"] == "DE" and found["405-5555555-5555555"] == "FR"


def test_all_orders_keep_each_rows_sales_channel_with_marketplace_given(aztui):
    run = aztui("import", "--marketplace", "US", str(AMAZON / "all_orders_fr.txt"))
    assert run.code == 0, run.err
    assert "marketplace US" not in run.out  # the report names each row's marketplace
    found = marketplaces(aztui)
    assert found["402-1111111-1111111"] == "FR" and found["171-4444444-4444444"] == "DE"


def test_us_feedback_reads_with_marketplace_us_in_the_configuration(aztui, workdir):
    (workdir / "aztui.toml").write_text('marketplace = "US"\n', encoding="utf-8")
    run = aztui("import", str(AMAZON / "feedback_us.txt"))
    assert run.code == 0, run.err
    assert "feedback report: marketplace US (from the configuration)" in run.out
    assert "1 feedback record(s) imported" in run.out
    shown = aztui("config", "show")
    assert shown.code == 0 and 'marketplace = "US"' in shown.out
    assert 'timezone = "America/Los_Angeles"' in shown.out


def test_us_feedback_reads_with_marketplace_us_on_the_command_line(aztui, workdir):
    assert aztui("import", str(AMAZON / "feedback_us.txt")).code == 2  # 11/24/26 is no FR date
    run = aztui("import", "--marketplace", "US", str(AMAZON / "feedback_us.txt"))
    assert run.code == 0, run.err
    with sqlite3.connect(workdir / "store.db") as db:
        assert db.execute("SELECT order_id FROM feedback").fetchall() == [("113-7777777-7777777",)]


def test_an_unknown_marketplace_is_refused_with_the_accepted_ones(aztui, workdir, monkeypatch):
    monkeypatch.setenv("AZTUI_LANGUAGE", "en")  # argparse's refusal, in English (not the locale's)
    assert aztui("import", str(AMAZON / "feedback_fr.txt")).code == 0
    before = store_state(workdir / "store.db")
    run = aztui("import", "--marketplace", "JP", str(UNSHIPPED_IN))
    assert run.code == 2
    assert "invalid choice: 'JP'" in run.err
    assert "'FR', 'DE', 'ES', 'IT', 'UK', 'NL', 'BE', 'PL', 'SE', 'IE', 'US'" in run.err
    assert store_state(workdir / "store.db") == before


def test_the_inbox_says_which_marketplace_a_download_took(aztui, workdir, monkeypatch):
    monkeypatch.setattr(inbox_module, "SETTLE_SECONDS", 0.3)
    (workdir / "aztui.toml").write_text('inbox = "downloads"\nmarketplace = "NL"\n', "utf-8")
    (workdir / "downloads").mkdir()
    shutil.copy(UNSHIPPED_IN, workdir / "downloads" / "unshipped.txt")
    run = aztui("import", "--inbox")
    assert run.code == 0, run.err
    assert (
        "inbox/unshipped.txt: imported: 13 order record(s) imported; unshipped orders report: "
        "marketplace NL "
        "(from the configuration)" in run.out
    )
    assert set(marketplaces(aztui).values()) == {"NL"}
