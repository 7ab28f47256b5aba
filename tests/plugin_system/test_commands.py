"""Sub-commands plugins add (``aztui_register_commands``): listed by ``aztui --help`` without
importing the plugin, run with their own arguments, and a failing one told, never fatal."""

from __future__ import annotations

import sys

import pytest

from aztui.cli.main import main
from tests.stores import make_empty_store

COMMAND = """
    from aztui.hookspecs import hookimpl, lazy
    from aztui.subcommands import Command


    def arguments(parser):
        parser.add_argument("who")
        parser.add_argument("--times", type=int, default=1)


    @hookimpl
    def aztui_register_commands(register):
        register(Command("greet", "Greet someone", lazy("aztui_greet_run:run"), arguments))
"""
RUN = """
    import asyncio

    async def run(args):
        await asyncio.sleep(0)
        if args.who == "nobody":
            raise KeyError("parcelX")
        print(" ".join([f"hello {args.who}"] * args.times))
        return 4 if args.who == "four" else None
"""


@pytest.fixture
def greet(install_plugin, tmp_path):
    """The plugin installed as pip would, naming its command in ``aztui.commands``."""
    (tmp_path / "site").mkdir(exist_ok=True)
    (tmp_path / "site" / "aztui_greet_run.py").write_text(_dedent(RUN))
    install_plugin("greet", "aztui_greet", source=COMMAND, commands=("greet",), summary="Greetings")


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text)


def help_of(capsys) -> tuple[str, str]:
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit:
        main(["--help"])
    assert exit.value.code == 0
    captured = capsys.readouterr()
    return " ".join(captured.out.split()), captured.err


def test_help_lists_an_installed_command_without_importing_its_plugin(greet, aztui_cli, capsys):
    out, err = help_of(capsys)
    assert "greet Greetings (aztui-greet)" in out and err == ""
    assert "aztui_greet" not in sys.modules and "aztui_greet_run" not in sys.modules


def test_an_installed_command_runs_with_its_arguments(greet, aztui_cli):
    assert aztui_cli("greet", "world", "--times", "2") == (0, "hello world hello world\n", "")
    assert aztui_cli("greet", "four")[0] == 4  # its exit status


def test_a_command_that_raises_is_told_and_remembered(greet, aztui_cli, tmp_path):
    (tmp_path / "aztui.toml").write_text('language = "en"\n')
    code, out, err = aztui_cli("greet", "nobody")
    assert code == 3 and out == ""
    assert "greet" in err and "KeyError: 'parcelX'" in err
    code, out, _ = aztui_cli("plugins")
    assert "KeyError: 'parcelX'" in " ".join(out.split())


def test_a_one_file_plugin_in_the_folder_adds_a_command(tmp_path, monkeypatch, aztui_cli, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "hello.py").write_text(
        "from aztui.hookspecs import hookimpl\n"
        "from aztui.subcommands import Command\n\n\n"
        "@hookimpl\n"
        "def aztui_register_commands(register):\n"
        '    register(Command("hello", "Say hello", lambda args: print("hi") or 0))\n'
    )
    monkeypatch.setenv("AZTUI_PLUGINS_DIR", str(folder))
    assert "hello Say hello" in help_of(capsys)[0]
    assert aztui_cli("hello") == (0, "hi\n", "")


def test_a_broken_file_is_told_with_its_path_and_line_and_aztui_carries_on(
    tmp_path, monkeypatch, aztui_cli, capsys
):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "typo.py").write_text("from aztui.hookspecs import hookimpl\n\nx = (\n")
    (folder / "raises.py").write_text("import os\n\nos.environ['NOPE_NOT_SET']\n")
    monkeypatch.setenv("AZTUI_PLUGINS_DIR", str(folder))
    out, err = help_of(capsys)
    assert "import" in out  # the help is printed all the same
    assert f"{folder / 'typo.py'}, line 3: SyntaxError" in err
    assert f"{folder / 'raises.py'}, line 3: KeyError: 'NOPE_NOT_SET'" in err
    (tmp_path / "aztui.toml").write_text('language = "en"\n')
    make_empty_store(tmp_path / "store.db")
    code, out, err = aztui_cli("check")
    assert code == 3  # a plugin failed to load: what check derived may be incomplete
    assert f"{folder / 'typo.py'}, line 3: SyntaxError" in err
    code, out, _ = aztui_cli("plugins")
    row = next(line for line in out.splitlines() if line.split()[:1] == ["typo"])
    assert "AZTUI_PLUGINS_DIR" in row and "failed" in row


def test_a_folder_that_does_not_exist_is_told(tmp_path, monkeypatch, aztui_cli):
    (tmp_path / "aztui.toml").write_text('language = "en"\n')
    make_empty_store(tmp_path / "store.db")
    monkeypatch.setenv("AZTUI_PLUGINS_DIR", str(tmp_path / "nowhere"))
    code, _, err = aztui_cli("check")
    assert code == 3 and f"AZTUI_PLUGINS_DIR={tmp_path / 'nowhere'}: no such folder" in err


def test_a_command_may_not_take_the_name_of_aztuis_own(tmp_path, monkeypatch, aztui_cli, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "sneaky.py").write_text(
        "from aztui.hookspecs import hookimpl\n"
        "from aztui.subcommands import Command\n\n\n"
        "@hookimpl\n"
        "def aztui_register_commands(register):\n"
        '    register(Command("check", "Not the real check", lambda args: 0))\n'
    )
    monkeypatch.setenv("AZTUI_PLUGINS_DIR", str(folder))
    out, err = help_of(capsys)
    assert "Not the real check" not in out
    assert "command 'check' is already aztui's or another's" in err


def test_a_command_whose_arguments_raise_is_told_not_run(tmp_path, monkeypatch, aztui_cli):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "bad_args.py").write_text(
        "from aztui.hookspecs import hookimpl\n"
        "from aztui.subcommands import Command\n\n\n"
        "def arguments(parser):\n"
        "    raise RuntimeError('no parser for you')\n\n\n"
        "@hookimpl\n"
        "def aztui_register_commands(register):\n"
        '    register(Command("odd", "Odd", lambda args: print("ran"), arguments))\n'
    )
    monkeypatch.setenv("AZTUI_PLUGINS_DIR", str(folder))
    code, out, err = aztui_cli("odd")
    assert code == 3 and "ran" not in out
    assert "RuntimeError: no parser for you" in err


def test_a_command_that_breaks_its_contract_refuses_its_plugin(tmp_path, monkeypatch, aztui_cli):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "norun.py").write_text(
        "from aztui.hookspecs import hookimpl\n"
        "from aztui.subcommands import Command\n\n\n"
        "@hookimpl\n"
        "def aztui_register_commands(register):\n"
        '    register(Command("norun", "No run", run=42))\n'
    )
    (tmp_path / "aztui.toml").write_text('language = "en"\n')
    monkeypatch.setenv("AZTUI_PLUGINS_DIR", str(folder))
    _, out, _ = aztui_cli("plugins")
    said = " ".join(out.split())
    assert "run is 42: expected a function run(args), or lazy('module:run')" in said
    code, out, err = aztui_cli("norun")
    assert code == 3 and "norun" in err
