"""``[carriers.dhl] options`` written wrong in an ``aztui.toml``: what the seller sees when a
command starts (the file, the full key, what was expected), before any call to DHL and
before anything is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytest_httpserver import HTTPServer

from aztui.testing import said

Cli = Callable[..., tuple[int, str, str]]


def configure(tmp_path: Path, server: HTTPServer, options: str) -> Path:
    config = tmp_path / "aztui.toml"
    config.write_text(
        f'language = "en"\n\n[carriers.dhl]\nbase_url = "{server.url_for("/")}"\n'
        f"options = {{ {options} }}\n",
        encoding="utf-8",
    )
    return config


def test_a_wrong_service_and_country_are_configuration_errors_naming_the_file(
    tmp_path: Path, httpserver: HTTPServer, aztui_cli: Cli
) -> None:
    config = configure(
        tmp_path,
        httpserver,
        'service = "parcel-fr", requester_country_code = "DEU", language = 1',
    )

    code, out, err = aztui_cli("track")

    assert code == 2, out + err
    told = said(err)
    assert (
        f"{config}: carriers.dhl.options.service: expected one of DHL's services (dgf, dsc, "
        in told
    )
    assert (
        f"{config}: carriers.dhl.options.requester_country_code: expected a two-letter "
        "country code such as DE" in told
    )
    assert f"{config}: carriers.dhl.options.language: expected a string" in told
    assert "validation error" not in told and "Value error" not in told
    assert not httpserver.log
    assert not (tmp_path / "store.db").exists()


def test_an_unknown_option_is_named_with_the_closest_and_a_secret_never_quoted(
    tmp_path: Path, httpserver: HTTPServer, aztui_cli: Cli
) -> None:
    secret = "dhl-key-5d1e9f3a7c"
    config = configure(
        tmp_path, httpserver, f'requester_country = "DE", origin_country_code = "{secret}"'
    )

    code, out, err = aztui_cli("check")

    assert code == 2, out + err
    told = said(err)
    assert (
        f"{config}: unknown key 'carriers.dhl.options.requester_country' (did you mean "
        "'requester_country_code'?)" in told
    )
    assert f"{config}: carriers.dhl.options.origin_country_code: expected a two-letter" in told
    assert secret not in out + err
