"""``aztui serve``: the same app in a browser, on 127.0.0.1 by default, with a warning."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request

import pytest

from tests.ports import reserved_port
from tests.waiting import PATIENCE, wait_until

pytestmark = pytest.mark.slow


def test_serve_answers_on_loopback_and_warns_it_has_no_login(tmp_path):
    env = {**os.environ, "AZTUI_USER_CONFIG": str(tmp_path / "none.toml")}
    with reserved_port() as port:  # held until the server listens on it beside us
        server = start(tmp_path, env, port)
        try:
            page = wait_until(
                lambda: page_at(server, port), f"aztui serve answering on port {port}"
            )
            assert "aztui" in page
        finally:
            _, err = stop(server)
    assert f"http://127.0.0.1:{port}" in err and "no login" in err


def stop(server: subprocess.Popen) -> tuple[str, str]:
    """Its output, once it stopped on SIGINT (killed if it does not)."""
    server.send_signal(signal.SIGINT)
    try:
        return server.communicate(timeout=PATIENCE)
    except subprocess.TimeoutExpired:
        server.kill()
        return server.communicate()


def page_at(server: subprocess.Popen, port: int) -> str | None:
    """The app's page, once the server answers."""
    assert server.poll() is None, server.communicate()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=PATIENCE) as reply:
            return reply.read().decode()
    except OSError:
        return None  # not listening yet


def start(tmp_path, env: dict, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aztui",
            "--db",
            str(tmp_path / "s.db"),
            "serve",
            "--port",
            str(port),
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_serve_never_shows_the_database_password(tmp_path):
    """Each tab's aztui gets the store through the environment: textual-serve prints the
    command it runs, and every local user sees a command line (ps)."""
    canary = "cnry-serve-4b1a"
    env = {**os.environ, "AZTUI_USER_CONFIG": str(tmp_path / "none.toml")}
    url = f"postgresql://aztui:{canary}@127.0.0.1:9/aztui"
    with reserved_port() as port:
        server = subprocess.Popen(
            [sys.executable, "-m", "aztui", "--db", url, "serve", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            wait_until(lambda: page_at(server, port), f"aztui serve answering on port {port}")
        finally:
            out, err = stop(server)
    assert "no login" in err
    assert canary not in out + err
