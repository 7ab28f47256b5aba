"""How fast aztui starts: each command imports only what it uses.

    uv run python bench/startup.py            # 15 rounds
    uv run python bench/startup.py --rounds 5
    uv run python bench/startup.py --baseline-tree /tmp/before   # beside an earlier commit

Every round runs each command once, in turn, so a noisy neighbour slows them alike; the figures
are medians. Ratios, each against a baseline measured in the same run:

(q) ``aztui --help`` against ``python -c pass`` (the interpreter's own start).
(r) ``aztui check --json`` on a 1,000-order store against ``aztui --help`` (target ≤ 2×).
(s) ``aztui plugins`` against ``aztui --help``.
(t) ``aztui check --json`` against the floor of what a check cannot do without: an interpreter
    that imports pydantic (the configuration is validated), asyncio (the store and the service
    are asynchronous) and sqlite3 (target ≤ 2×).
(u) ``aztui import`` of the seller's daily file (the 1,000 orders again, into the store that
    holds them) against ``aztui --help``.

Then, for ``check --json``, ``plugins`` and ``import``, which heavy libraries were imported
(``python -X importtime``): none of polars, pyarrow, the ADBC driver, psycopg, apprise, httpx
or Textual is needed by any when no channel, carrier or PostgreSQL store is configured.

With ``--baseline-tree DIR`` (a ``git worktree`` of an earlier commit), each command also runs
on that code (``PYTHONPATH``) in the same rounds, and a second table sets the two side by side.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from table import Row, print_table

from aztui.demo import write_dataset

HEAVY = ("polars", "pyarrow", "adbc_driver_sqlite", "psycopg", "apprise", "httpx", "textual")
NOW = "2026-11-30T09:00:00+00:00"
FLOOR = "import asyncio, sqlite3; from pydantic import BaseModel"


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed:\n{proc.stderr.decode()}")
    return elapsed


def heavy_imports(argv: list[str], cwd: Path, env: dict[str, str]) -> list[str]:
    """The heavy top-level packages a command imported."""
    proc = subprocess.run(
        [argv[0], "-X", "importtime", *argv[1:]], cwd=cwd, env=env, capture_output=True
    )
    loaded = {
        line.rsplit("|", 1)[-1].strip().split(".")[0]
        for line in proc.stderr.decode().splitlines()
        if line.startswith("import time:")
    }
    return sorted(set(HEAVY) & loaded)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--baseline-tree", type=Path, help="an earlier commit's worktree")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="aztui-startup-"))
    try:
        env = {**os.environ, "AZTUI_USER_CONFIG": str(work / "none.toml")}
        env.pop("AZTUI_CONFIG", None)
        files = write_dataset(work / "data", datetime.fromisoformat(NOW), orders=1000)
        store = work / "small.db"
        aztui = [sys.executable, "-m", "aztui", "--db", str(store)]
        subprocess.run(
            [*aztui, "import", *map(str, files.values())],
            cwd=work,
            env=env,
            check=True,
            capture_output=True,
        )
        commands = {
            "python": [sys.executable, "-c", "pass"],
            "help": [*aztui, "--help"],
            "check": [*aztui, "check", "--json", "--now", NOW],
            "plugins": [*aztui, "plugins"],
            "floor": [sys.executable, "-c", FLOOR],
            "import": [*aztui, "import", str(files["orders"])],
        }
        envs = {"": env}
        if args.baseline_tree is not None:
            tree = args.baseline_tree.resolve()  # its plugins too: they follow the core's API
            paths = [tree, *sorted(p for p in (tree / "plugins").glob("*") if p.is_dir())]
            envs["before "] = {**env, "PYTHONPATH": os.pathsep.join(map(str, paths))}
        runs = {
            prefix + name: (argv, tree_env)
            for prefix, tree_env in envs.items()
            for name, argv in commands.items()
            if not prefix or name in ("help", "check", "plugins", "import")
        }
        times: dict[str, list[float]] = {name: [] for name in runs}
        for argv, tree_env in runs.values():  # warm the file cache and .pyc files
            timed(argv, work, tree_env)
        for _ in range(args.rounds):
            for name, (argv, tree_env) in runs.items():
                times[name].append(timed(argv, work, tree_env))
        med = {name: statistics.median(values) for name, values in times.items()}
        print(
            f"{args.rounds} rounds, medians; now = {NOW}; {datetime.now(UTC):%Y-%m-%d}; "
            f"load average {os.getloadavg()[0]:.2f}"
        )
        for name in ("check", "plugins", "import"):
            found = heavy_imports(commands[name], work, env)
            print(f"{name}: heavy modules imported: {', '.join(found) or 'none'}")

        def ms(name: str) -> str:
            return f"{med[name] * 1000:.0f} ms"

        print_table(
            [
                Row(
                    "(q) `aztui --help`",
                    f"`python -c pass` {ms('python')}",
                    ms("help"),
                    f"{med['help'] / med['python']:.2f}×",
                    "reported",
                ),
                Row(
                    "(r) `aztui check --json`, 1,000-order store",
                    f"`aztui --help` {ms('help')}",
                    ms("check"),
                    f"{med['check'] / med['help']:.2f}×",
                    "≤ 2×",
                ),
                Row(
                    "(s) `aztui plugins`",
                    f"`aztui --help` {ms('help')}",
                    ms("plugins"),
                    f"{med['plugins'] / med['help']:.2f}×",
                    "reported",
                ),
                Row(
                    "(t) `aztui check --json`, 1,000-order store",
                    f"pydantic + asyncio + sqlite3 imported {ms('floor')}",
                    ms("check"),
                    f"{med['check'] / med['floor']:.2f}×",
                    "≤ 2×",
                ),
                Row(
                    "(u) `aztui import`, the daily 1,000-order file again",
                    f"`aztui --help` {ms('help')}",
                    ms("import"),
                    f"{med['import'] / med['help']:.2f}×",
                    "reported",
                ),
            ],
            value="ratio",
        )
        if args.baseline_tree is not None:
            print("\n| command | before | now | now / before |\n|---|---|---|---|")
            for name in ("help", "check", "plugins", "import"):
                print(
                    f"| `aztui {name}` | {ms('before ' + name)} | {ms(name)} "
                    f"| {med[name] / med['before ' + name]:.2f}× |"
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
