"""aztui.testing, what plugin authors' tests use: each helper does what docs/testing-plugins.md
says, against real servers and the real plugin host."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from aztui.carriers import CarrierSpec, TrackingResult
from aztui.domain.alerts import Alert
from aztui.domain.engine import Engine
from aztui.domain.policy import Policy
from aztui.hookspecs import hookimpl
from aztui.pluginmanager import BUILTIN
from aztui.store.sqlite import SQLiteStore
from aztui.testing import (
    NOW,
    ORDER_ID,
    LocalServer,
    Request,
    Response,
    carrier_context,
    host_with,
    installed_host,
    refused_port,
    sample_alert,
    sample_order,
    sample_shipment,
)


class Parcels:
    """A carrier asking ``/parcels?id=`` of its context's client, one number a call."""

    def __init__(self, context) -> None:
        self.context = context

    async def track(self, numbers):
        results = []
        for number in numbers:
            answer = await self.context.client.get(
                "/parcels", params={"id": number}, headers=dict(self.context.secrets)
            )
            results.append(TrackingResult(number, raw_status=answer.json()["state"]))
        return results


class SyncParcels:
    def __init__(self, context) -> None: ...

    def track(self, numbers):  # not async: refused when the plugin registers
        return []


def carrier_plugin(factory):
    class Plugin:
        @staticmethod
        @hookimpl
        def aztui_register_carriers(register):
            register(CarrierSpec("parcels", factory, "https://parcels.test", secrets=("key",)))

    return Plugin


async def test_a_carrier_made_with_carrier_context_asks_the_local_server():
    def answer(request: Request) -> Response:
        return Response.json({"state": f"seen {request.query['id'][0]}"})

    with LocalServer(answer) as server:
        host = host_with(carrier_plugin(Parcels), name="parcels_plugin")
        spec = host.carriers()["parcels"].item
        async with carrier_context("parcels", server.url, secrets={"key": "k-1"}) as context:
            (result,) = await spec.factory(context).track(["P1"])
    assert result.raw_status == "seen P1"
    (request,) = server.requests
    assert (request.method, request.path, request.headers["key"]) == ("GET", "/parcels", "k-1")


def test_host_with_holds_a_plugin_to_its_contract_as_aztui_does():
    host = host_with(carrier_plugin(SyncParcels), name="sync_plugin")
    info = host.plugins["sync_plugin"]
    assert info.status == "failed"
    assert "track" in info.error and "async" in info.error
    assert host.carriers() == {}


def test_installed_host_loads_only_the_named_plugins():
    host = installed_host("carrier_dhl")
    assert set(host.carriers()) == {"dhl"}
    assert set(host.plugins) == {BUILTIN, "carrier_dhl"}


def test_installed_host_names_what_is_installed_when_a_name_is_not():
    with pytest.raises(LookupError, match=r"no installed aztui plugin named carrier_nope .*"):
        installed_host("carrier_nope")


def test_the_local_server_answers_records_and_reports_its_handlers_errors():
    def broken(request: Request) -> Response:
        raise KeyError("parcelX")

    with pytest.raises(KeyError, match="parcelX"), LocalServer(broken) as server:
        answer = httpx.post(server.url_for("hook"), json={"a": 1})
        assert answer.status_code == 500
        assert server.requests[0].json() == {"a": 1}
    with refused_port() as port, pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/")


def test_the_local_server_fixture_answers_404_until_given_a_handler(local_server):
    assert httpx.get(local_server.url_for("x")).status_code == 404
    local_server.handler = lambda request: Response(204)
    assert httpx.get(local_server.url_for("x")).status_code == 204
    assert [r.path for r in local_server.requests] == ["/x", "/x"]


def test_a_sample_alert_survives_the_outbox_round_trip():
    alert = sample_alert(title="Autre")
    assert Alert.from_dict(alert.as_dict()) == alert
    assert (alert.title, alert.order_id, alert.created_at) == ("Autre", ORDER_ID, NOW)


async def test_sample_records_are_valid_for_the_store(tmp_path: Path):
    store = SQLiteStore(tmp_path / "s.db", Engine(Policy("FR"), [], []))
    await store.open()
    try:
        await store.write([sample_order(), sample_shipment(carrier="DHL")])
        bundle = await store.bundle(ORDER_ID)
    finally:
        await store.close()
    assert bundle is not None
    assert [s.carrier for s in bundle.shipments] == ["DHL"]


def test_each_test_has_its_own_state_directory(tmp_path_factory):
    state = Path(os.environ["XDG_STATE_HOME"])
    assert state.is_relative_to(tmp_path_factory.getbasetemp())


def test_install_plugin_makes_a_one_file_plugin_found_by_aztui(install_plugin):
    install_plugin(
        "one_file",
        "aztui_one_file",
        source="""
            from aztui.carriers import CarrierSpec
            from aztui.hookspecs import hookimpl

            class Carrier:
                def __init__(self, context): ...
                async def track(self, numbers): return []

            @hookimpl
            def aztui_register_carriers(register):
                register(CarrierSpec("onefile", Carrier, "https://one.test"))
        """,
    )
    host = installed_host("one_file")
    assert set(host.carriers()) == {"onefile"}
    assert host.plugins["one_file"].distribution == "aztui-one-file"


def test_no_folder_of_one_file_plugins_leaks_into_a_test():
    assert "AZTUI_PLUGINS_DIR" not in os.environ
