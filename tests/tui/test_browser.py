"""``aztui serve`` in a real browser: headless Chromium (Debian's ``chromium``, which ``.ci/run``
installs) loads the page, the app draws, a key typed in the page changes pane, quitting the app
says so on the page, and the browser fetches nothing but from the server.

Playwright drives the system's Chromium (``executable_path``); it never downloads a browser of
its own. xterm.js draws on a canvas, so the terminal's text is read from its buffer: a script
run before the page's own keeps the ``Terminal`` that textual.js makes (textual.js keeps it in
a property named ``terminal`` and exposes nothing).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ports import reserved_port
from tests.tui.test_serve import page_at, start, stop
from tests.waiting import PATIENCE, wait_until

pytestmark = pytest.mark.slow

KEEP_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true});
    if (value && value.buffer && value.buffer.active && !window.aztuiTerminal) {
      window.aztuiTerminal = value;
    }
  },
});
"""

SCREEN = """() => {
  const terminal = window.aztuiTerminal;
  if (!terminal) return "";
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}"""
"""The terminal's text, row by row, as xterm.js holds it."""


@pytest.fixture
def chromium() -> str:
    """Debian's Chromium: skipped without it, saying how to get it; under CI it may not skip."""
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must provide Chromium: .ci/run installs Debian's chromium")
        pytest.skip("needs Chromium (apt-get install chromium; .ci/run does)")
    return found


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """``aztui serve`` on a demo store, answering; its address."""
    env = {**os.environ, "AZTUI_USER_CONFIG": str(tmp_path / "none.toml")}
    demo = subprocess.run(
        [sys.executable, "-m", "aztui", "--db", str(tmp_path / "s.db"), "demo", "--report"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=PATIENCE,
        check=False,
    )
    assert demo.returncode in (0, 1), demo  # 1: the demo has overdue items, as meant
    with reserved_port() as port:
        server = start(tmp_path, env, port)
        try:
            wait_until(lambda: page_at(server, port), f"aztui serve answering on port {port}")
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(server)


def test_the_app_in_chromium_draws_and_a_key_typed_in_the_page_changes_pane(
    chromium: str, served: str
) -> None:
    from playwright.sync_api import Route, sync_playwright

    elsewhere: list[str] = []

    def only_the_server(route: Route) -> None:
        if route.request.url.startswith(f"{served}/"):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            headless=True,
            # No name resolves: nothing can be fetched from elsewhere, even unseen by routes.
            args=["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
        )
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.set_default_timeout(PATIENCE * 1000)
            context.route("**/*", only_the_server)
            page = context.new_page()
            sockets: list[str] = []
            page.on("websocket", lambda socket: sockets.append(socket.url))
            page.add_init_script(KEEP_TERMINAL)
            page.goto(f"{served}/")

            def screen() -> str:
                return str(page.evaluate(SCREEN))

            def shows(*texts: str, absent: str = "\0") -> None:
                wait_until(
                    lambda: all(text in (now := screen()) for text in texts) and absent not in now,
                    lambda: f"{texts} on the page's terminal; it shows:\n{screen()}",
                )

            shows("aztui", "Indicateurs")  # the header and the panes' tabs
            page.focus(".xterm-helper-textarea")  # where xterm.js takes the keys typed
            page.keyboard.press("6")
            shows("Taux de commandes défectueuses", "Objectif")  # Metrics
            page.keyboard.press("2")
            shows("Action requise", absent="Taux de commandes défectueuses")  # Claims
            page.keyboard.press("q")  # the app ends: the page says so, in French
            ended = page.locator(".closed-dialog .message")
            ended.wait_for(state="visible")
            assert ended.inner_text() == "Session terminée."
        finally:
            browser.close()
    assert elsewhere == []
    [socket] = sockets  # the terminal's, to the server
    assert socket.startswith(f"{served.replace('http', 'ws', 1)}/ws?")
