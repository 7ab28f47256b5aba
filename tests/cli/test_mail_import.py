"""``aztui import`` of Amazon's e-mails (.eml, mbox) and the inbox folder, through read_mail:
what they say is kept, the same e-mail twice changes nothing, and nothing of a buyer — name,
address, phone, relay address, words — reaches the store, its WAL, the output or an export."""

from __future__ import annotations

import mailbox
from pathlib import Path

import pytest

from aztui.sources import inbox as inbox_module
from tests.mail.mails import build

TRUSTED = "mx.seller.example; dkim=pass header.d={domain}; spf=pass"
CONFIG = "[mail]\ntrust_authentication_results = true\n"
BUYER = [
    "Tobias Fakename",
    "42 Nowhere Lane",
    "Ivana Fauxnom",
    "+1 555 010 0000",
    "f4k3r3l4y0buy3r",
    "Dana Makebelieve",
    "Héloïse Imaginaire",
    "7 rue Fictive",
    "Robin Pretend",
    "Zelda Secretbuyer",
    "has this order been cancelled",
]


def mail(name: str, **headers: str) -> bytes:
    """A fixture the seller's mail server vouches for (Authentication-Results, trusted)."""
    sender = str(build(name, signer=None).split(b"From: ", 1)[1].split(b"\r\n", 1)[0])
    domain = sender.rsplit("@", 1)[1].rstrip(">'").strip()
    values = {"Authentication-Results": TRUSTED.format(domain=domain), **headers}
    return build(name, signer=None, headers=values)


@pytest.fixture
def configured(workdir: Path) -> Path:
    (workdir / "aztui.toml").write_text(CONFIG, encoding="utf-8")
    return workdir


def test_an_eml_claim_is_imported_and_the_same_e_mail_again_changes_nothing(aztui, configured):
    path = configured / "claim.eml"
    path.write_bytes(mail("en_claim_received.eml"))
    run = aztui("import", str(path))
    assert run.code == 0, run.err
    assert "1 réclamation(s) importée(s)" in run.out
    first = aztui("export", "--format", "jsonl")
    again = aztui("import", str(path))
    assert again.code == 0, again.err
    assert aztui("export", "--format", "jsonl").out == first.out
    assert '"claim_id": "email:114-0000001-0000001:not_received"' in first.out
    assert '"response_requested_at": "2026-11-09T14:05:00Z"' in first.out
    check = aztui("check", "--json", "--now", "2026-11-10T09:00:00Z")
    due = [d for d in check.json["deadlines"] if d["rule"] == "claim_response"]
    assert [d["due"] for d in due] == ["2026-11-12T14:05:00Z"]  # three days after the Date


def test_a_forged_e_mail_in_an_mbox_is_refused_and_told_without_its_content(aztui, configured):
    box = mailbox.mbox(configured / "export.mbox")
    box.add(mail("en_buyer_message.eml"))
    box.add(build("en_claim_received.eml", signer=None))  # nobody vouches for it
    box.add(mail("en_refund_initiated.eml"))
    box.flush()
    box.close()
    run = aztui("import", str(configured / "export.mbox"))
    assert run.code == 0, run.err
    assert "1 message(s) importé(s)" in run.out
    assert "export.mbox, ligne 2 : refusé : aucune signature DKIM valide de amazon.com" in run.err
    assert "export.mbox, ligne 3 : ignoré" in run.err
    assert (
        "export.mbox : 1 e-mail(s) enregistré(s), 1 refusé(s) (non signé(s) par Amazon)\n"
        in run.out
    )
    plugins = aztui("plugins", "--json")
    assert [(m["source"], m["recorded"], m["refused"]) for m in plugins.json["mail"]] == [
        ("import", 1, 1)
    ]
    for value in BUYER:
        assert value not in run.out + run.err


def test_an_e_mail_dropped_in_the_inbox_is_read_and_moved(aztui, configured, monkeypatch):
    (configured / "aztui.toml").write_text('inbox = "mail"\n' + CONFIG, encoding="utf-8")
    monkeypatch.setattr(inbox_module, "SETTLE_SECONDS", 0.1)
    folder = configured / "mail"
    folder.mkdir()
    (folder / "return.eml").write_bytes(mail("en_return_request.eml"))
    run = aztui("import", "--inbox")
    assert run.code == 0, run.err
    assert "return.eml : importé : 1 retour(s) importé(s); 1 e-mail(s) enregistré(s)" in run.out
    assert (folder / "done" / "return.eml").is_file()


def test_nothing_of_a_buyer_is_stored_printed_or_exported(aztui, configured):
    unknown = mail(
        "en_buyer_message.eml",
        Subject="Delivery feedback from Zelda Secretbuyer (Order: 701-0000004-0000004)",
    )
    names = {
        "en_claim_received.eml": mail("en_claim_received.eml"),
        "en_buyer_message.eml": mail("en_buyer_message.eml"),
        "fr_en_buyer_message.html.eml": mail("fr_en_buyer_message.html.eml"),
        "en_return_request.eml": mail("en_return_request.eml"),
        "en_new_order.eml": mail("en_new_order.eml"),
        "unknown.eml": unknown,
    }
    outputs = []
    for name, raw in names.items():
        path = configured / name
        path.write_bytes(raw)
        run = aztui("import", str(path))
        assert run.code == 0, run.err
        outputs += [run.out, run.err]
    exports = configured / "exports"
    exports.mkdir()
    outputs.append(aztui("export", "--format", "jsonl", "-o", str(exports / "all.jsonl")).err)
    for record_type in ("order", "claim", "message", "return"):
        target = exports / f"{record_type}.csv"
        outputs.append(
            aztui("export", "--format", "csv", "--type", record_type, "-o", str(target)).err
        )
    outputs.append(aztui("check", "--json", "--now", "2026-12-09T09:00:00Z").out)
    stored = [p.read_bytes() for p in configured.glob("store.db*")]
    stored += [p.read_bytes() for p in exports.iterdir()]
    assert any(b"114-0000001-0000001" in data for data in stored)  # the claim is there…
    for value in BUYER:  # …and nobody's data
        for text in outputs:
            assert value not in text
        for data in stored:
            assert value.encode() not in data


def test_the_fixtures_really_hold_the_buyer_data_searched_for():
    """The privacy test above can fail: every value it searches is in some e-mail it reads."""
    raw = b"".join(
        (Path(__file__).parents[1] / "mail" / "fixtures" / "real" / n).read_bytes()
        for n in (
            "en_claim_received.eml",
            "en_buyer_message.eml",
            "fr_en_buyer_message.html.eml",
            "en_return_request.eml",
            "en_new_order.eml",
        )
    )
    missing = [v for v in BUYER if v.encode() not in raw and v != "Zelda Secretbuyer"]
    assert not missing


def test_the_mbox_of_a_mail_client_is_read_whole(aztui, configured):
    box = mailbox.mbox(configured / "all.mbox")
    for name in ("en_claim_received.eml", "en_claim_decision_granted.eml"):
        box.add(mail(name))
    box.flush()
    box.close()
    run = aztui("import", str(configured / "all.mbox"))
    assert run.code == 0, run.err
    assert "2 réclamation(s) importée(s)" in run.out
