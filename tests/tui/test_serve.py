"""``aztui serve``: the same app in a browser, on 127.0.0.1 by default, with a warning."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_answers_on_loopback_and_warns_it_has_no_login(tmp_path):
    port = free_port()
    env = {**os.environ, "AZTUI_USER_CONFIG": str(tmp_path / "none.toml")}
    server = subprocess.Popen(
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
    try:
        page = None
        deadline = time.monotonic() + 60
        while page is None and time.monotonic() < deadline:
            assert server.poll() is None, server.communicate()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as reply:
                    page = reply.read().decode()
            except OSError:
                time.sleep(0.3)
        assert page is not None and "aztui" in page
    finally:
        server.send_signal(signal.SIGINT)
        try:
            _, err = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            _, err = server.communicate()
    assert f"http://127.0.0.1:{port}" in err and "no login" in err
