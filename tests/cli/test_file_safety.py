"""Hostile files change nothing: no write of aztui follows a symbolic link or leaves its
folder, every name shown is escaped, and what aztui creates is the user's alone."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from aztui.domain.engine import Engine
from aztui.domain.policy import Policy
from aztui.sources import inbox as inbox_module
from aztui.store.sqlite import SQLiteStore
from tests.cli.test_check import NOW, ORDERS

BAD_ORDERS = ORDERS.replace("2026-11-24T10:00:00Z", "2026-02-30")
HOSTILE = "orders\x1b[2J\n[INFO] fake\x07.csv"
"""A name that clears the screen, rings the bell and forges a log line, printed raw."""
SHOWN = "orders\\x1b[2J\\n[INFO] fake\\x07.csv"
PRECIOUS = "the user's own file, which no link may make aztui overwrite\n"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path, follow_symlinks=False).st_mode)


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """The umask most systems ship: without explicit modes, files would be 0644."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


@pytest.fixture
def inbox(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (workdir / "aztui.toml").write_text('inbox = "downloads"\n', encoding="utf-8")
    folder = workdir / "downloads"
    folder.mkdir()
    monkeypatch.setattr(inbox_module, "SETTLE_SECONDS", 0.3)
    return folder


@pytest.fixture
def precious(workdir: Path) -> Path:
    path = workdir / "precious.txt"
    path.write_text(PRECIOUS, encoding="utf-8")
    return path


def assert_no_raw_controls(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text
    assert not any(line.startswith("[INFO] fake") for line in text.splitlines())


# -- the inbox --------------------------------------------------------------------------------


def test_a_link_planted_at_the_error_note_is_left_alone(aztui, inbox, precious):
    (inbox / "failed").mkdir()
    (inbox / "failed" / "orders.csv.error.txt").symlink_to(precious)
    (inbox / "orders.csv").write_text(BAD_ORDERS, encoding="utf-8")
    run = aztui("import", "--inbox")
    assert run.code == 2
    assert precious.read_text(encoding="utf-8") == PRECIOUS
    assert os.readlink(inbox / "failed" / "orders.csv.error.txt") == str(precious)
    assert "failed/orders.csv.error.txt: a symbolic link, left as it is" in run.err
    notes = [p for p in (inbox / "failed").iterdir() if not p.is_symlink()]
    [note] = [p for p in notes if p.name.endswith(".error.txt")]
    [moved] = [p for p in notes if p.suffix == ".csv"]
    assert note.name == moved.name + ".error.txt" and moved.name != "orders.csv"
    assert "column purchase_date: '2026-02-30'" in note.read_text(encoding="utf-8")
    assert str(moved) in run.err


@pytest.mark.parametrize(("folder", "content"), [("done", ORDERS), ("failed", BAD_ORDERS)])
def test_a_linked_done_or_failed_folder_is_refused(aztui, workdir, inbox, folder, content):
    elsewhere = workdir / "elsewhere"
    elsewhere.mkdir()
    (inbox / folder).symlink_to(elsewhere, target_is_directory=True)
    (inbox / "orders.csv").write_text(content, encoding="utf-8")
    run = aztui("import", "--inbox")
    assert run.code == 2
    assert list(elsewhere.iterdir()) == []
    assert (inbox / "orders.csv").read_text(encoding="utf-8") == content  # kept, not lost
    assert "inbox/orders.csv : gardé :" in run.err
    assert f"{inbox / folder} is a symbolic link" in run.err


def test_a_link_dropped_in_the_inbox_is_not_followed(aztui, workdir, inbox, precious):
    real = workdir / "orders-elsewhere.csv"
    real.write_text(ORDERS, encoding="utf-8")
    (inbox / "orders.csv").symlink_to(real)
    (inbox / "secret.csv").symlink_to(precious)
    run = aztui("import", "--inbox")
    assert run.code == 2
    assert "inbox/orders.csv : refusé :" in run.err and "a symbolic link" in run.err
    assert aztui("check", "--json", "--now", NOW).json["deadlines"] == []  # nothing imported
    assert (inbox / "failed" / "orders.csv").is_symlink()  # the link moved, not its target
    assert real.read_text(encoding="utf-8") == ORDERS
    assert precious.read_text(encoding="utf-8") == PRECIOUS
    assert PRECIOUS.strip() not in run.out + run.err


def test_a_hostile_name_is_shown_escaped_in_the_inbox_and_its_note(aztui, inbox):
    (inbox / HOSTILE).write_text(BAD_ORDERS, encoding="utf-8")
    (inbox / ("good\x1b]0;owned\x07.csv")).write_text(ORDERS, encoding="utf-8")
    run = aztui("import", "--inbox")
    assert run.code == 2
    assert f"inbox/{SHOWN} : refusé : " in run.err
    assert "inbox/good\\x1b]0;owned\\x07.csv : importé : 2 commande(s)" in run.out
    assert_no_raw_controls(run.out + run.err)
    note = (inbox / "failed" / (HOSTILE + ".error.txt")).read_text(encoding="utf-8")
    assert SHOWN in note
    assert_no_raw_controls(note)


def test_a_hostile_name_is_escaped_in_the_watch_log(aztui, inbox):
    (inbox / HOSTILE).write_text(BAD_ORDERS, encoding="utf-8")
    run = aztui("watch", "--once")
    assert f"inbox {SHOWN}: failed: " in run.err
    assert_no_raw_controls(run.out + run.err)


@pytest.mark.usefixtures("in_english")  # the English words of a refused file
def test_a_hostile_name_is_escaped_when_imported_by_name(aztui, workdir):
    bad = workdir / HOSTILE
    bad.write_text(BAD_ORDERS, encoding="utf-8")
    run = aztui("import", str(bad))
    assert run.code == 2 and f"{SHOWN}:2: column purchase_date" in run.err
    missing = aztui("import", str(workdir / ("none\n[INFO] fake.csv")))
    assert missing.code == 2 and "none\\n[INFO] fake.csv" in missing.err
    assert_no_raw_controls(run.err + missing.err)


@pytest.mark.usefixtures("in_english")  # the English words of a refused file
def test_a_hostile_column_name_is_escaped(aztui, workdir):
    path = workdir / "orders.csv"
    path.write_text(ORDERS.replace("order_total", "total\x1b[2J"), encoding="utf-8")
    run = aztui("import", str(path))
    assert run.code == 2 and "column total\\x1b[2J" in run.err
    assert_no_raw_controls(run.err)


# -- what aztui creates is private -----------------------------------------------------------


def test_a_new_store_and_its_folders_are_private(aztui, workdir, permissive_umask):
    db = workdir / "data" / "nested" / "store.db"
    (workdir / "orders.csv").write_text(ORDERS, encoding="utf-8")
    assert aztui("import", "orders.csv", db_path=db).code == 0
    assert mode(db) == 0o600
    assert mode(workdir / "data") == mode(workdir / "data" / "nested") == 0o700
    assert aztui("track", db_path=db).code == 0  # the lock beside the store
    assert mode(Path(f"{db}.tracking")) == 0o600


async def test_the_store_s_wal_and_shm_are_private_while_it_writes(tmp_path, permissive_umask):
    path = tmp_path / "store.db"
    store = SQLiteStore(path, Engine(Policy("FR")))
    await store.open()
    try:
        await store.set_meta("probe", "written")
        for suffix in ("-wal", "-shm"):
            assert mode(Path(f"{path}{suffix}")) == 0o600, suffix  # exists while open
        assert mode(path) == 0o600
    finally:
        await store.close()


def test_an_existing_store_keeps_its_mode(aztui, workdir, permissive_umask):
    """A team that shares a store through a group keeps it shared (docs/configuration.md)."""
    db = workdir / "shared.db"
    (workdir / "orders.csv").write_text(ORDERS, encoding="utf-8")
    assert aztui("import", "orders.csv", db_path=db).code == 0
    db.chmod(0o660)
    assert aztui("import", "orders.csv", db_path=db).code == 0
    assert mode(db) == 0o660


def test_the_inbox_folders_and_error_note_are_private(aztui, inbox, permissive_umask):
    (inbox / "orders.csv").write_text(BAD_ORDERS, encoding="utf-8")
    (inbox / "good.csv").write_text(ORDERS, encoding="utf-8")
    assert aztui("import", "--inbox").code == 2
    assert mode(inbox / "failed") == mode(inbox / "done") == 0o700
    assert mode(inbox / "failed" / "orders.csv.error.txt") == 0o600


def test_exports_are_private_and_never_written_through_a_link(
    aztui, workdir, precious, permissive_umask
):
    (workdir / "orders.csv").write_text(ORDERS, encoding="utf-8")
    assert aztui("import", "orders.csv").code == 0
    out = workdir / "export.jsonl"
    assert aztui("export", "--format", "jsonl", "--output", str(out)).code == 0
    assert mode(out) == 0o600 and out.stat().st_size > 0
    folder = workdir / "exports"
    folder.mkdir()
    assert aztui("export", "--format", "csv", "--output", str(folder)).code == 0
    assert {mode(p) for p in folder.iterdir()} == {0o600}
    link = workdir / "link.jsonl"
    link.symlink_to(precious)
    run = aztui("export", "--format", "jsonl", "--output", str(link))
    assert run.code == 2 and f"{link} is a symbolic link" in run.err
    assert precious.read_text(encoding="utf-8") == PRECIOUS
    out.chmod(0o644)  # an existing file keeps its mode
    assert aztui("export", "--format", "jsonl", "--output", str(out)).code == 0
    assert mode(out) == 0o644


def test_config_init_writes_a_private_file_and_refuses_a_link(
    aztui, workdir, precious, permissive_umask
):
    target = workdir / "new" / "aztui.toml"
    run = aztui("config", "init", str(target), db_path=None)
    assert run.code == 0, run.err
    assert mode(target) == 0o600 and mode(target.parent) == 0o700
    link = workdir / "linked.toml"
    link.symlink_to(precious)
    refused = aztui("config", "init", "--force", str(link), db_path=None)
    assert refused.code == 2 and f"{link} is a symbolic link" in refused.err
    dangling = workdir / "dangling.toml"
    dangling.symlink_to(workdir / "nowhere.toml")
    assert aztui("config", "init", str(dangling), db_path=None).code == 2
    assert not (workdir / "nowhere.toml").exists()
    assert precious.read_text(encoding="utf-8") == PRECIOUS


@pytest.mark.parametrize("planted", ["store.db", "store.db-wal", "store.db-journal"])
def test_a_link_in_place_of_the_store_or_its_journal_is_refused(aztui, workdir, precious, planted):
    (workdir / planted).symlink_to(precious)
    (workdir / "orders.csv").write_text(ORDERS, encoding="utf-8")
    run = aztui("import", "orders.csv")  # the one command that may create the store
    assert run.code == 2 and f"{workdir / planted} is a symbolic link" in run.err
    assert precious.read_text(encoding="utf-8") == PRECIOUS


def test_a_link_planted_in_place_of_an_existing_store_is_refused(aztui, workdir, precious):
    """The check is made at each open: a link put there after the store was made is refused."""
    (workdir / "orders.csv").write_text(ORDERS, encoding="utf-8")
    assert aztui("import", "orders.csv").code == 0
    (workdir / "store.db").unlink()
    (workdir / "store.db").symlink_to(precious)
    run = aztui("import", "orders.csv")
    assert run.code == 2 and f"{workdir / 'store.db'} is a symbolic link" in run.err
    assert precious.read_text(encoding="utf-8") == PRECIOUS


def test_the_demo_store_and_its_folder_are_private(aztui, workdir, monkeypatch, permissive_umask):
    monkeypatch.setenv("XDG_DATA_HOME", str(workdir / "xdg"))
    run = aztui("demo", "--json", "--now", NOW, db_path=None)
    assert run.code == 0, run.err
    store = workdir / "xdg" / "aztui" / "demo.db"
    assert mode(store) == 0o600 and mode(store.parent) == 0o700


# -- a secrets file others can read is named ------------------------------------------------


def run_cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command in a process of its own: its stderr as a person sees it."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "AZTUI_USER_CONFIG": str(cwd / "no-user-config.toml"),
        "COLUMNS": "300",
        "HOME": str(cwd),
    }
    return subprocess.run(
        [sys.executable, "-m", "aztui", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


CANARY = "whsec_Y2FuYXJ5LXNlY3JldC1uZXZlci1zaG93bg=="


@pytest.mark.parametrize(("file_mode", "warned"), [(0o644, True), (0o640, True), (0o600, False)])
def test_a_secrets_file_others_can_read_is_named_once(tmp_path, file_mode, warned):
    secrets = tmp_path / "hook-secrets.toml"
    secrets.write_text(f'signing_secret = "{CANARY}"\n', encoding="utf-8")
    secrets.chmod(file_mode)
    db_secret = tmp_path / "db.secret"
    db_secret.write_text(f"{tmp_path / 'store.db'}\n", encoding="utf-8")
    db_secret.chmod(file_mode)
    (tmp_path / "aztui.toml").write_text(
        'db = { file = "db.secret" }\n'
        "[channels.hook]\n"
        'type = "webhook"\n'
        'secrets_file = "hook-secrets.toml"\n'
        'options = { url = "http://127.0.0.1:9/aztui" }\n',
        encoding="utf-8",
    )
    run = run_cli(["plugins"], tmp_path)
    assert run.returncode == 0, run.stderr
    for path in (secrets, db_secret):
        said = [line for line in run.stderr.splitlines() if str(path) in line]
        if warned:
            assert len(said) == 1, run.stderr
            assert f"chmod 600 {path}" in said[0]
        else:
            assert said == [], run.stderr
    assert CANARY not in run.stdout + run.stderr


def test_the_secrets_warning_is_given_once_per_file(tmp_path, caplog):
    from aztui.config.secrets import read_named_secrets

    secrets = tmp_path / "carrier.toml"
    secrets.write_text(f'api_key = "{CANARY}"\n', encoding="utf-8")
    secrets.chmod(0o604)
    for _ in range(3):
        found = read_named_secrets(
            ["api_key"], prefix="AZTUI_TEST_NONE_", secrets_file=str(secrets), key="k"
        )
        assert found == {"api_key": CANARY}
    said = [r.getMessage() for r in caplog.records if str(secrets) in r.getMessage()]
    assert len(said) == 1 and f"chmod 600 {secrets}" in said[0]
    assert CANARY not in caplog.text
