"""``[carriers.ups] options``: what each accepts, and what the seller sees when one is written
wrong in an ``aztui.toml`` (the file, the full key, what was expected), before any call to UPS
and before anything is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from aztui_carrier_ups.options import UpsOptions
from pydantic import ValidationError
from pytest_httpserver import HTTPServer

from aztui.testing import said

Cli = Callable[..., tuple[int, str, str]]


def configure(tmp_path: Path, server: HTTPServer, options: str) -> Path:
    config = tmp_path / "aztui.toml"
    config.write_text(
        f'language = "en"\n\n[carriers.ups]\nbase_url = "{server.url_for("/")}"\n'
        f"options = {{ {options} }}\n",
        encoding="utf-8",
    )
    return config


def test_the_defaults_and_an_empty_text_as_unset() -> None:
    assert UpsOptions() == UpsOptions(locale="", transaction_src=" ", merchant_id="")
    options = UpsOptions()
    assert (options.locale, options.transaction_src, options.merchant_id) == ("fr_FR", "aztui", "")
    written = UpsOptions(locale="EN_us", transaction_src=" shop 2 ", merchant_id=" A1B2C3 ")
    assert (written.locale, written.transaction_src, written.merchant_id) == (
        "en_US",
        "shop 2",
        "A1B2C3",
    )


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"locale": "french"}, "expected a language and a country such as fr_FR"),
        ({"locale": "fr-FR"}, "expected a language and a country such as fr_FR"),
        ({"transaction_src": "café"}, "expected printable ASCII on one line"),
        ({"transaction_src": "a\nb"}, "expected printable ASCII on one line"),
        ({"transaction_src": "x" * 513}, "at most 512 characters"),
        ({"merchant_id": "A1B2C"}, "expected the 6-character UPS account number"),
        ({"merchant_id": 123456}, "Input should be a valid string"),
        ({"merchant": "A1B2C3"}, "Extra inputs are not permitted"),
    ],
)
def test_each_rule_names_its_option(options: dict[str, object], says: str) -> None:
    with pytest.raises(ValidationError) as refused:
        UpsOptions.model_validate(options)
    [problem] = refused.value.errors()
    assert problem["loc"] == tuple(options) and says in problem["msg"]


def test_wrong_options_are_configuration_errors_naming_the_file(
    tmp_path: Path, httpserver: HTTPServer, aztui_cli: Cli
) -> None:
    config = configure(tmp_path, httpserver, 'locale = "fr-FR", merchant_id = 123456')

    code, out, err = aztui_cli("track")

    assert code == 2, out + err
    told = said(err)
    assert (
        f"{config}: carriers.ups.options.locale: expected a language and a country such as "
        "fr_FR or en_US" in told
    )
    assert f"{config}: carriers.ups.options.merchant_id: expected a string" in told
    assert "validation error" not in told and "Value error" not in told
    assert not httpserver.log  # not even a token asked for
    assert not (tmp_path / "store.db").exists()


def test_an_unknown_option_is_named_with_the_closest_and_a_value_never_quoted(
    tmp_path: Path, httpserver: HTTPServer, aztui_cli: Cli
) -> None:
    value = "ups-secret-9c1e5d7b"
    config = configure(tmp_path, httpserver, f'merchantid = "A1B2C3", merchant_id = "{value}"')

    code, out, err = aztui_cli("check")

    assert code == 2, out + err
    told = said(err)
    assert (
        f"{config}: unknown key 'carriers.ups.options.merchantid' (did you mean "
        "'merchant_id'?)" in told
    )
    assert f"{config}: carriers.ups.options.merchant_id: expected the 6-character" in told
    assert value not in out + err
