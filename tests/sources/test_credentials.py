"""A source's new secret (an OAuth server rotating the refresh token) kept where it was read:
a secret file rewritten whole, its shape, mode and link kept; anywhere else, used for the
rest of the run and told once, without the secret."""

from __future__ import annotations

import json
import os
import stat
import uuid
from pathlib import Path

import pytest

from aztui.config.schema import SecretRef
from aztui.redact import redact
from aztui.sources.credentials import kept_credentials

ORIGIN = "/home/seller/.config/aztui/aztui.toml"


def token(tag: str) -> str:
    return f"{tag}-{uuid.uuid4().hex}"


def source() -> str:
    return f"mail-{uuid.uuid4().hex[:8]}"


def secret_file(tmp_path: Path, text: str, mode: int = 0o600) -> Path:
    path = tmp_path / "secrets" / "mail-token"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    path.chmod(mode)
    return path


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "aztui.sources"]


def test_a_bare_token_in_a_secret_file_is_rewritten_with_its_mode(tmp_path, caplog):
    old, new, name = token("old"), token("new"), source()
    path = secret_file(tmp_path, f"{old}\n", mode=0o640)
    where = SecretRef(file=str(path))
    secret, keep = kept_credentials(name, where, old, ORIGIN)
    assert secret == old
    assert keep(new) is None
    assert path.read_text() == f"{new}\n"  # its line break kept
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in path.parent.iterdir()) == ["mail-token"]  # no file left
    assert kept_credentials(name, where, new, ORIGIN)[0] == new
    assert warnings(caplog) == []
    assert redact(f"it was {new}") == "it was ***"


def test_a_json_secret_is_rewritten_whole(tmp_path):
    """The source gives the whole secret in its shape (the IMAP source's JSON with its
    client_secret: tests/imap/test_imap_rotation.py); the file holds exactly that."""
    old, new, client_secret = token("old"), token("new"), token("cs")
    text = json.dumps({"refresh_token": old, "client_secret": client_secret}, indent=2)
    path = secret_file(tmp_path, text + "\n")
    _, keep = kept_credentials(source(), SecretRef(file=str(path)), text, ORIGIN)
    assert keep(text.replace(old, new)) is None
    written = path.read_text()
    assert json.loads(written) == {"refresh_token": new, "client_secret": client_secret}
    assert written == text.replace(old, new) + "\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_symbolic_link_stays_and_the_file_it_names_is_rewritten(tmp_path):
    old, new = token("old"), token("new")
    target = secret_file(tmp_path, old)
    link = tmp_path / "config" / "token-link"
    link.parent.mkdir()
    link.symlink_to(target)
    _, keep = kept_credentials(source(), SecretRef(file=str(link)), old, ORIGIN)
    assert keep(new) is None
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == new
    assert sorted(p.name for p in link.parent.iterdir()) == ["token-link"]


def test_a_read_only_file_is_told_and_the_new_secret_still_used(tmp_path, caplog):
    old, new, newer, name = token("old"), token("new"), token("newer"), source()
    path = secret_file(tmp_path, old, mode=0o400)
    where = SecretRef(file=str(path))
    _, keep = kept_credentials(name, where, old, ORIGIN)
    told = keep(new)
    assert told is not None and f"secret file {path}" in told and "read-only" in told
    assert path.read_text() == old
    secret, keep = kept_credentials(name, where, old, ORIGIN)  # the next sync of this run
    assert secret == new
    assert keep(newer) is not None
    assert kept_credentials(name, where, old, ORIGIN)[0] == newer
    assert warnings(caplog) == [told]  # once a run, not at every rotation
    assert not any(t in told for t in (old, new, newer))


def test_an_environment_variable_is_never_changed_and_named(caplog, monkeypatch):
    old, new, name = token("old"), token("new"), source()
    monkeypatch.setenv("AZTUI_TEST_MAIL_TOKEN", old)
    where = SecretRef(env="AZTUI_TEST_MAIL_TOKEN")
    _, keep = kept_credentials(name, where, old, ORIGIN)
    told = keep(new)
    assert told is not None
    assert f"source {name}:" in told and "environment variable AZTUI_TEST_MAIL_TOKEN" in told
    assert 'credentials = { file = "path" }' in told
    assert old not in told and new not in told
    assert os.environ["AZTUI_TEST_MAIL_TOKEN"] == old
    assert kept_credentials(name, where, old, ORIGIN)[0] == new
    assert keep(new) is None  # the same secret again: nothing new to keep
    assert warnings(caplog) == [told]


def test_a_literal_names_the_file_it_is_written_in(caplog):
    old, new, name = token("old"), token("new"), source()
    _, keep = kept_credentials(name, old, old, ORIGIN)
    told = keep(new)
    assert told is not None and f"the credentials written in {ORIGIN}" in told
    assert kept_credentials(name, old, old, ORIGIN)[0] == new
    assert warnings(caplog) == [told]


def test_a_secret_file_changed_meanwhile_is_left_as_it_is(tmp_path, caplog):
    old, new, pasted, name = token("old"), token("new"), token("pasted"), source()
    path = secret_file(tmp_path, old)
    where = SecretRef(file=str(path))
    _, keep = kept_credentials(name, where, old, ORIGIN)
    path.write_text(pasted)  # the seller pasted a token of their own while aztui ran
    assert keep(new) is None
    assert path.read_text() == pasted
    assert kept_credentials(name, where, pasted, ORIGIN)[0] == pasted  # theirs is used
    assert warnings(caplog) == []
