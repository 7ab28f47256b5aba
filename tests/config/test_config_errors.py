"""Every error names its file (or variable), the full dotted key and what is expected."""

from __future__ import annotations

import pytest

from aztui.config import ConfigError, closest


def _error(load, project, write, text: str, **kwargs) -> str:
    write(project / "aztui.toml", text)
    with pytest.raises(ConfigError) as caught:
        load(**kwargs)
    return str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'marketplce = "FR"\n',
            "aztui.toml: unknown key 'marketplce' (did you mean 'marketplace'?)",
        ),
        (
            "[plugins]\ndisbled = []\n",
            "aztui.toml: unknown key 'plugins.disbled' (did you mean 'plugins.disabled'?)",
        ),
        (
            "disabled = []\n",
            "aztui.toml: unknown key 'disabled' (did you mean 'plugins.disabled'?)",
        ),
        ("[plugin]\ndisabled = []\n", "aztui.toml: unknown key 'plugin' (did you mean 'plugins'?)"),
        (
            "[policy.FRA]\nat_risk_ratio = 0.8\n",
            "aztui.toml: unknown key 'policy.FRA': policy tables are named after a marketplace "
            "(FR, DE, ES, IT, UK, NL, BE, PL, SE, IE, US) (did you mean 'policy.FR'?)",
        ),
        (
            "[plugins]\ncolour = 1\n",
            "aztui.toml: unknown key 'plugins.colour' "
            "(valid here: 'plugins.disabled', 'plugins.timeout_seconds')",
        ),
    ],
)
def test_unknown_keys(load, project, write, text, message):
    assert _error(load, project, write, text) == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("marketplace = 3\n", "aztui.toml: marketplace: expected a string, got 3"),
        (
            'marketplace = "XX"\n',
            "aztui.toml: marketplace: expected one of FR, DE, ES, IT, UK, NL, BE, PL, SE, IE, "
            "US, got 'XX'",
        ),
        (
            'marketplace = "fr"\n',
            "aztui.toml: marketplace: expected one of FR, DE, ES, IT, UK, NL, BE, PL, SE, IE, "
            "US, got 'fr' (did you mean 'FR'?)",
        ),
        ('language = "de"\n', "aztui.toml: language: expected one of fr, en, got 'de'"),
        (
            'timezone = "Europe/Pari"\n',
            "aztui.toml: timezone: expected an IANA time zone such as 'Europe/Paris', "
            "got 'Europe/Pari' (did you mean 'Europe/Paris'?)",
        ),
        (
            '[plugins]\ntimeout_seconds = "ten"\n',
            'aztui.toml: plugins.timeout_seconds: expected a number, got "ten"',
        ),
        (
            "[plugins]\ntimeout_seconds = 0\n",
            "aztui.toml: plugins.timeout_seconds: expected a number greater than 0, got 0",
        ),
        (
            '[plugins]\ndisabled = "slow"\n',
            'aztui.toml: plugins.disabled: expected an array such as ["a", "b"], got "slow"',
        ),
        (
            '[plugins]\ndisabled = ["ok", 3]\n',
            "aztui.toml: plugins.disabled[1]: expected a string, got 3",
        ),
        ("plugins = true\n", "aztui.toml: plugins: expected a table, got true"),
        ('store = ""\n', "aztui.toml: store: expected a non-empty string"),
        (
            'db = { url = "x" }\n',
            'aztui.toml: db: expected a non-empty string, { env = "NAME" } or { file = "path" }, '
            'got { url = "x" }',
        ),
        ("[policy]\nFR = 3\n", "aztui.toml: policy.FR: expected a table, got 3"),
    ],
)
def test_wrong_types_and_values(load, project, write, text, message):
    assert _error(load, project, write, text) == message


def test_every_problem_of_a_file_is_listed(load, project, write):
    message = _error(load, project, write, 'marketplace = "XX"\nstore = 1\nfoo = 2\n')
    assert len(message.splitlines()) == 3
    assert all(line.startswith("aztui.toml: ") for line in message.splitlines())


