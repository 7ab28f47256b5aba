"""Every file aztui writes: private to the user, never through a symbolic link, never out of
the folder it belongs in; and every name shown to a person or a log, escaped.

A file aztui creates is ``0600`` and a folder ``0700``, set explicitly whatever the umask: the
store holds the seller's business, a note or an export their orders. A file that already
exists keeps its mode, so a store a team shares through a group stays shared (SQLite gives
its ``-wal`` and ``-shm`` files the mode of the store). The last part of a path aztui writes
is never followed when it is a symbolic link: the write is refused, saying so. Leaf module:
any layer may use it.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, TextIO, overload

from aztui.errors import AztuiError

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
SHARED_BITS = 0o066
"""Read or write for the group or others: what makes a secrets file worth a warning."""
_NEW_NAMES = 100
"""How many names ``file_into`` tries before giving up (each taken one is stepped over)."""

_UNSAFE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\\\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""C0 and C1 controls, DEL, the backslash that starts an escape, line and paragraph
separators, the marks that reorder text (bidi), and lone surrogates (a name's bytes that are
not UTF-8), which no UTF-8 stream or file can take."""
_warned: set[str] = set()


class FileWriteError(AztuiError):
    """A file aztui will not or cannot write: a symbolic link where it writes, a folder it
    cannot make; the message names the path and what to do."""


def printable(text: str | os.PathLike[str]) -> str:
    """``text`` safe to print on one line: control characters written as Python escapes
    (``\\n``, ``\\x1b``), so a file's name can neither forge a log line nor drive a terminal."""
    return _UNSAFE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), os.fspath(text))


def _is_link(path: str | Path, dir_fd: int | None = None) -> bool:
    try:
        return stat.S_ISLNK(os.stat(path, dir_fd=dir_fd, follow_symlinks=False).st_mode)
    except FileNotFoundError:
        return False


def _link_refused(path: str | os.PathLike[str]) -> FileWriteError:
    return FileWriteError(
        f"{printable(path)} is a symbolic link; aztui never writes through one (remove it, "
        "or name the file it points to)"
    )


def refuse_link(path: str | os.PathLike[str]) -> None:
    """A ``FileWriteError`` when ``path`` itself is a symbolic link."""
    if _is_link(os.fspath(path)):
        raise _link_refused(path)


def private_dirs(folder: Path) -> None:
    """``mkdir -p folder``: each folder it makes is ``0700``, those that exist stay as they are."""
    missing: list[Path] = []
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for path in reversed(missing):
        try:
            os.mkdir(path, PRIVATE_DIR)
        except FileExistsError:
            if not path.is_dir():
                raise FileWriteError(f"{printable(path)} is not a folder") from None
            continue
        except OSError as exc:
            raise FileWriteError(
                f"cannot make the folder {printable(path)}: {exc.strerror}"
            ) from None
        os.chmod(path, PRIVATE_DIR)


