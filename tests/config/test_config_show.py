"""`config show [--origin]`, `config init`, policy flattening and the documentation."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from aztui.config import ConfigError, flatten_policy, show_config, starter_config, write_starter
from aztui.config.loader import ENV_VARIABLES
from aztui.config.schema import Settings
from aztui.config.walk import leaves
from aztui.domain.policy import MARKETPLACES, Policy

TEAM = """\
marketplace = "FR"
db = { env = "AZTUI_DB_URL" }

[policy.FR]
signature_threshold = 200
claim_response = { days = { value = 2, valid_from = 2027-01-01, source = "G27951, 2027" } }
"""


def test_show_with_origin(load, project, write):
    team = write(project / "aztui.toml", TEAM)
    config = load(
        env={"AZTUI_DB_URL": "postgresql://u:pw@h/db", "AZTUI_LANGUAGE": "en"},
        cli_overrides={"store": "memory"},
    )
    shown = show_config(config, with_origin=True)
    lines = shown.splitlines()
    assert lines[0] == f"# team file: {team}"
    assert lines[1] == "# user file: none"
    by_key = {line.split(" = ")[0]: line for line in lines[2:]}
    assert by_key["marketplace"].endswith(f"# from {team}")
    assert by_key["language"].startswith('language = "en"')
    assert by_key["language"].endswith("# from env AZTUI_LANGUAGE")
    assert by_key["timezone"].endswith("# from default")
    assert by_key["store"].endswith("# from command line")
    assert by_key["db"].startswith('db = { env = "AZTUI_DB_URL" }')
    assert by_key["plugins.timeout_seconds"].startswith("plugins.timeout_seconds = 10.0")
    assert by_key["policy.FR.signature_threshold"].endswith(f"# from {team}")
    assert by_key["policy.FR.claim_response.days"].startswith(
        "policy.FR.claim_response.days = { value = 2, valid_from = 2027-01-01, "
        'source = "G27951, 2027" }'
    )
    assert "pw" not in shown
    assert "inbox" not in by_key  # not set, nothing to show


def test_show_without_origin_is_toml(load, project, write):
    write(project / "aztui.toml", TEAM)
    config = load(env={"AZTUI_DB_URL": "x.db"})
    shown = show_config(config)
    assert "# from" not in shown
    parsed = tomllib.loads(shown)
    assert parsed["policy"]["FR"]["claim_response"]["days"]["valid_from"] == date(2027, 1, 1)
    assert parsed["db"] == {"env": "AZTUI_DB_URL"}
    assert tomllib.loads(show_config(config, with_origin=True)) == parsed


def test_starter_round_trip(load, project):
    path = write_starter(project / "aztui.toml")
    text = path.read_text()
    assert text.startswith("# aztui team configuration")
    assert tomllib.loads(text) == starter_config()
    config = load()
    assert config.team_file == path
    assert config.overrides_for() == {"signature_threshold": 150}
    assert all(
        origin == str(path)
        for key, origin in config.origins.items()
        if key in {"marketplace", "language", "timezone", "store", "plugins.disabled"}
    )


@pytest.mark.parametrize("code", list(MARKETPLACES))
def test_starter_for_each_marketplace_loads(load, tmp_path, code):
    path = write_starter(tmp_path / code / "aztui.toml", marketplace=code)
    config = load(config_path=path)
    assert config.marketplace == code
    assert config.timezone == MARKETPLACES[code].timezone
    Policy(code, config.overrides_for(), timezone=config.timezone)


def test_starter_refuses_to_overwrite(project):
    path = project / "aztui.toml"
    path.write_text("# kept by hand\n")
    with pytest.raises(ConfigError, match="already exists"):
        write_starter(path)
    assert path.read_text() == "# kept by hand\n"
    write_starter(path, force=True)
    assert "marketplace" in path.read_text()


def test_starter_refuses_unknown_marketplace():
    with pytest.raises(ConfigError, match="unknown marketplace 'XX'"):
        starter_config("XX")


def test_flatten_policy():
    section = {
        "at_risk_ratio": 0.8,
        "claim_response": {"days": 3},
        "order_defect_rate": {"target": 0.02, "window_days": {"value": 30}},
        "appeal": {"days": {"value": 20, "valid_from": date(2027, 1, 1), "source": "s"}},
        "empty": {},
    }
    assert flatten_policy(section) == {
        "at_risk_ratio": 0.8,
        "claim_response.days": 3,
        "order_defect_rate.target": 0.02,
        "order_defect_rate.window_days": {"value": 30},
        "appeal.days": {"value": 20, "valid_from": date(2027, 1, 1), "source": "s"},
    }
    assert flatten_policy({"claim_response.days": 3}) == {"claim_response.days": 3}


def test_overrides_feed_the_domain_policy(load, project, write):
    write(project / "aztui.toml", TEAM)
    config = load(env={"AZTUI_DB_URL": "x.db"})
    policy = Policy(config.marketplace, config.overrides_for(), timezone=config.timezone)
    assert policy.get("signature_threshold") == Decimal(200)
    before = datetime(2026, 6, 1, tzinfo=UTC)
    after = datetime(2027, 6, 1, tzinfo=UTC)
    assert policy.get("claim_response.days", before) == 3
    assert policy.get("claim_response.days", after) == 2
    assert policy.entry("claim_response.days", after).source == "G27951, 2027"


def test_documentation_covers_every_key_and_variable():
    text = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text()
    for key, _, _ in leaves(Settings(), only_set=False):
        assert f"| `{key}` |" in text, f"{key} is missing from the table of settings"
    assert "`policy.<MARKETPLACE>`" in text
    for variable in [*ENV_VARIABLES, "AZTUI_CONFIG", "AZTUI_USER_CONFIG"]:
        assert variable in text
