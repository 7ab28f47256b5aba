"""``aztui.files``: the one place aztui writes files and escapes names."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from aztui.files import (
    FileWriteError,
    file_into,
    open_private,
    prepare_private,
    printable,
    private_dirs,
    replace_private,
)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path, follow_symlinks=False).st_mode)


@pytest.fixture(params=[0o000, 0o022, 0o077])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """Whatever the umask (0 would give 0666 files), the modes are the ones aztui sets."""
    before = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(before)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("orders.csv", "orders.csv"),
        ("Amélie 注文 ✓.csv", "Amélie 注文 ✓.csv"),
        ("a\nb", "a\\nb"),
        ("\x1b[2J\x1b]0;title\x07", "\\x1b[2J\\x1b]0;title\\x07"),
        ("tab\there\rcr", "tab\\there\\rcr"),
        ("del\x7f c1\x9b[31m nul\x00", "del\\x7f c1\\x9b[31m nul\\x00"),
        ("rtl\u202etxt.exe sep\u2028", "rtl\\u202etxt.exe sep\\u2028"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_printable_escapes_controls_and_only_them(raw, shown):
    assert printable(raw) == shown
    assert printable(Path("/in") / raw) == "/in/" + shown
    assert printable(raw).isprintable()


def test_open_private_creates_0600_whatever_the_umask(tmp_path, umask):
    with open_private(tmp_path / "a.txt") as out:
        out.write("x")
    with open_private(tmp_path / "lock", "a+b") as lock:
        lock.write(b"")
    assert mode(tmp_path / "a.txt") == mode(tmp_path / "lock") == 0o600


def test_open_private_keeps_an_existing_file_s_mode_and_truncates(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("old and long", encoding="utf-8")
    path.chmod(0o640)
    with open_private(path) as out:
        out.write("new")
    assert path.read_text(encoding="utf-8") == "new" and mode(path) == 0o640
    with open_private(path, "a") as out:
        out.write("+")
    assert path.read_text(encoding="utf-8") == "new+"


@pytest.mark.parametrize("target_exists", [True, False])
def test_open_private_refuses_a_link(tmp_path, target_exists):
    target = tmp_path / "target"
    if target_exists:
        target.write_text("keep", encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to(target)
    for open_mode in ("w", "a", "x"):
        with pytest.raises(FileWriteError, match="is a symbolic link"):
            open_private(link, open_mode)
    assert (target.read_text(encoding="utf-8") == "keep") if target_exists else not target.exists()


def test_open_private_names_a_missing_folder(tmp_path):
    with pytest.raises(FileWriteError, match=r"cannot write .*nowhere"):
        open_private(tmp_path / "nowhere" / "a.txt")


def test_private_dirs_makes_0700_and_leaves_existing_folders(tmp_path, umask):
    (tmp_path / "kept").mkdir(mode=0o755)
    (tmp_path / "kept").chmod(0o755)
    private_dirs(tmp_path / "kept" / "a" / "b")
    assert mode(tmp_path / "kept") == 0o755
    assert mode(tmp_path / "kept" / "a") == mode(tmp_path / "kept" / "a" / "b") == 0o700
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(FileWriteError, match="file"):
        private_dirs(tmp_path / "file" / "sub")


def test_replace_private_is_whole_private_and_refuses_a_link(tmp_path, umask):
    path = tmp_path / "new" / "aztui.toml"
    replace_private(path, "a = 1\n")
    assert path.read_text(encoding="utf-8") == "a = 1\n"
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    path.chmod(0o644)
    replace_private(path, "a = 2\n")
    assert mode(path) == 0o644 and path.read_text(encoding="utf-8") == "a = 2\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["aztui.toml"]  # no temporary left
    link = tmp_path / "link.toml"
    link.symlink_to(path)
    with pytest.raises(FileWriteError, match="is a symbolic link"):
        replace_private(link, "b = 1\n")
    assert path.read_text(encoding="utf-8") == "a = 2\n"


def test_prepare_private_makes_the_file_and_refuses_links(tmp_path, umask):
    store = tmp_path / "d" / "store.db"
    prepare_private(store, ("-wal",))
    assert store.exists() and mode(store) == 0o600 and mode(store.parent) == 0o700
    store.chmod(0o640)
    prepare_private(store, ("-wal",))  # an existing store keeps its mode
    assert mode(store) == 0o640
    Path(f"{store}-wal").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(FileWriteError, match=r"store\.db-wal is a symbolic link"):
        prepare_private(store, ("-wal",))
    assert not (tmp_path / "elsewhere").exists()


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "orders.csv").write_text("orders", encoding="utf-8")
    return folder


def test_file_into_moves_inside_a_private_sub_folder_with_its_note(inbox, umask):
    filed = file_into(inbox, "orders.csv", "failed", note=(".error.txt", "why\n"))
    assert filed.path == inbox / "failed" / "orders.csv" and filed.links_passed == ()
    assert (inbox / "failed" / "orders.csv.error.txt").read_text(encoding="utf-8") == "why\n"
    assert mode(inbox / "failed") == 0o700
    assert mode(inbox / "failed" / "orders.csv.error.txt") == 0o600
    assert not (inbox / "orders.csv").exists()


def test_file_into_never_replaces_and_steps_over_links(inbox, tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("mine", encoding="utf-8")
    (inbox / "failed").mkdir()
    (inbox / "failed" / "orders.csv").write_text("earlier", encoding="utf-8")
    (inbox / "failed" / "orders.csv.error.txt").symlink_to(victim)
    filed = file_into(inbox, "orders.csv", "failed", note=(".error.txt", "why\n"))
    assert filed.path.parent == inbox / "failed" and filed.path.name != "orders.csv"
    assert filed.links_passed == ("failed/orders.csv.error.txt",)
    assert (inbox / "failed" / "orders.csv").read_text(encoding="utf-8") == "earlier"
    assert victim.read_text(encoding="utf-8") == "mine"
    assert Path(f"{filed.path}.error.txt").read_text(encoding="utf-8") == "why\n"


@pytest.mark.parametrize(
    ("name", "sub"), [("../x", "done"), ("a/b", "done"), ("..", "done"), ("orders.csv", "..")]
)
def test_file_into_takes_only_plain_names(inbox, tmp_path, name, sub):
    (inbox / "a").mkdir()
    (inbox / "a" / "b").write_text("", encoding="utf-8")
    (tmp_path / "x").write_text("outside", encoding="utf-8")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    with pytest.raises(FileWriteError, match="is not a file name"):
        file_into(inbox, name, sub)
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("kind", ["link", "file"])
def test_file_into_refuses_a_sub_folder_that_is_not_its_own(inbox, tmp_path, kind):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if kind == "link":
        (inbox / "done").symlink_to(elsewhere, target_is_directory=True)
    else:
        (inbox / "done").write_text("", encoding="utf-8")
    what = "a symbolic link" if kind == "link" else "not a folder"
    with pytest.raises(FileWriteError, match=what):
        file_into(inbox, "orders.csv", "done")
    assert (inbox / "orders.csv").exists() and list(elsewhere.iterdir()) == []


def test_file_into_leaves_no_note_when_the_file_is_gone(inbox):
    (inbox / "orders.csv").unlink()
    with pytest.raises(FileNotFoundError):
        file_into(inbox, "orders.csv", "failed", note=(".error.txt", "why\n"))
    assert list((inbox / "failed").iterdir()) == []
