"""Layering: defaults < team file < user file < environment < command line, with origins."""

from __future__ import annotations

from pathlib import Path

import pytest

from aztui.config import ConfigError, default_db_path, find_team_file, load_config

TEAM = """\
marketplace = "FR"
store = "team-store"
db = "data/shop.db"
inbox = "inbox"

[policy.FR]
signature_threshold = 200
claim_response = { days = 4 }

[plugins]
disabled = ["slow"]
timeout_seconds = 5
"""

USER = """\
store = "user-store"
language = "en"

[policy.FR.claim_response]
days = 5

[plugins]
disabled = []
"""


def _no_team_file_above(folder: Path) -> bool:
    return not any((d / "aztui.toml").is_file() for d in (folder, *folder.parents))


def test_defaults(load, project):
    if not _no_team_file_above(project):
        pytest.skip("an aztui.toml above the temporary folder would be found")
    config = load()
    assert (config.marketplace, config.language, config.timezone) == ("FR", "fr", "Europe/Paris")
    assert config.store == "sqlite"
    assert config.db is None
    assert config.database == config.values["db"] == str(default_db_path())
    assert config.inbox is None
    assert config.plugins.disabled == []
    assert config.plugins.timeout_seconds == 10.0
    assert config.policy_overrides == {}
    assert config.team_file is None and config.user_file is None
    assert set(config.origins.values()) == {"default"}


def test_marketplace_sets_language_and_timezone(load):
    config = load(env={"AZTUI_MARKETPLACE": "DE"})
    assert (config.language, config.timezone) == ("en", "Europe/Berlin")
    assert config.origins["marketplace"] == "env AZTUI_MARKETPLACE"
    assert config.origins["timezone"] == "default"


def test_every_layer_in_order_with_origins(load, project, user_file, write):
    team = write(project / "aztui.toml", TEAM)
    write(user_file, USER)
    config = load(
        env={"AZTUI_STORE": "env-store", "AZTUI_TIMEZONE": "Europe/Madrid"},
        cli_overrides={"store": "cli-store", "marketplace": None},
    )
    assert config.team_file == team
    assert config.user_file == user_file
    assert config.store == "cli-store"
    assert config.origins["store"] == "command line"
    assert config.timezone == "Europe/Madrid"
    assert config.origins["timezone"] == "env AZTUI_TIMEZONE"
    assert config.language == "en"
    assert config.origins["language"] == str(user_file)
    assert config.marketplace == "FR"  # None on the command line means "not typed"
    assert config.origins["marketplace"] == str(team)
    assert config.plugins.disabled == []  # a list is replaced whole
    assert config.origins["plugins.disabled"] == str(user_file)
    assert config.plugins.timeout_seconds == 5.0
    assert config.origins["plugins.timeout_seconds"] == str(team)
    assert config.overrides_for() == {"signature_threshold": 200, "claim_response.days": 5}
    assert config.origins["policy.FR.claim_response.days"] == str(user_file)
    assert config.origins["policy.FR.signature_threshold"] == str(team)


def test_paths_in_a_file_are_relative_to_that_file(load, project, write):
    write(project / "aztui.toml", TEAM)
    nested = project / "a" / "b"
    nested.mkdir(parents=True)
    config = load(cwd=nested)
    assert config.db == config.database == str(project / "data" / "shop.db")
    assert config.inbox == project / "inbox"


def test_paths_from_environment_and_command_line_are_relative_to_cwd(load, project):
    config = load(env={"AZTUI_DB": "env.db"}, cli_overrides={"inbox": Path("drop")})
    assert config.db == str(project / "env.db")
    assert config.inbox == project / "drop"


def test_database_url_is_kept_as_written(load, project, write):
    write(project / "aztui.toml", 'db = "sqlite:///relative/shop.db"\n')
    assert load().db == "sqlite:///relative/shop.db"


def test_nearest_file_is_found_from_a_nested_directory(load, project, write):
    write(project / "aztui.toml", 'marketplace = "IT"\n')
    inner = write(project / "sub" / "aztui.toml", 'marketplace = "ES"\n')
    deep = project / "sub" / "x" / "y"
    deep.mkdir(parents=True)
    config = load(cwd=deep)
    assert config.team_file == inner
    assert config.marketplace == "ES"
    assert find_team_file(cwd=project / "sub" / "x", env={}) == inner


def test_config_argument_beats_variable_beats_discovery(load, project, write):
    write(project / "aztui.toml", 'marketplace = "IT"\n')
    by_env = write(project / "env.toml", 'marketplace = "ES"\n')
    by_arg = write(project / "arg.toml", 'marketplace = "UK"\n')
    env = {"AZTUI_CONFIG": str(by_env)}
    assert load(env=env).marketplace == "ES"
    assert load(env=env, config_path="arg.toml").team_file == by_arg
    assert load(env=env, config_path=by_arg).marketplace == "UK"


def test_an_explicit_team_file_must_exist(load):
    with pytest.raises(ConfigError, match=r"--config: configuration file .*missing.toml"):
        load(config_path="missing.toml")
    with pytest.raises(ConfigError, match="AZTUI_CONFIG: configuration file"):
        load(env={"AZTUI_CONFIG": "missing.toml"})


def test_user_file_is_redirected_by_variable(project, tmp_path, write):
    user = write(tmp_path / "elsewhere.toml", 'marketplace = "UK"\n')
    config = load_config(cwd=project, env={"AZTUI_USER_CONFIG": str(user)})
    assert config.user_file == user
    assert config.marketplace == "UK"
    assert config.timezone == "Europe/London"


def test_user_file_may_be_missing(load, user_file):
    assert not user_file.exists()
    assert load().user_file is None


def test_empty_environment_variables_are_ignored(load):
    config = load(env={"AZTUI_MARKETPLACE": "", "AZTUI_CONFIG": ""})
    assert config.origins["marketplace"] != "env AZTUI_MARKETPLACE"


def test_command_line_takes_dotted_keys(load, project, write):
    write(project / "aztui.toml", TEAM)
    config = load(
        cli_overrides={"plugins.disabled": ("a", "b"), "policy.FR.signature_threshold": 99}
    )
    assert config.plugins.disabled == ["a", "b"]
    assert config.overrides_for()["signature_threshold"] == 99
    assert config.origins["plugins.disabled"] == "command line"


def test_policy_for_other_marketplaces_is_kept(load, project, write):
    write(project / "aztui.toml", "[policy.UK]\nat_risk_ratio = 0.8\n")
    config = load()
    assert config.overrides_for() == {}
    assert config.overrides_for("UK") == {"at_risk_ratio": 0.8}


def test_example_team_file_of_the_repository_is_valid():
    root = Path(__file__).resolve().parents[2]
    config = load_config(
        config_path=root / "aztui.toml",
        cwd=root,
        env={},
        user_config_path=root / "no-such-user-file.toml",
    )
    assert config.marketplace == "FR" and config.language == "fr"
    assert config.overrides_for() == {"signature_threshold": 150}
    assert config.plugins.disabled == []
    assert "db" not in {k for k, v in config.origins.items() if v != "default"}


def test_user_file_is_not_taken_for_a_team_file_from_its_own_folder(load, user_file, write):
    write(user_file, 'db = "postgresql://me:pw@host/aztui"\n')
    config = load(cwd=user_file.parent)
    assert config.team_file is None
    assert config.user_file == user_file
    assert config.db == "postgresql://me:pw@host/aztui"
