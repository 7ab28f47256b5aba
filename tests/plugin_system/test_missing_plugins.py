"""A carrier, a source or a channel type configured that no plugin registers is a
configuration error naming the file and the key, the closest name installed, and the error of
a plugin of that name that failed to load: a typo or a broken plugin never leaves parcels,
data or alerts silently aside."""

from __future__ import annotations

from tests.plugin_system.faulty import ORDERS

BROKEN = 'raise ImportError("needs libgls")\n'


def configured(workdir, toml: str) -> str:
    (workdir / "orders.csv").write_text(ORDERS)
    (workdir / "aztui.toml").write_text(toml)
    return str(workdir / "aztui.toml")


def test_a_carrier_whose_plugin_failed_to_load_is_named_with_its_error(aztui, workdir, plugins):
    plugins("carrier_gls", BROKEN)
    toml = configured(workdir, "[carriers.gls]\nstalled_days = 3\n")
    run = aztui("track")
    assert run.code == 2 and run.out == ""
    [line] = [line for line in run.err.splitlines() if "carriers.gls" in line]
    assert line.startswith(f"aztui: {toml}: carriers.gls: no carrier plugin registers 'gls'")
    assert "plugin carrier_gls failed to load: ImportError: needs libgls" in line
    assert not (workdir / "store.db").exists()


def test_a_carrier_name_mistyped_is_refused_with_the_closest_one(aztui, workdir):
    toml = configured(workdir, "[carriers.dhll]\ntimeout_seconds = 20\n")
    run = aztui("import", "orders.csv")
    assert run.code == 2
    assert f"{toml}: carriers.dhll: no carrier plugin registers 'dhll' (did you mean 'dhl'?)" in (
        run.err
    )
    assert not (workdir / "store.db").exists()  # bad input leaves the store as it was

    (workdir / "aztui.toml").write_text("[carriers.dhll]\nenabled = false\n")  # set aside
    assert aztui("import", "orders.csv").code == 0


def test_a_source_type_mistyped_or_broken_is_refused(aztui, workdir, plugins):
    plugins("jsonl_folder", BROKEN.replace("libgls", "a module named jsonl"))
    toml = configured(workdir, '[sources.shop]\ntype = "mial"\n\n[sources.jsonl_folder]\n')
    run = aztui("sync")
    assert run.code == 2
    assert (
        f"{toml}: sources.shop.type: no source plugin registers 'mial' (did you mean 'mail'?)"
        in (run.err)
    )
    [line] = [line for line in run.err.splitlines() if "sources.jsonl_folder" in line]
    assert "no source plugin registers 'jsonl_folder'" in line
    assert "plugin jsonl_folder failed to load: ImportError: needs a module named jsonl" in line

    configured(  # a source type installed; the broken plugin dropped on purpose
        workdir, '[sources.shop_fr]\ntype = "mail"\n\n[plugins]\ndisabled = ["jsonl_folder"]\n'
    )
    run = aztui("import", "orders.csv")
    assert run.code == 0 and run.err == ""


def test_a_channel_type_whose_plugin_failed_to_load_is_named(aztui, workdir, plugins):
    plugins("pushy", BROKEN.replace("libgls", "libpush"))
    toml = configured(
        workdir, '[channels.phone]\ntype = "pushy"\n\n[channels.hook]\ntype = "webhok"\n'
    )
    run = aztui("import", "orders.csv")
    assert run.code == 2
    [pushy] = [line for line in run.err.splitlines() if "channels.phone" in line]
    assert f"{toml}: channels.phone.type: no channel plugin registers 'pushy'" in pushy
    assert "plugin pushy failed to load: ImportError: needs libpush" in pushy
    assert "channels.hook.type: no channel plugin registers 'webhok' (did you mean 'webhook'?)" in (
        run.err
    )
