"""Secrets: references resolved, literals refused in the team file, never shown."""

from __future__ import annotations

import pytest

from aztui.config import ConfigError, SecretRef, resolve_secret, show_config

URL = "postgresql://shop:s3cret@db.example:5432/aztui"


def test_env_reference_is_resolved(load, project, write):
    write(project / "aztui.toml", 'db = { env = "AZTUI_DB_URL" }\n')
    config = load(env={"AZTUI_DB_URL": URL})
    assert config.db == URL
    assert config.values["db"] == SecretRef(env="AZTUI_DB_URL")


def test_file_reference_is_relative_to_the_file_and_loses_its_newline(load, project, write):
    write(project / "secrets" / "db-url", URL + "\n")
    write(project / "aztui.toml", 'db = { file = "secrets/db-url" }\n')
    (project / "deep").mkdir()
    assert load(cwd=project / "deep").db == URL


def test_missing_environment_variable(load, project, write):
    write(project / "aztui.toml", 'db = { env = "AZTUI_DB_URL" }\n')
    with pytest.raises(ConfigError) as caught:
        load()
    message = str(caught.value)
    assert message.startswith("db: environment variable AZTUI_DB_URL is not set")
    assert str(project / "aztui.toml") in message


def test_missing_secret_file(load, project, write):
    write(project / "aztui.toml", 'db = { file = "nope" }\n')
    with pytest.raises(ConfigError, match=r"^db: secret file .*nope does not exist"):
        load()


def test_empty_secret_file(load, project, write):
    write(project / "aztui.toml", 'db = { file = "empty" }\n')
    write(project / "empty", "\n")
    with pytest.raises(ConfigError, match=r"^db: secret file .*empty is empty"):
        load()


def test_secrets_can_be_left_unresolved(load, project, write):
    write(project / "aztui.toml", 'db = { env = "AZTUI_DB_URL" }\n')
    config = load(resolve_secrets=False)
    assert config.db is None
    assert 'db = { env = "AZTUI_DB_URL" }' in show_config(config)


def test_literal_password_is_refused_in_the_team_file(load, project, write):
    write(project / "aztui.toml", f'db = "{URL}"\n')
    with pytest.raises(ConfigError) as caught:
        load()
    message = str(caught.value)
    assert message.startswith(
        "aztui.toml: db: a URL with a password is not written in the team file"
    )
    assert 'db = { env = "AZTUI_DB" }' in message
    assert "s3cret" not in message


def test_url_without_password_is_fine_in_the_team_file(load, project, write):
    write(project / "aztui.toml", 'db = "postgresql://shop@db.example/aztui"\n')
    assert load().db == "postgresql://shop@db.example/aztui"


@pytest.mark.parametrize("where", ["user", "env", "cli"])
def test_literal_password_elsewhere_is_accepted_and_masked(load, user_file, write, where):
    kwargs = {}
    if where == "user":
        write(user_file, f'db = "{URL}"\n')
    elif where == "env":
        kwargs["env"] = {"AZTUI_DB": URL}
    else:
        kwargs["cli_overrides"] = {"db": URL}
    config = load(**kwargs)
    assert config.db == URL
    shown = show_config(config, with_origin=True)
    assert "s3cret" not in shown
    assert 'db = "postgresql://shop:***@db.example:5432/aztui"' in shown


def test_resolve_secret_directly(tmp_path):
    ref = SecretRef(env="TOKEN")
    assert resolve_secret(ref, key="k", env={"TOKEN": "t"}, origin="x") == "t"
    with pytest.raises(ConfigError, match=r"^k: environment variable TOKEN is empty"):
        resolve_secret(ref, key="k", env={"TOKEN": ""}, origin="x")
    secret = tmp_path / "s"
    secret.write_text("value\r\n")
    assert resolve_secret(SecretRef(file=str(secret)), key="k", env={}, origin="x") == "value"