def test_error_in_the_user_file_names_it(load, user_file, write):
    write(user_file, "langage = 'en'\n")
    with pytest.raises(ConfigError) as caught:
        load()
    assert str(caught.value) == f"{user_file}: unknown key 'langage' (did you mean 'language'?)"


def test_discovered_file_above_cwd_is_named_by_its_path(load, project, write):
    write(project / "aztui.toml", "foo = 1\n")
    (project / "sub").mkdir()
    with pytest.raises(ConfigError, match=f"^{project / 'aztui.toml'}: unknown key 'foo'"):
        load(cwd=project / "sub")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('marketplace = "FR"\nstore =\n', "line 2, column 8"),
        ('marketplace = "FR"\n[plugins\n', "line 2, column 9"),
        ('marketplace = "FR', "line 1, column 18 (end of file)"),
    ],
)
def test_toml_syntax_error_names_line_and_column(load, project, write, text, where):
    message = _error(load, project, write, text)
    assert message.startswith(f"aztui.toml: {where}: invalid TOML: ")


def test_not_utf8(load, project):
    (project / "aztui.toml").write_bytes(b'store = "\xff"\n')
    with pytest.raises(ConfigError, match=r"aztui\.toml: not valid UTF-8"):
        load()


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "AZTUI_MARKETPLACE",
            "XX",
            "environment variable AZTUI_MARKETPLACE: marketplace: expected one of FR, DE, ES, IT, "
            "UK, NL, BE, PL, SE, IE, US, got 'XX'",
        ),
        (
            "AZTUI_LANGUAGE",
            "EN",
            "environment variable AZTUI_LANGUAGE: language: expected one of fr, en, got 'EN' "
            "(did you mean 'en'?)",
        ),
        (
            "AZTUI_TIMEZONE",
            "Mars/Olympus",
            "environment variable AZTUI_TIMEZONE: timezone: expected an IANA time zone such as "
            "'Europe/Paris', got 'Mars/Olympus'",
        ),
    ],
)
def test_environment_errors_name_the_variable(load, variable, value, message):
    with pytest.raises(ConfigError) as caught:
        load(env={variable: value})
    assert str(caught.value) == message


def test_command_line_errors(load):
    with pytest.raises(ConfigError) as caught:
        load(cli_overrides={"marketplace": "XX", "plugins.timeout": 3})
    text = str(caught.value)
    assert "command line: marketplace: expected one of FR" in text
    assert (
        "command line: unknown key 'plugins.timeout' (did you mean 'plugins.timeout_seconds'?)"
    ) in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[policy.FR]\nclaim_response = { days = { value = 2, valid_form = 2027-01-01 } }\n",
            "aztui.toml: unknown key 'policy.FR.claim_response.days.valid_form' "
            "(did you mean 'valid_from'?): a dated override takes value, valid_from and source",
        ),
        (
            '[policy.FR]\nat_risk_ratio = { value = 0.8, valid_from = "2027-01-01" }\n',
            "aztui.toml: policy.FR.at_risk_ratio.valid_from: expected a date such as 2027-01-01, "
            'got "2027-01-01"',
        ),
        (
            "[policy.FR]\nat_risk_ratio = { valid_from = 2027-01-01 }\n",
            "aztui.toml: policy.FR.at_risk_ratio: a dated override needs a 'value' key",
        ),
        (
            "[policy.FR]\nat_risk_ratio = { value = 0.8, source = 1 }\n",
            "aztui.toml: policy.FR.at_risk_ratio.source: expected a string, got 1",
        ),
    ],
)
def test_dated_override_shape(load, project, write, text, message):
    assert _error(load, project, write, text) == message


def test_policy_keys_are_not_checked_by_the_configuration(load, project, write):
    write(project / "aztui.toml", "[policy.FR]\nmy_plugin.limit = 3\n")
    assert load().overrides_for() == {"my_plugin.limit": 3}


def test_closest():
    keys = ["claim_response.days", "appeal.days", "at_risk_ratio"]
    assert closest("claim_respons.days", keys) == "claim_response.days"
    assert closest("AT_RISK_RATIO", keys) == "at_risk_ratio"
    assert closest("zzz", keys) is None
    assert closest("x", []) is None
