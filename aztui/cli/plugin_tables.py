"""``aztui plugins``' tables and last failures, in the configured language: the columns, the
states and what to do are worded (``cli_plugins_*``); names, versions, kinds and the errors
the plugins raised are shown as they are. ``--json`` keeps the English keys and values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aztui.cli.common import Console
from aztui.domain.faults import LOAD, PluginFault, safe_text
from aztui.error_words import reason
from aztui.i18n import WORDS, number, t

WORDED_KINDS = ("deadline_rule", "metric", "carrier", "channel", "source", "store")
"""The kinds of item a line names in the language (``cli_fault_hook_<kind>``)."""
AZTUI_ERRORS = {
    "disabled in the configuration": "cli_plugins_disabled_here",
    "reserved name": "cli_plugins_reserved_name",
}
"""Why aztui itself did not load a plugin (``aztui.pluginmanager``), worded."""


def state(status: str, language: str) -> str:
    """``ok``, ``failed``, ``degraded``, ``disabled``, a carrier's last run (``ok: detail``):
    its word, the detail (a plugin's own) after it as it is."""
    word, sep, detail = status.partition(": ")
    said = WORDS.text(f"cli_run_{word}", language) or word
    return t("cli_about", language, name=said, said=detail) if sep else said


def failure(fault: PluginFault, language: str) -> str:
    """``extension shopsync, source shop : KeyError: 'parcelX'``."""
    plugin = safe_text(fault.plugin)
    if fault.kind == LOAD:
        return t("cli_plugins_load_failed", language, plugin=plugin, error=fault.error)
    item = ""
    if fault.item:
        kind = (
            t(f"cli_fault_hook_{fault.kind}", language)
            if fault.kind in WORDED_KINDS
            else safe_text(fault.kind)
        )
        item = f"{kind} {safe_text(fault.item)}"
    return t(
        "cli_plugins_failed" if item else "cli_plugins_failed_plain",
        language,
        plugin=plugin,
        item=item,
        error=fault.error,
    )


def print_failures(failures: list[dict[str, Any]], verbose: bool, language: str) -> None:
    """Each plugin's last failure on this machine, until it runs cleanly; with ``verbose``,
    its traceback."""
    console = Console(width=max(Console().width, 120), highlight=False)
    for kept in failures:
        fault = PluginFault(
            kept["plugin"], kept.get("kind", ""), kept.get("item", ""), kept["error"]
        )
        said = failure(fault, language)
        line = t("cli_plugins_last_failure", language, at=kept.get("at", "?"), said=said)
        console.print(line, markup=False)
        if verbose and kept.get("traceback"):
            console.print(kept["traceback"].rstrip("\n"), markup=False, soft_wrap=True)
    if failures and not verbose:
        console.print(t("cli_plugins_verbose_hint", language), markup=False)


def print_tables(
    rows: dict[str, Any], language: str, broken: Mapping[str, str] | None = None
) -> None:
    """The tables of ``aztui plugins``; ``broken``: why each channel that cannot send cannot,
    worded (``rows`` has it in English, as ``--json`` does)."""
    from rich.table import Table

    console = Console(width=max(Console().width, 120))

    def table(columns: str, lines: list[tuple[str, ...]]) -> None:
        grid = Table(show_edge=False)
        for column in t(columns, language).split("|"):
            grid.add_column(column)
        for line in lines:
            grid.add_row(*line)
        console.print(grid)

    table(
        "cli_plugins_columns",
        [
            (
                p["name"],
                ", ".join(p["kinds"]) or "-",
                p["distribution"],
                p["version"],
                state(p["status"], language),
                t(AZTUI_ERRORS[p["error"]], language)
                if p["error"] in AZTUI_ERRORS
                else p["error"] or "",
            )
            for p in rows["plugins"]
        ],
    )
    for plugin in rows["plugins"]:
        for warning in plugin["warnings"]:
            said = t(
                "cli_plugins_warning",
                language,
                plugin=plugin["name"],
                warning=reason(warning, language),
            )
            console.print(said, markup=False)
    if rows["faults"]:
        now = t("cli_plugins_now", language)
        table(
            "cli_plugins_fault_columns",
            [
                (
                    f["plugin"],
                    f["kind"],
                    f["item"] or "-",
                    f["version"] or "?",
                    f["since"] or now,
                    f["last_seen"] or now,
                    f["error"],
                )
                for f in rows["faults"]
            ],
        )
    if rows["store_error"]:
        unknown = t("cli_plugins_unknown", language, error=rows["store_error"])
        console.print(t("cli_plugins_store_faults", language, said=unknown), markup=False)
    if rows["carriers"]:
        table(
            "cli_plugins_carrier_columns",
            [
                (
                    c["name"],
                    c["plugin"],
                    str(c["batch"]),
                    number(c["per_second"], language),
                    str(c["per_day"] or "-"),
                    _last_run(c["last_run"], rows["store_error"], language),
                )
                for c in rows["carriers"]
            ],
        )
    if rows["channels"]:
        table(
            "cli_plugins_channel_columns",
            [
                (c["name"], c["type"], _channel(c, (broken or {}).get(c["name"]), language))
                for c in rows["channels"]
            ],
        )
    if rows["mail"]:
        _print_mail(table, rows["mail"], language)
        if any(m["templates"] for m in rows["mail"]):
            console.print(t("cli_plugins_mail_hint", language), markup=False)


def _channel(row: dict[str, Any], broken: str | None, language: str) -> str:
    if broken is None or row["status"] == "disabled":
        return state(row["status"], language)
    said = reason(broken, language)
    return t("cli_about", language, name=t("cli_run_unavailable", language), said=said)


def _last_run(last: str | None, store_error: str | None, language: str) -> str:
    if store_error is not None:
        return t("cli_plugins_unknown", language, error=store_error)
    return state(last, language) if last else t("cli_plugins_never", language)


def _print_mail(table: Any, mail: list[dict[str, Any]], language: str) -> None:
    table(
        "cli_plugins_mail_columns",
        [
            (
                m["source"],
                str(m["recorded"]),
                str(m["refused"]),
                str(m["unrecognised"]),
                "\n".join(
                    t(
                        "cli_plugins_template",
                        language,
                        fingerprint=seen["fingerprint"],
                        seen=seen["seen"],
                        last=seen["last_seen"],
                    )
                    for seen in m["templates"]
                )
                or "-",
            )
            for m in mail
        ],
    )
