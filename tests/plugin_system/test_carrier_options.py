"""A carrier's ``options`` held to the model its spec declares: refused as the core's own keys
are (the file, the full key, what was expected), and given to the carrier as the model."""

from __future__ import annotations

from aztui.testing import Response, said, track_through_cli

PLUGIN = """
    from typing import Literal

    from pydantic import BaseModel, ConfigDict

    from aztui.carriers import CarrierSpec, TrackingResult
    from aztui.hookspecs import hookimpl


    class Options(BaseModel):
        model_config = ConfigDict(extra="forbid")
        service: Literal["parcel", "express"] = "parcel"
        days: int = 3


    class Carrier:
        def __init__(self, context):
            self.client, self.options = context.client, context.options

        async def track(self, numbers):
            options = self.options  # the model's instance: its attributes, typed
            answer = await self.client.get(
                "/track", params={"service": options.service, "days": options.days * 2}
            )
            return [TrackingResult(n, raw_status=answer.text) for n in numbers]


    @hookimpl
    def aztui_register_carriers(register):
        register(CarrierSpec("optcarrier", Carrier, "https://opt.test", options=Options))
"""


def configure(tmp_path, options: str) -> None:
    (tmp_path / "aztui.toml").write_text(
        f'db = "store.db"\nlanguage = "en"\n\n[carriers.optcarrier]\noptions = {{ {options} }}\n'
    )


def test_wrong_options_are_a_configuration_error_naming_file_and_key(
    install_plugin, aztui_cli, tmp_path
):
    install_plugin("optcarrier", "aztui_optcarrier", source=PLUGIN)
    configure(tmp_path, 'sevice = "express", days = "many"')
    code, _, err = aztui_cli("check")
    assert code == 2, err
    lines = err.strip().splitlines()
    assert f"{tmp_path / 'aztui.toml'}: unknown key 'carriers.optcarrier.options.sevice' " in err
    assert "(did you mean 'service'?)" in err
    assert any(
        line.endswith('carriers.optcarrier.options.days: expected an integer, got "…"')
        for line in lines
    ), err
    assert "validation error" not in err and "pydantic" not in err and "type=" not in err
    assert not (tmp_path / "store.db").exists()  # refused before anything was written


def test_a_wrong_value_of_a_choice_says_what_was_expected(install_plugin, aztui_cli, tmp_path):
    install_plugin("optcarrier", "aztui_optcarrier", source=PLUGIN)
    configure(tmp_path, 'service = "overnight"')
    code, _, err = aztui_cli("track")
    assert code == 2
    assert "carriers.optcarrier.options.service:" in err
    assert "'parcel'" in err and "'express'" in err


def test_a_value_in_the_wrong_place_is_never_quoted(install_plugin, aztui_cli, tmp_path):
    install_plugin("optcarrier", "aztui_optcarrier", source=PLUGIN)
    configure(tmp_path, 'days = "tok-8f3a9c1e5d7b", service = "tok-8f3a9c1e5d7b"')
    code, out, err = aztui_cli("check")
    assert code == 2 and "carriers.optcarrier.options.days: expected an integer" in err
    assert "carriers.optcarrier.options.service:" in err
    assert "tok-8f3a9c1e5d7b" not in out + err


def test_the_carrier_is_made_with_an_instance_of_its_model(
    install_plugin, local_server, tmp_path, monkeypatch, capsys
):
    install_plugin("optcarrier", "aztui_optcarrier", source=PLUGIN)
    local_server.handler = lambda request: Response(200, "seen")
    tracked = track_through_cli(
        tmp_path,
        monkeypatch,
        capsys,
        carrier="optcarrier",
        base_url=local_server.url,
        numbers=["OPT1"],
        carrier_label="optcarrier",
        options={"service": "express", "days": 5},
    )
    assert tracked.exit_code == 0, said(tracked.out + tracked.err)
    (request,) = local_server.requests
    assert request.query == {"service": ["express"], "days": ["10"]}  # an int, doubled
    assert tracked.shipments["OPT1"].carrier_status == "seen"


def test_options_that_are_not_a_model_refuse_the_plugin_at_load(
    install_plugin, aztui_cli, tmp_path
):
    (tmp_path / "aztui.toml").write_text('language = "en"\n')
    install_plugin(
        "optcarrier",
        "aztui_optcarrier",
        source=PLUGIN.replace("options=Options", 'options={"days": int}'),
    )
    _, out, _ = aztui_cli("plugins")
    row = next(line for line in out.splitlines() if "optcarrier" in line)
    assert "failed" in row
    assert "expected a pydantic model class" in " ".join(out.split())
