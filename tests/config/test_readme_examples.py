"""The aztui.toml examples of the README load as written, and their channels' options are
ones the installed channel plugins accept."""

from __future__ import annotations

import re
from pathlib import Path

from aztui.channels import secret_variable
from aztui.channels.send import make_channels
from aztui.config import load_config
from aztui.pluginmanager import PluginHost

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_toml_example_of_the_readme_loads(tmp_path, monkeypatch):
    monkeypatch.setenv("AZTUI_USER_CONFIG", str(tmp_path / "none.toml"))
    blocks = re.findall(r"```toml\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks
    for block in blocks:
        (tmp_path / "aztui.toml").write_text(f'db = "store.db"\n{block}', encoding="utf-8")
        config = load_config(config_path=tmp_path / "aztui.toml")
        host = PluginHost().load()
        for name, settings in config.channels.items():  # the secrets as the README says to set
            spec = host.channels()[settings.type].item
            for secret in (*spec.secrets, *spec.optional_secrets):
                monkeypatch.setenv(secret_variable(name, secret), "set-in-the-environment")
        channels = make_channels(config.channels, host, config.language)
        assert channels.broken == {}, channels.broken
        assert set(channels.made) == set(config.channels)
