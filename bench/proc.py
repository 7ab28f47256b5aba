"""Running one command for a benchmark: its wall time and its peak memory (shared by the
scripts of ``bench/``)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run(argv: list[str], cwd: Path, ok: tuple[int, ...] = (0, 1)) -> tuple[float, int]:
    """Wall time in seconds and peak memory in MiB of one child process (the largest of it
    and the processes it waited for: the bulk path's writer included); any exit status but
    ``ok`` stops the benchmark."""
    env = {**os.environ, "AZTUI_USER_CONFIG": str(cwd / "no-user-config.toml")}
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.stderr is not None  # stderr=PIPE
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(argv)} failed:\n{proc.stderr.read().decode()}")
    proc.stderr.close()
    return elapsed, usage.ru_maxrss // 1024


def aztui(db: Path | str, *args: str) -> list[str]:
    return [sys.executable, "-m", "aztui", "--db", str(db), *args]


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path
