"""A refresh token the OAuth server rotates, never lost: against the real Dovecot and the local
token endpoint (.ci/oauth_endpoint.py), whose rotating tokens are each good for one exchange,
so a sync that did not keep the new one could not log in again.

Transport-level, as test_imap_sync.py: ``read_mail`` is the fake of conftest.py."""

from __future__ import annotations

import asyncio
import json
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from aztui_source_imap.oauth import access_token, with_refresh_token
from aztui_source_imap.options import parse_options
from imap_dovecot import (
    REFRESH_VARIABLE,
    Mailbox,
    configure_oauth,
    no_token_in,
    oauth_options,
    seed,
)
from imap_messages import message

from aztui.testing import PATIENCE, wait_until

ROTATED = "its server gave a new secret (an OAuth server rotating the refresh token)"


def logins(mailbox: Mailbox) -> int:
    said = f"Login: user=<{mailbox.user}>, method=XOAUTH2"
    return sum(said in line for line in mailbox.server.log().splitlines())


def stored(tmp_path: Path) -> str:
    return "".join(p.read_bytes().decode("latin-1") for p in tmp_path.glob("store.db*"))


def sync_in_a_new_process(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``aztui sync`` as the next cron run: nothing kept in memory from the one before."""
    return subprocess.run(
        [sys.executable, "-m", "aztui", "--db", str(tmp_path / "store.db"), "sync"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )


@pytest.mark.parametrize("shape", ["bare", "json"])
def test_a_rotated_token_is_written_to_the_secret_file(run, tmp_path, mailbox, reader, shape):
    first, client_secret = seed(mailbox), f"cs-{uuid.uuid4().hex}"
    text = (
        first
        if shape == "bare"
        else json.dumps({"refresh_token": first, "client_secret": client_secret}, indent=2)
    )
    path = tmp_path / "secrets" / "mail-token"
    path.parent.mkdir()
    path.write_text(text + "\n")
    path.chmod(0o600)
    configure_oauth(tmp_path, mailbox, json.dumps({"file": str(path)}).replace(":", " ="))
    mailbox.deliver(message("html", "402-0000001-0000001"))

    code, out, err = run("sync")
    assert code == 0, err
    assert "mail: synced: 1 order" in out
    kept = path.read_text()
    assert kept.endswith("\n") and stat.S_IMODE(path.stat().st_mode) == 0o600
    if shape == "json":
        data = json.loads(kept)
        assert list(data) == ["refresh_token", "client_secret"]
        assert data["client_secret"] == client_secret
        new = data["refresh_token"]
    else:
        new = kept.rstrip("\n")
    assert new.startswith(f"rot-{mailbox.user}.") and new != first
    assert sorted(p.name for p in path.parent.iterdir()) == ["mail-token"]

    # The next run reads the file again: the first token is spent, the new one logs in.
    again = sync_in_a_new_process(tmp_path)
    assert again.returncode == 0, again.stderr
    assert "mail: synced: nothing new" in again.stdout
    assert path.read_text() != kept  # rotated once more, kept once more
    wait_until(lambda: logins(mailbox) == 2, "two XOAUTH2 logins in Dovecot's log")
    no_token_in(mailbox, out, err, again.stdout, again.stderr, stored(tmp_path))
    assert ROTATED not in err + again.stderr  # kept: nothing to tell


def test_a_rotated_token_in_a_variable_is_used_and_told(
    run, tmp_path, mailbox, reader, monkeypatch
):
    first = seed(mailbox)
    monkeypatch.setenv(REFRESH_VARIABLE, first)
    configure_oauth(tmp_path, mailbox, f'{{ env = "{REFRESH_VARIABLE}" }}')
    mailbox.deliver(message("html", "402-0000001-0000001"))

    code, out, err = run("sync")
    assert code == 0, err
    assert "mail: synced: 1 order" in out
    assert f"source mail: {ROTATED}" in err
    assert f"put a new one in environment variable {REFRESH_VARIABLE}" in err

    # Later syncs of the same run (aztui watch, the app) use the new token, told once.
    mailbox.deliver(message("html", "402-0000002-0000002"))
    code, again, said = run("sync")
    assert code == 0, said
    assert "mail: synced: 1 order" in again
    assert ROTATED not in said
    wait_until(lambda: logins(mailbox) == 2, "two XOAUTH2 logins in Dovecot's log")

    # Which is why it is told: a new run with the variable unchanged is refused.
    refused = sync_in_a_new_process(tmp_path)
    assert refused.returncode != 0
    assert "refused the refresh token (invalid_grant)" in refused.stdout + refused.stderr
    no_token_in(mailbox, out, err, again, said, refused.stdout, refused.stderr, stored(tmp_path))


def test_a_read_only_secret_file_is_told_and_the_sync_goes_on(run, tmp_path, mailbox, reader):
    first = seed(mailbox)
    path = tmp_path / "mail-token"
    path.write_text(first)
    path.chmod(0o400)
    configure_oauth(tmp_path, mailbox, json.dumps({"file": str(path)}).replace(":", " ="))

    code, out, err = run("sync")
    assert code == 0, err
    assert "mail: synced: nothing new" in out
    assert f"put a new one in secret file {path}" in err and "it is read-only" in err
    assert path.read_text() == first

    code, again, said = run("sync")  # the same run: the new token, not the spent one
    assert code == 0, said
    assert "mail: synced: nothing new" in again
    no_token_in(mailbox, out, err, again, said)


async def test_sessions_logging_in_together_share_one_exchange(mailbox: Mailbox):
    """One session per folder under IDLE: a token good for one exchange is sent once."""
    kept: list[str] = []
    options = parse_options(
        "mail", {**oauth_options(mailbox), "folders": ["INBOX"]}, None, kept.append
    )
    first = seed(mailbox)
    tokens = await asyncio.gather(*(access_token(options, first) for _ in range(3)))
    assert len(set(tokens)) == 1
    assert len(kept) == 1 and kept[0].startswith(f"rot-{mailbox.user}.") and kept[0] != first
    assert await access_token(options, kept[0])  # the new one is good for the next


def test_the_new_token_keeps_the_secret_s_shape():
    assert with_refresh_token("  old-token\n", "new-token") == "new-token"
    compact = '{"client_id_note": "été", "refresh_token": "old", "client_secret": "cs"}'
    assert with_refresh_token(compact, "new") == compact.replace('"old"', '"new"')
    indented = '{\n    "refresh_token": "old",\n    "client_secret": "cs"\n}'
    assert with_refresh_token(indented, "new") == indented.replace('"old"', '"new"')
