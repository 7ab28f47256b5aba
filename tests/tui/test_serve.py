"""``aztui serve``: the same app in a browser, on 127.0.0.1 by default, with a warning; an
address it cannot listen on told in one line; a page that loads nothing from elsewhere."""

from __future__ import annotations

import errno
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest

from aztui.cli.serve import cannot_listen, public_url
from tests.ports import held_socket, reserved_port
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


@pytest.mark.parametrize(
    ("language", "words"),
    [("fr", ["Démarrer", "Session terminée.", "Relancer"]), ("en", ["Start", "Restart"])],
)
def test_the_page_speaks_the_sellers_language(tmp_path, language, words):
    env = {
        **os.environ,
        "AZTUI_USER_CONFIG": str(tmp_path / "none.toml"),
        "AZTUI_LANGUAGE": language,
    }
    with reserved_port() as port:
        server = start(tmp_path, env, port)
        try:
            page = wait_until(
                lambda: page_at(server, port), f"aztui serve answering on port {port}"
            )
        finally:
            stop(server)
    assert f'<html lang="{language}">' in page
    for word in words:
        assert f">{word}<" in page
    assert ("Session ended." in page) == (language == "en")


def serve_cli(tmp_path, *args: str) -> subprocess.CompletedProcess[str]:
    """``aztui serve`` with ``args``, run to its end (it ends at once when it cannot listen)."""
    return subprocess.run(
        [sys.executable, "-m", "aztui", "--db", str(tmp_path / "s.db"), "serve", *args],
        cwd=tmp_path,
        env={**os.environ, "AZTUI_USER_CONFIG": str(tmp_path / "none.toml")},
        capture_output=True,
        text=True,
        timeout=PATIENCE,
        check=False,
    )


def assert_told_in_one_line(run: subprocess.CompletedProcess[str], *words: str) -> str:
    """A refusal: exit status 2, nothing on stdout, one line on stderr holding ``words``."""
    assert run.returncode == 2, run
    assert run.stdout == ""
    assert "Traceback" not in run.stderr and "bug" not in run.stderr
    [line] = run.stderr.splitlines()
    for word in words:
        assert word in line, line
    return line


def test_serve_on_a_taken_port_says_so_and_how_to_choose_another(tmp_path):
    with held_socket() as other:
        other.listen()  # another program listening there
        port = other.getsockname()[1]
        run = serve_cli(tmp_path, "--port", str(port))
    line = assert_told_in_one_line(run, f"127.0.0.1 port {port}", "--port")
    assert line.startswith("aztui: cannot serve on") and "another program" in line


def test_a_port_taken_between_the_check_and_the_start_is_told_the_same(tmp_path):
    """Another program may take the port after ``check_can_listen`` looked: the server's own
    bind then fails, and says so in the same line."""
    script = (
        "import sys\n"
        "import aztui.cli.serve\n"
        "aztui.cli.serve.check_can_listen = lambda host, port: None  # looked too early\n"
        "from aztui.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    with held_socket() as other:
        other.listen()
        port = other.getsockname()[1]
        args = ["--db", str(tmp_path / "s.db"), "serve", "--port", str(port)]
        run = subprocess.run(
            [sys.executable, "-c", script, *args],
            cwd=tmp_path,
            env={**os.environ, "AZTUI_USER_CONFIG": str(tmp_path / "none.toml")},
            capture_output=True,
            text=True,
            timeout=PATIENCE,
            check=False,
        )
    assert run.returncode == 2, run
    assert "Traceback" not in run.stderr
    assert run.stderr.splitlines()[-1] == (
        f"aztui: cannot serve on 127.0.0.1 port {port}: another program already listens "
        f"there; choose another port with --port (aztui serve --port {port + 1})"
    )


def test_serve_on_an_address_of_another_machine_says_so(tmp_path):
    """192.0.2.1 is TEST-NET-1 (RFC 5737): no machine has it."""
    with reserved_port() as port:
        run = serve_cli(tmp_path, "--host", "192.0.2.1", "--port", str(port))
    assert_told_in_one_line(run, f"192.0.2.1 port {port}", "not an address of this machine")


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_serve_refuses_what_is_not_a_port(tmp_path, port):
    run = serve_cli(tmp_path, "--port", port)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert f"{port!r} is not a port number (1 to 65535)" in run.stderr


@pytest.mark.parametrize(
    ("error", "told"),
    [
        (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "not a known host"),
        (OSError(errno.EACCES, "Permission denied"), "ports below 1024 need privileges"),
        (OSError(errno.EHOSTUNREACH, "No route to host"), "No route to host; choose another"),
    ],
)
def test_what_else_stops_serve_from_listening_is_told_with_what_to_do(error, told):
    """An unknown host name needs a name server and a low port needs a user without
    privileges, which a test cannot count on: the wording is checked on the error itself."""
    message = str(cannot_listen("example", 80, error))
    assert message.startswith("cannot serve on example port 80: ") and told in message
    assert "--host" in message or "--port" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8000"),
        ("localhost", "http://localhost:8000"),
        ("::1", "http://[::1]:8000"),
        ("fe80::1", "http://[fe80::1]:8000"),
    ],
)
def test_the_address_printed_is_one_a_browser_opens(host, url):
    assert public_url(host, 8000) == url