def _open_fd(
    path: str | Path, flags: int, *, truncate: bool, exclusive: bool, dir_fd: int | None = None
) -> int:
    """A descriptor on ``path`` (``O_NOFOLLOW``): made ``0600`` when this creates it."""
    flags |= os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        try:
            fd = os.open(path, flags | os.O_CREAT | os.O_EXCL, PRIVATE_FILE, dir_fd=dir_fd)
        except FileExistsError:
            if exclusive or _is_link(path, dir_fd):
                raise
            return os.open(path, flags | (os.O_TRUNC if truncate else 0), dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno == errno.ELOOP or (exc.errno == errno.EEXIST and _is_link(path, dir_fd)):
            raise _link_refused(path) from None
        if exc.errno == errno.EEXIST:
            raise
        raise FileWriteError(f"cannot write {printable(path)}: {exc.strerror}") from None
    os.fchmod(fd, PRIVATE_FILE)
    return fd


TextMode = Literal["w", "a", "x"]
BinaryMode = Literal["wb", "ab", "xb", "a+b"]


@overload
def open_private(
    path: str | os.PathLike[str],
    mode: TextMode = "w",
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> TextIO: ...
@overload
def open_private(path: str | os.PathLike[str], mode: BinaryMode) -> BinaryIO: ...
def open_private(
    path: str | os.PathLike[str],
    mode: str = "w",
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> IO[Any]:
    """``open(path, mode)`` for writing, but a symbolic link at ``path`` is refused and a file
    it creates is ``0600``; ``w`` truncates, ``a`` appends, ``x`` only creates."""
    kind = mode[0]
    flags = (os.O_RDWR if "+" in mode else os.O_WRONLY) | (os.O_APPEND if kind == "a" else 0)
    fd = _open_fd(os.fspath(path), flags, truncate=kind == "w", exclusive=kind == "x")
    opened = mode.replace("x", "w")
    if "b" in mode:
        return os.fdopen(fd, opened)
    return os.fdopen(fd, opened, encoding=encoding, newline=newline)


def replace_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all, even across a crash (a file beside it,
    flushed to disk, then renamed over it): a new file is ``0600``, one that exists keeps its
    mode, a symbolic link is refused."""
    import tempfile

    refuse_link(path)
    private_dirs(path.parent)
    try:
        mode = stat.S_IMODE(os.stat(path, follow_symlinks=False).st_mode)
    except FileNotFoundError:
        mode = PRIVATE_FILE
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            os.fchmod(out.fileno(), mode)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(folder)  # the rename itself
    finally:
        os.close(folder)


def prepare_private(path: Path, companions: Sequence[str] = ()) -> None:
    """Before a library opens ``path`` itself (SQLite): neither ``path`` nor ``path`` +
    each of ``companions`` (``-wal`` …) is a symbolic link, and ``path`` exists, ``0600``
    when this creates it, in folders made ``0700``."""
    for suffix in ("", *companions):
        refuse_link(f"{path}{suffix}")
    if os.path.lexists(path):
        return
    private_dirs(path.parent)
    try:
        os.close(_open_fd(path, os.O_WRONLY, truncate=False, exclusive=True))
    except FileExistsError:
        refuse_link(path)  # another aztui made it meanwhile: a file, unless one was planted


@dataclass(frozen=True, slots=True)
class Filed:
    """Where ``file_into`` put a file, and the symbolic links it found in the way (left alone)."""

    path: Path
    links_passed: tuple[str, ...] = ()


def file_into(folder: Path, name: str, sub: str, *, note: tuple[str, str] | None = None) -> Filed:
    """Move ``folder/name`` into ``folder/sub`` (made ``0700`` when missing) under a name no
    entry there has (a time stamp added when needed), with ``note = (suffix, text)`` a private
    ``<new name><suffix>`` beside it. ``sub`` must be a folder, not a symbolic link; the move
    works on the two folders' descriptors, so nothing is followed on the way."""
    for part in (name, sub):
        if part in ("", ".", "..") or "/" in part or "\0" in part:
            raise FileWriteError(f"'{printable(part)}' is not a file name in {printable(folder)}")
    top = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        inner = _subfolder(top, folder, sub)
        try:
            return _move_in(top, inner, name, sub, folder, note)
        finally:
            os.close(inner)
    finally:
        os.close(top)


def _subfolder(top: int, folder: Path, sub: str) -> int:
    try:
        os.mkdir(sub, PRIVATE_DIR, dir_fd=top)
        created = True
    except FileExistsError:
        created = False
    try:
        fd = os.open(sub, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=top)
    except OSError as exc:
        if exc.errno not in (errno.ELOOP, errno.ENOTDIR):
            raise
        what = "a symbolic link" if _is_link(sub, top) else "not a folder"
        raise FileWriteError(
            f"{printable(folder / sub)} is {what}; aztui keeps the inbox's files only in a "
            "folder of its own there (remove it; aztui makes the folder)"
        ) from None
    if created:
        os.fchmod(fd, PRIVATE_DIR)
    return fd


def _move_in(
    top: int, inner: int, name: str, sub: str, folder: Path, note: tuple[str, str] | None
) -> Filed:
    suffix, text = note or ("", "")
    passed: list[str] = []
    for candidate in _new_names(name):
        taken = [n for n in {candidate, candidate + suffix} if _exists(n, inner)]
        passed += [f"{sub}/{n}" for n in sorted(taken) if _is_link(n, inner)]
        if taken:
            continue
        if note is not None:
            try:
                fd = _open_fd(
                    candidate + suffix, os.O_WRONLY, truncate=False, exclusive=True, dir_fd=inner
                )
            except FileExistsError:
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
        try:
            os.replace(name, candidate, src_dir_fd=top, dst_dir_fd=inner)
        except BaseException:
            if note is not None:
                os.unlink(candidate + suffix, dir_fd=inner)
            raise
        return Filed(folder / sub / candidate, tuple(dict.fromkeys(passed)))
    raise FileWriteError(f"{printable(folder / sub)}: no free name for {printable(name)}")


def _exists(name: str, dir_fd: int) -> bool:
    try:
        os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


def _new_names(name: str) -> Iterator[str]:
    """``name``, then ``<stem>.<UTC time stamp><suffix>`` (and ``-1``, ``-2`` … on a clash)."""
    yield name
    plain = Path(name)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    for n in range(_NEW_NAMES):
        yield f"{plain.stem}.{stamp}{f'-{n}' if n else ''}{plain.suffix}"


def warn_if_shared(path: str | os.PathLike[str], what: str = "secrets file") -> None:
    """A warning (once a file a run) when ``path`` is readable or writable by the group or
    others: it names the file and the fix, never its contents (through ``logging``, which
    the command line prints on stderr)."""
    import logging

    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return
    key = os.path.realpath(path)
    if not mode & SHARED_BITS or key in _warned:
        return
    _warned.add(key)
    shown = printable(path)
    logging.getLogger(__name__).warning(
        "%s %s can be read or written by other users (mode %04o); make it yours alone: "
        "chmod 600 %s",
        what,
        shown,
        mode,
        shown,
    )


CONFIG_NAME = "aztui.toml"
"""The configuration file's name: the team's (the nearest from the working directory up)
and the user's."""


def user_config_file(env: Mapping[str, str] | None = None) -> Path:
    """``AZTUI_USER_CONFIG``, else ``aztui.toml`` in the platform's user config directory
    (here, light: ``--help`` reads its language there before the configuration is read)."""
    import platformdirs

    env = os.environ if env is None else env
    if env.get("AZTUI_USER_CONFIG"):
        return Path(env["AZTUI_USER_CONFIG"]).expanduser()
    return Path(platformdirs.user_config_dir("aztui")) / CONFIG_NAME
