"""``[tui]`` in aztui.toml: the theme, the mouse switch and the user's keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from aztui.config import ConfigError, load_config
from aztui.tui import app as app_module
from aztui.tui.app import AztuiApp, action_ids
from tests.tui.helpers import NOW, Clock


def configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str):
    monkeypatch.setenv("AZTUI_USER_CONFIG", str(tmp_path / "none.toml"))
    (tmp_path / "aztui.toml").write_text(text, encoding="utf-8")
    return load_config(
        config_path=tmp_path / "aztui.toml", cli_overrides={"db": str(tmp_path / "store.db")}
    )


async def test_the_users_keys_replace_the_default_ones(tmp_path, monkeypatch):
    config = configured(
        tmp_path, monkeypatch, '[tui]\ntheme = "aztui-light"\nkeys = { "pane.claims" = "c" }\n'
    )
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.theme == "aztui-light"
        await pilot.press("c")
        assert app.query_one("#panes").active == "claims"
        await pilot.press("1")
        await pilot.press("2")  # the default key of that action is gone
        assert app.query_one("#panes").active == "today"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[tui]\nkeys = { "pane.claim" = "c" }\n', "unknown action 'pane.claim'"),
        ('[tui]\ntheme = "aztui-drak"\n', "unknown theme 'aztui-drak'"),
    ],
)
def test_a_wrong_setting_is_named_with_the_closest_one(tmp_path, monkeypatch, text, message):
    config = configured(tmp_path, monkeypatch, text)
    with pytest.raises(ConfigError, match="did you mean") as caught:
        AztuiApp(config)
    assert message in str(caught.value)


def test_mouse_false_runs_the_app_without_the_mouse(tmp_path, monkeypatch):
    config = configured(tmp_path, monkeypatch, "[tui]\nmouse = false\n")
    runs = []
    monkeypatch.setattr(AztuiApp, "run", lambda self, **kw: runs.append(kw))
    app_module.run_app(config)
    assert runs == [{"mouse": False}]


def test_every_action_has_an_id_the_keymap_can_name():
    assert {"quit", "pane.claims", "claim.evidence", "evidence.copy"} <= action_ids()


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("en", ["Decision", "Evidence", "Claims", "Reason"], ["Décision", "Preuves", "Motif"]),
        ("fr", ["Décision", "Preuves", "Réclamations", "Motif"], ["Evidence", "Reason"]),
    ],
)
async def test_keys_and_forms_speak_the_configured_language(
    tmp_path, monkeypatch, language, shown, hidden
):
    config = configured(tmp_path, monkeypatch, f'language = "{language}"\n')
    app = AztuiApp(config, clock=Clock(NOW), tick_seconds=3600)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        words = " ".join(b.binding.description for b in app.screen.active_bindings.values())
        words += " " + " ".join(str(tab.label) for tab in app.query("Tab"))
        await pilot.press("n")  # the new-claim form
        await pilot.pause()
        words += " " + " ".join(str(label.render()) for label in app.screen.query("Label"))
    for word in shown:
        assert word in words, word
    for word in hidden:
        assert word not in words, word