URL = re.compile(r"""\s(?:src|href)="([^"]*)"|\burl\(\s*["']?([^"')\s]+)|@import\s+["']([^"']+)""")
"""What a page or a style sheet makes the browser load."""


def test_the_served_page_loads_nothing_from_elsewhere(tmp_path):
    """Every address the page and its style sheets name is on the server it came from, by the
    name the browser used (a browser on another machine does not reach the server's 0.0.0.0
    or 127.0.0.1), and answers; none is written as a link to another host (the fonts, say)."""
    env = {**os.environ, "AZTUI_USER_CONFIG": str(tmp_path / "none.toml")}
    with reserved_port() as port:
        server = start(tmp_path, env, port)
        origin = f"http://localhost:{port}"  # the server listens on 127.0.0.1
        try:
            wait_until(lambda: page_at(server, port), f"aztui serve answering on port {port}")
            with urllib.request.urlopen(f"{origin}/", timeout=PATIENCE) as reply:
                page = reply.read().decode()
            loaded = fetch_all(origin, f"{origin}/", page)
        finally:
            stop(server)
    names = {path.rsplit("/", 1)[-1] for path in loaded}
    assert {"textual.js", "xterm.css", "RobotoMono-VariableFont_wght.ttf"} <= names, loaded
    [socket_url] = re.findall(r'data-session-websocket-url="([^"]*)"', page)
    assert urllib.parse.urljoin(f"{origin}/", socket_url) == f"{origin}/ws"
    without_namespaces = re.sub(r'\bxmlns="[^"]*"', "", page)
    assert re.findall(r"[a-z]+://[^\s\"'<>]*|//\w[^\s\"'<>]*", without_namespaces) == []


def fetch_all(origin: str, base: str, text: str, seen: set[str] | None = None) -> set[str]:
    """The paths ``text`` (a page or a style sheet at ``base``) names, style sheets followed;
    each must be on ``origin`` and answer."""
    seen = set() if seen is None else seen
    for found in (next(filter(None, groups)) for groups in URL.findall(text)):
        if found.startswith("data:"):
            continue
        url = urllib.parse.urljoin(base, found)
        assert url.startswith(f"{origin}/"), (
            f"{found} in {base} is not on the server the page came from"
        )
        path = urllib.parse.urlsplit(url).path
        if path in seen:
            continue
        seen.add(path)
        with urllib.request.urlopen(url, timeout=PATIENCE) as reply:
            assert reply.status == 200, url
            body = reply.read()
        if path.endswith(".css"):
            fetch_all(origin, url, body.decode(), seen)
    return seen
