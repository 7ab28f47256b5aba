"""``[carriers.mondialrelay] options``: the carrier takes none, so a key written there is a
configuration error when a command starts (the file and the full key), before any call to
Mondial Relay and before anything is written, never quoting the value written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytest_httpserver import HTTPServer

from aztui.testing import said

Cli = Callable[..., tuple[int, str, str]]


def test_an_option_is_a_configuration_error_naming_the_file_and_key(
    tmp_path: Path, httpserver: HTTPServer, aztui_cli: Cli
) -> None:
    value = "mondialrelay-secret-4b7e0c2a"
    config = tmp_path / "aztui.toml"
    config.write_text(
        f'language = "en"\n\n[carriers.mondialrelay]\nbase_url = "{httpserver.url_for("/")}"\n'
        f'options = {{ langue = "EN", country = "{value}" }}\n',
        encoding="utf-8",
    )

    for command in ("track", "check"):
        code, out, err = aztui_cli(command)

        assert code == 2, out + err
        told = said(err)
        assert f"{config}: unknown key 'carriers.mondialrelay.options.langue'" in told
        assert f"{config}: unknown key 'carriers.mondialrelay.options.country'" in told
        assert "validation error" not in told and "extra" not in told.lower()
        assert value not in out + err
    assert not httpserver.log
    assert not (tmp_path / "store.db").exists()
