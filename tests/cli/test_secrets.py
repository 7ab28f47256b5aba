"""No secret leaks: the team file refuses them, and a canary secret never comes out.

The canary is given as every secret of every installed first-party plugin (its ``AZTUI_…``
variable) and written into every option of every channel in turn; aztui then runs the
commands that touch them (``watch --once`` sending to servers that refuse, ``track`` asking
carriers whose local server echoes the whole request back in a 401, ``check``, ``export``,
``plugins``, ``config show``), with ``--debug`` so that every library logs what it can. The
canary must appear in no output, no log line and no file aztui wrote, the store included.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from werkzeug import Request, Response

from aztui.demo import write_dataset
from aztui.pluginmanager import PluginHost
from tests.ports import refused_port

CANARY = "cnry-5f1e9a7c3b"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def declared() -> dict[str, dict[str, tuple[str, ...]]]:
    """The secrets each installed first-party channel type and carrier declares."""
    host = PluginHost().load()
    return {
        "channels": {name: r.item.secrets for name, r in host.channels().items()},
        "carriers": {r.item.name: r.item.secrets for r in host.carriers().values()},
    }


DECLARED = declared()
PLUGIN_SECRETS = [
    (table, name, secret)
    for table, specs in DECLARED.items()
    for name, secrets in specs.items()
    for secret in secrets
    if name not in ("example", "testcarrier")
]


def variable(table: str, name: str, secret: str) -> str:
    prefix = "AZTUI_CHANNEL_" if table == "channels" else "AZTUI_"
    return (prefix + f"{name}_{secret}").upper()


def channel_options(closed: int) -> dict[str, dict[str, Any]]:
    """Valid options of each first-party channel, every one pointed at a refused port."""
    return {
        "email": {
            "host": "127.0.0.1",
            "port": closed,
            "security": "none",
            "username": "ops",
            "sender": "alerts@example.com",
            "recipients": ["ops@example.com"],
            "timeout_seconds": 5,
        },
        "webhook": {"url": f"http://127.0.0.1:{closed}/hooks/aztui", "timeout_seconds": 5},
        "apprise": {"format": "text"},
    }


def leaks(text: str | bytes) -> bool:
    if isinstance(text, bytes):
        return CANARY.encode() in text
    return CANARY in text


def files_with_canary(root: Path) -> list[str]:
    return [
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and not p.name.endswith(".toml") and leaks(p.read_bytes())
    ]


def write_toml(path: Path, data: dict[str, Any]) -> None:
    path.write_text(tomli_w.dumps(data), encoding="utf-8")


# -- the team file ------------------------------------------------------------------------


@pytest.mark.parametrize(("table", "name", "secret"), PLUGIN_SECRETS)
@pytest.mark.parametrize("where", ["team", "user"])
def test_a_plugins_secret_in_its_options_is_refused(aztui, workdir, table, name, secret, where):
    section: dict[str, Any] = {"options": {secret: CANARY}}
    if table == "channels":
        section["type"] = name
    data = {table: {name: section}}
    if where == "team":
        write_toml(workdir / "aztui.toml", data)
    else:
        write_toml(workdir / "no-user-config.toml", data)
    run = aztui("check")
    assert run.code == 2, run.err
    assert f"{table}.{name}.options.{secret}" in run.err
    assert variable(table, name, secret) in run.err and "secrets_file" in run.err
    assert not leaks(run.out + run.err)


CREDENTIALS = {
    "a URL with a password": (
        {"channels": {"ops": {"type": "webhook", "options": {"url": f"https://u:{CANARY}@h.fr/"}}}},
        "channels.ops.options.url",
    ),
    "an Authorization header": (
        {
            "channels": {
                "ops": {
                    "type": "webhook",
                    "options": {
                        "url": "https://h.fr/",
                        "headers": {"Authorization": f"Bearer {CANARY}"},
                    },
                }
            }
        },
        "channels.ops.options.headers.Authorization",
    ),
    "a bearer token under another name": (
        {"channels": {"ops": {"type": "webhook", "options": {"note": f"Bearer {CANARY}"}}}},
        "channels.ops.options.note",
    ),
    "a carrier's base_url with credentials": (
        {"carriers": {"dhl": {"base_url": f"https://me:{CANARY}@api.dhl.example/"}}},
        "carriers.dhl.base_url",
    ),
    "an api_key in a carrier's options": (
        {"carriers": {"dhl": {"options": {"api_key": CANARY}}}},
        "carriers.dhl.options.api_key",
    ),
    "a password in an unknown plugin's options": (
        {"carriers": {"acme": {"options": {"password": CANARY}}}},
        "carriers.acme.options.password",
    ),
    "a signing secret in webhook format": (
        {"channels": {"ops": {"type": "webhook", "options": {"salt": "whsec_" + "Q" * 32}}}},
        "channels.ops.options.salt",
    ),
    "a database URL with a password": (
        {"db": f"postgresql://aztui:{CANARY}@db.example/aztui"},
        "db",
    ),
    "a database URL with a password in its query": (
        {"db": f"postgresql://aztui@db.example/aztui?sslmode=require&password={CANARY}"},
        "db",
    ),
    "a webhook URL with a token in its query": (
        {
            "channels": {
                "ops": {
                    "type": "webhook",
                    "options": {"url": f"https://h.fr/hook?token={CANARY}"},
                }
            }
        },
        "channels.ops.options.url",
    ),
    "an apprise URL list in the team file": (
        {"channels": {"ops": {"type": "apprise", "options": {"urls": [f"tgram://{CANARY}/1"]}}}},
        "channels.ops.options.urls",
    ),
}


@pytest.mark.parametrize("case", CREDENTIALS, ids=list(CREDENTIALS))
@pytest.mark.parametrize("command", [("check",), ("config", "show", "--origin")])
def test_a_credential_in_the_team_file_is_refused(aztui, workdir, case, command, monkeypatch):
    monkeypatch.setenv("AZTUI_LANGUAGE", "en")  # the words below; French: test_french_words
    data, key = CREDENTIALS[case]
    write_toml(workdir / "aztui.toml", data)
    run = aztui(*command)
    assert run.code == 2, run.err
    assert "aztui.toml" in run.err and key in run.err and "team file" in run.err
    assert not leaks(run.out + run.err) and "whsec_QQQQ" not in run.err


def test_config_show_masks_credentials_in_the_users_own_file(aztui, workdir):
    write_toml(
        workdir / "no-user-config.toml",
        {
            "channels": {
                "ops": {
                    "type": "webhook",
                    "options": {
                        "url": f"https://ops:{CANARY}@hooks.example.com/x",
                        "headers": {"Authorization": f"Basic {CANARY}", "X-Team": "ops"},
                    },
                }
            }
        },
    )
    run = aztui("config", "show", "--origin")
    assert run.code == 0, run.err
    assert not leaks(run.out + run.err)
    assert "https://ops:***@hooks.example.com/x" in run.out and 'X-Team = "ops"' in run.out


# -- the canary, end to end ----------------------------------------------------------------


def echo(request: Request) -> Response:
    """A carrier API that refuses the call and quotes everything it was sent."""
    body = {
        "error": "unauthorized",
        "url": request.url,
        "headers": dict(request.headers),
        "body": request.get_data(as_text=True),
    }
    return Response(json.dumps(body), status=401, content_type="application/json")


@pytest.fixture
def canary_everywhere(aztui, workdir, monkeypatch, httpserver):
    """A store with alerts due and parcels to track; every plugin secret set to the canary."""
    files = write_dataset(workdir / "data", NOW - timedelta(days=1), orders=60)
    assert aztui("import", *map(str, files.values())).code == 0
    httpserver.expect_request(re.compile(".*")).respond_with_handler(echo)
    for table, name, secret in PLUGIN_SECRETS:
        value = CANARY
        if (table, name, secret) == ("channels", "apprise", "urls"):
            value = f"json://aztui:{CANARY}@127.0.0.1:{httpserver.port}/{CANARY}"
        monkeypatch.setenv(variable(table, name, secret), value)
    carriers = {
        name: {"base_url": httpserver.url_for(f"/{name}/"), "timeout_seconds": 5}
        for name in DECLARED["carriers"]
        if name not in ("example", "testcarrier")
    }
    return carriers


def every_output(aztui, *commands: tuple[str, ...]) -> str:
    text = ""
    for command in commands:
        run = aztui("--debug", *command)
        text += f"$ aztui {' '.join(command)} → {run.code}\n{run.out}{run.err}"
    return text


def test_the_canary_never_comes_out(aztui, workdir, canary_everywhere):
    with refused_port() as closed:
        options = channel_options(closed)
        write_toml(
            workdir / "aztui.toml",
            {
                "alerts": {"windows_hours": [24 * 365]},
                "channels": {t: {"type": t, "options": o} for t, o in options.items()},
                "carriers": canary_everywhere,
            },
        )
        text = every_output(
            aztui,
            ("watch", "--once"),
            ("track",),
            ("check", "--json"),
            ("check", "--notify"),
            ("plugins",),
            ("config", "show", "--origin"),
            ("export", "--format", "csv"),
        )
    assert "sent" in text or "failed" in text or "retry" in text  # sends were tried
    assert "401" in text or "unauthorized" in text.lower()  # the carriers were asked
    assert not leaks(text), [line for line in text.splitlines() if leaks(line)]
    assert files_with_canary(workdir) == []


CHANNEL_OPTIONS = [
    (kind, option)
    for kind, options in channel_options(1).items()
    for option in (*options, "subject_prefix", "ca_file", "title_prefix", "headers")
    if option not in ("security",)
    and not (kind != "email" and option in ("subject_prefix", "ca_file"))
    and not (kind != "apprise" and option == "title_prefix")
    and not (kind != "webhook" and option == "headers")
]


@pytest.mark.parametrize(("kind", "option"), CHANNEL_OPTIONS)
def test_the_canary_typed_into_any_option_never_comes_out(
    aztui, workdir, canary_everywhere, kind, option
):
    with refused_port() as closed:
        options = channel_options(closed)[kind]
        options[option] = {"X-Note": CANARY} if option == "headers" else CANARY
        write_toml(
            workdir / "aztui.toml",
            {"alerts": {"windows_hours": [24 * 365]}, "channels": {"ops": {"type": kind}}},
        )
        write_toml(
            workdir / "no-user-config.toml",
            {"channels": {"ops": {"type": kind, "options": options}}},
        )
        text = every_output(aztui, ("watch", "--once"), ("check", "--notify"), ("plugins",))
    assert "ops" in text
    assert not leaks(text), [line for line in text.splitlines() if leaks(line)]
    assert files_with_canary(workdir) == []


def test_short_words_and_english_are_not_masked(aztui, workdir, monkeypatch):
    """The mask hides secrets, not the message: a password "shop" leaves "workshop" alone."""
    from aztui.redact import redact, remember

    remember("shop")
    assert redact("workshop: shop") == "workshop: ***"
    assert redact("Basic authentication failed; Token expired") == (
        "Basic authentication failed; Token expired"
    )
    assert redact("url=https://h.fr/?token=abc&x=1") == "url=https://h.fr/?token=***&x=1"
    assert redact('credentials = { env = "X" }') == 'credentials = { env = "X" }'
