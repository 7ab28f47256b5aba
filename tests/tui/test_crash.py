"""A crash of the app: its traceback without local variables, secrets masked."""

from __future__ import annotations

import pytest

from aztui.redact import remember
from aztui.tui.app import AztuiApp
from tests.tui.helpers import NOW, Clock, settle

CANARY = "cnry-crash-91ab"


async def test_a_crash_shows_its_traceback_without_locals_or_secrets(config, capfd):
    remember(CANARY)
    app = AztuiApp(config, clock=Clock(NOW))

    def crash() -> None:
        database_password = CANARY  # a local Textual would print
        raise RuntimeError(f"lost the store at postgresql://aztui:{database_password}@db/aztui")

    with pytest.raises(RuntimeError):
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(app, pilot)
            app.call_later(crash)
            await pilot.pause()
    shown = "".join(str(r) for r in app._exit_renderables)
    out, err = capfd.readouterr()
    everything = shown + out + err
    assert "RuntimeError: lost the store at postgresql://aztui:***@db/aztui" in everything
    assert CANARY not in everything and "database_password" not in everything
