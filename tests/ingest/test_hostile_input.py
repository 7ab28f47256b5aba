"""Hostile and broken input: each a clear ``ImportFailed`` naming file, line and field.

Deep nesting, overlong lines, a byte-order mark, a NUL or a lone surrogate inside the data,
amounts no Amazon order can have, identifiers too long for an index: the same refusal on every
path (the row reader, the columnar reader, JSON Lines, each Amazon report).
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from aztui.domain.bulk_rules import NotColumnar
from aztui.domain.model import Order
from aztui.ingest import ImportFailed, bulk_csv
from aztui.ingest.amazon import health
from aztui.ingest.bounds import MAX_DEPTH, MAX_LINE
from aztui.ingest.bulk_csv import read_columns

from .fuzzing import text_of
from .helpers import FIXTURES, ZONE, assert_names, failure, only, problem_text, read

AMAZON = FIXTURES / "amazon"
BOM = "\ufeff"
ORDERS = "order_id,purchase_date,order_total\n402-1,2026-11-20T10:00:00Z,12.50\n"
BOM_WORDS = "byte-order mark (U+FEFF)"
SURROGATE_WORDS = "holds a lone surrogate (U+%s)"
EVERY_TYPE = {"order", "shipment", "return", "claim", "message", "feedback", "chargeback"}


def with_line_prefix(text: str, line: int, prefix: str) -> bytes:
    """``text`` (UTF-8) with ``prefix`` put at the start of physical line ``line``."""
    lines = text.split("\n")
    lines[line - 1] = prefix + lines[line - 1]
    return "\n".join(lines).encode("utf-8")


def columnar(data: bytes, name: str = "f.csv") -> list[object] | None:
    """What the columnar reader makes of ``data``: its frames, or None when it hands the
    file back to the row reader (at once, or from a batch)."""
    found = read_columns(
        data, marketplace_zone=ZONE, default_marketplace="FR", record_types=EVERY_TYPE, name=name
    )
    if found is None:
        return None
    try:
        return list(found.batches)
    except NotColumnar:
        return None


# -- nesting and line length ---------------------------------------------------------------


def test_deep_json_lines_are_refused_naming_line_and_key(write) -> None:
    deep = "[" * 10_000 + "]" * 10_000
    path = write(
        "deep.jsonl",
        '{"type": "order", "order_id": "402-1", "purchase_date": "2026-11-20T10:00:00Z"}\n'
        f'{{"type": "order", "order_id": {deep}}}\n'
        f"{deep}\n",
    )
    error = failure(path)
    first = problem_text(error, ":2:")
    assert_names(first, file=str(path), line=2, column="order_id")
    assert f"more than {MAX_DEPTH} deep" in first
    assert_names(problem_text(error, ":3:"), file=str(path), line=3)


def test_brackets_inside_strings_are_not_nesting(write) -> None:
    order_id = "[{" * 40
    path = write(
        "brackets.jsonl",
        json.dumps({"type": "order", "order_id": order_id, "purchase_date": "2026-11-20T10:00:00Z"})
        + "\n",
    )
    (order,) = only(Order, read(path).records)
    assert order.order_id == order_id


def test_deep_account_health_report_is_refused_naming_line_and_key(write) -> None:
    deep = "[" * 50_000 + "]" * 50_000
    path = write("health.json", '{\n  "accountStatuses": [],\n  "performanceMetrics": ' + deep)
    message = str(failure(path, kind="amazon-account-health"))
    assert_names(message, file=str(path), line=3, column="performanceMetrics")
    assert f"more than {MAX_DEPTH} deep" in message


def test_an_overlong_json_lines_line_is_refused_and_the_rest_read(write) -> None:
    good = '{"type": "order", "order_id": "402-1", "purchase_date": "2026-11-20T10:00:00Z"}\n'
    long = '{"type": "order", "order_id": "' + "x" * (2 * MAX_LINE) + '"}\n'
    path = write("long.jsonl", good + long + good.replace("402-1", "402-2"))
    error = failure(path)
    assert [p.line for p in error.problems] == [2]
    assert f"longer than {MAX_LINE} characters" in str(error)
    result = read(path, skip_invalid=True)
    assert [r.order_id for r in only(Order, result.records)] == ["402-1", "402-2"]


def test_an_overlong_account_health_report_is_refused(write, monkeypatch) -> None:
    monkeypatch.setattr(health, "MAX_DOCUMENT", 1000)
    path = write("health.json", '{"performanceMetrics": []' + " " * 2000 + "}")
    assert "longer than 1000 characters" in str(failure(path, kind="amazon-account-health"))


def test_huge_numbers_in_json_are_refused_not_raised(write) -> None:
    digits = "9" * 5000
    path = write("numbers.jsonl", f'{{"type": "order", "order_id": {digits}}}\n')
    assert_names(str(failure(path)), file=str(path), line=1)
    report = write("health.json", f'{{"performanceMetrics": [{{"x": {digits}}}]}}')
    assert "too long" in str(failure(report, kind="amazon-account-health"))


# -- byte-order mark and NUL, every path -----------------------------------------------------

AMAZON_REPORTS = {
    # file, the first column (a BOM at the start of line 2 lands in it), its header
    "all_orders_fr.txt": "amazon-order-id",
    "unshipped_fr.txt": "order-id",
    "returns_fr.txt": "Order ID",
    "feedback_fr.txt": "Date",
}


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.csv")))
def test_a_bom_starting_a_data_line_of_an_aztui_csv_is_refused(write, name) -> None:
    text = text_of(FIXTURES / name)
    path = write(name, with_line_prefix(text, 2, BOM))
    first = text.split("\n")[0].replace(";", ",").split(",")[0].strip()
    message = problem_text(failure(path), BOM_WORDS)
    assert_names(message, file=str(path), line=2, column=first)
    assert columnar(path.read_bytes()) is None  # handed to the row reader, which refuses it


@pytest.mark.parametrize("name", sorted(AMAZON_REPORTS))
def test_a_bom_starting_a_data_line_of_an_amazon_report_is_refused(write, name) -> None:
    path = write(name, with_line_prefix(text_of(AMAZON / name), 2, BOM))
    message = problem_text(failure(path), BOM_WORDS)
    assert_names(message, file=str(path), line=2, column=AMAZON_REPORTS[name])
    assert columnar(path.read_bytes()) is None


def test_a_bom_at_a_piece_boundary_of_the_columnar_reader_is_handed_back(monkeypatch) -> None:
    """polars drops a BOM that starts its input: it must never see one."""
    monkeypatch.setattr(bulk_csv, "CHUNK_BYTES", 8)
    data = (ORDERS + BOM + "402-2,2026-11-20T10:00:00Z,1.00\n").encode()
    assert columnar(data) is None
    with pytest.raises(ImportFailed, match="U\\+FEFF"):
        read(data)


def test_a_bom_in_json_lines_is_refused_at_a_line_start_and_in_a_value(write) -> None:
    line = '{"type": "order", "order_id": "%s", "purchase_date": "2026-11-20T10:00:00Z"}\n'
    path = write("bom.jsonl", line % "402-1" + BOM + line % "402-2" + line % "\\ufeff402-3")
    error = failure(path)
    assert_names(problem_text(error, ":2:"), file=str(path), line=2)
    third = problem_text(error, ":3:")
    assert_names(third, file=str(path), line=3, column="order_id", value=BOM + "402-3")
    assert BOM_WORDS in problem_text(error, ":2:") and BOM_WORDS in third


def test_a_nul_in_a_json_lines_id_is_refused_like_a_nul_in_csv(write) -> None:
    path = write(
        "nul.jsonl",
        '{"type": "order", "order_id": "402\\u00001", "purchase_date": "2026-11-20T10:00:00Z"}\n',
    )
    message = str(failure(path))
    assert_names(message, file=str(path), line=1, column="order_id", value="402\x001")
    assert "NUL character" in message
    csv_path = write("nul.csv", ORDERS + "402-\x002,2026-11-20T10:00:00Z,1\n")
    csv_message = str(failure(csv_path))
    assert_names(csv_message, file=str(csv_path), line=3)
    assert "NUL byte" in csv_message


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [
        ("order_id", "402-\\ud800", "D800"),
        ("carrier", "La Poste\\udfff", "DFFF"),
        ("tracking_number", "\\udc00\\ud800", "DC00"),  # a pair the wrong way round
        ("confirmed_at", "2026-11-21\\ud83d", "D83D"),  # a date refused for what it holds
    ],
)
def test_a_lone_surrogate_in_json_lines_is_refused_naming_line_and_key(
    write, key, value, code
) -> None:
    """A JSON escape gives a surrogate that no UTF-8 text holds: it would reach the store
    and fail there (``UnicodeEncodeError``)."""
    good = '{"type": "shipment", "order_id": "402-1", "confirmed_at": "2026-11-21"}\n'
    bad = json.loads(good)
    bad[key] = "%s"
    path = write("lone.jsonl", good + (json.dumps(bad) % value) + "\n")
    message = str(failure(path))
    assert_names(message, file=str(path), line=2, column=key)
    assert SURROGATE_WORDS % code in message
    message.encode("utf-8")  # shown escaped, never the surrogate itself


def test_a_surrogate_pair_escape_is_one_character_and_kept(write) -> None:
    path = write(
        "pair.jsonl",
        '{"type": "order", "order_id": "402-\\ud83d\\ude00", "purchase_date": "2026-11-20"}\n',
    )
    (order,) = only(Order, read(path).records)
    assert order.order_id == "402-\U0001f600"


def test_surrogate_bytes_in_a_csv_never_become_a_surrogate(write) -> None:
    """UTF-8 has no surrogates: their bytes (``surrogatepass``) make the file Windows-1252,
    read as the three letters they are there, on both paths."""
    path = write(
        "cesu.csv", ORDERS.encode() + "402-\ud800,2026-11-20,1\n".encode("utf-8", "surrogatepass")
    )
    (_, order) = only(Order, read(path).records)
    assert order.order_id == "402-\xed\xa0\u20ac"
    assert columnar(path.read_bytes()) is not None


def test_a_key_given_twice_or_nan_in_json_lines_is_refused(write) -> None:
    """``order\\u005fid`` is ``order_id`` again: ``json`` would keep the last value unseen."""
    line = '{"type": "order", "order_id": "402-1", %s, "purchase_date": "2026-11-20"}\n'
    path = write("twice.jsonl", line % '"order\\u005fid": "402-2"' + line % '"order_total": NaN')
    error = failure(path)
    assert_names(problem_text(error, ":1:"), file=str(path), line=1, column="order_id")
    assert "given twice" in str(error)
    assert_names(problem_text(error, ":2:"), file=str(path), line=2)
    assert "NaN is not a number JSON allows" in str(error)


def test_a_control_character_in_a_cell_is_refused_on_both_csv_paths(write) -> None:
    path = write("esc.csv", ORDERS + "402-\x1b[2J,2026-11-20T10:00:00Z,1\n")
    message = str(failure(path))
    assert_names(message, file=str(path), line=3, column="order_id")
    assert "control character (U+001B)" in message
    assert columnar(path.read_bytes()) is None


def test_a_bom_nul_or_surrogate_in_the_account_health_report_is_refused(write) -> None:
    for bad, words in (
        ("\\ufeff", BOM_WORDS),
        ("\\u0000", "NUL character"),
        ("\\udfff", SURROGATE_WORDS % "DFFF"),
    ):
        path = write(
            "health.json",
            '{"performanceMetrics": [{"marketplaceId": "A13V1IB3VIYZZH' + bad + '", '
            '"validTrackingRate": {"rate": 1.0}}]}',
        )
        message = str(failure(path, kind="amazon-account-health"))
        assert words in message and "performanceMetrics[0]" in message


# -- bounds on amounts and text ------------------------------------------------------------


def test_amounts_are_bounded_to_what_amazon_can_charge_on_every_path(write) -> None:
    huge = "9" * 400
    cases = {
        "orders.csv": (ORDERS + f"402-2,2026-11-20T10:00:00Z,{huge}\n", 3, "order_total"),
        "claims.csv": (
            "claim_id,order_id,type,filed_at,amount\n"
            f"C-1,402-1,other,2026-11-20T10:00:00Z,{huge}.00\n",
            2,
            "amount",
        ),
        "lines.jsonl": (
            '{"type": "claim", "claim_id": "C-1", "order_id": "402-1", "claim_type": "other", '
            f'"filed_at": "2026-11-20T10:00:00Z", "amount": {huge}}}\n',
            1,
            "amount",
        ),
    }
    for name, (text, line, column) in cases.items():
        path = write(name, text)
        message = str(failure(path))
        assert_names(message, file=str(path), line=line, column=column)
        assert "more than any Amazon order or claim can cost" in message
        assert columnar(path.read_bytes()) is None


def test_an_amazon_item_price_beyond_the_bound_is_refused_on_both_paths(write) -> None:
    text = text_of(AMAZON / "all_orders_fr.txt")
    lines = text.split("\n")
    header = lines[0].split("\t")
    cells = lines[1].split("\t")
    cells[header.index("item-price")] = "1000000000.00"
    path = write("orders.txt", "\n".join([lines[0], "\t".join(cells), *lines[2:]]).encode())
    message = str(failure(path))
    assert_names(message, file=str(path), line=2, column="item-price")
    assert columnar(path.read_bytes()) is None


def test_the_amount_bound_and_the_cents(write) -> None:
    def total(cell: str) -> object:
        path = write("o.csv", f"order_id,purchase_date,order_total\n402-1,2026-11-20,{cell}\n")
        (order,) = only(Order, read(path).records)
        return order.order_total

    assert total("999999999.99") == Decimal("999999999.99")
    assert total("0000000000012.50") == Decimal("12.50")
    assert str(total("12.500")) == "12.50"
    for refused, words in (("1000000000", "can cost"), ("12.345", "more than two decimals")):
        path = write("o.csv", f"order_id,purchase_date,order_total\n402-1,2026-11-20,{refused}\n")
        assert words in str(failure(path))


def test_identifiers_and_text_are_bounded(write) -> None:
    long_id = "4" * 201
    path = write("orders.csv", ORDERS + f"{long_id},2026-11-20T10:00:00Z,1\n")
    message = str(failure(path))
    assert_names(message, file=str(path), line=3, column="order_id")
    assert "201 characters long, more than the 200 allowed" in message
    assert columnar(path.read_bytes()) is None
    ship = "order_id,confirmed_at,carrier_status\n402-1,2026-11-20T10:00:00Z,{}\n"
    assert read(write("s.csv", ship.format("x" * 1000))).records
    assert "more than the 1000 allowed" in str(failure(write("s.csv", ship.format("x" * 1001))))


# -- the account-health report's numbers -------------------------------------------------


@pytest.mark.parametrize(
    ("block", "words"),
    [
        ('{"rate": 1e999}', "not a finite number"),
        ('{"rate": NaN}', "not a finite number"),
        ('{"rate": 1' + "0" * 400 + "}", "not a rate"),
        ('{"validTrackingCount": -3}', "not a count"),
        ('{"validTrackingCount": 1' + "0" * 40 + "}", "not a count"),
        ('{"reportingDateRange": [1]}', "reportingDateRange is not an object"),
        ('{"reportingDateRange": "2026"}', "reportingDateRange is not an object"),
        ('{"status": "' + "G" * 300 + '"}', "more than the 200 allowed"),
    ],
)
def test_account_health_numbers_out_of_bounds_are_refused(write, block, words) -> None:
    path = write(
        "health.json",
        '{"performanceMetrics": [{"marketplaceId": "A13V1IB3VIYZZH", '
        f'"validTrackingRate": {block}}}]}}',
    )
    message = str(failure(path, kind="amazon-account-health"))
    assert words in message and "performanceMetrics[0].validTrackingRate" in message


# -- instants ------------------------------------------------------------------------------


def test_instants_outside_the_years_read_are_refused_on_every_path(write) -> None:
    """Deadlines and windows computed from a date near year 1 or 9999 would not exist."""
    far = "9999-12-31T23:59:59Z"
    orders = write("orders.csv", ORDERS + f"402-2,{far},1\n")
    assert_names(str(failure(orders)), file=str(orders), line=3, column="purchase_date")
    assert columnar(orders.read_bytes()) is None
    lines = write(
        "lines.jsonl", '{"type": "message", "message_id": "M-1", "received_at": "0001-01-01"}\n'
    )
    assert_names(str(failure(lines)), file=str(lines), line=1, column="received_at")
    returns = text_of(AMAZON / "returns_fr.txt").replace("25-Nov-2026", "25-Nov-0001", 1)
    returns_path = write("returns.txt", returns.encode())
    message = str(failure(returns_path))
    assert_names(message, file=str(returns_path), line=2, column="Return request date")
    feedback = text_of(AMAZON / "feedback_fr.txt").replace("24/11/26", "24/11/9999", 1)
    feedback_path = write("feedback.txt", feedback.encode())
    assert_names(str(failure(feedback_path)), file=str(feedback_path), line=2, column="Date")
    report = text_of(AMAZON / "account_health.json").replace("2026-09-13T00:00:00Z", far, 1)
    message = str(failure(write("health.json", report), kind="amazon-account-health"))
    assert "reportingDateFrom" in message
    for text in (message, str(failure(orders)), str(failure(feedback_path))):
        assert "outside the years aztui reads (1970 to 2199)" in text


def test_a_long_unknown_key_or_column_is_named_cut_short(write) -> None:
    key = "k" * 5000
    path = write("keys.jsonl", '{"type": "order", "' + key + '": 1}\n')
    message = str(failure(path))
    assert "column " + "k" * 80 + "…" in message and len(message) < 1000
    header = write("header.csv", f"order_id,purchase_date,{key}\n402-1,2026-11-20,x\n")
    assert len(str(failure(header))) < 1000


def test_a_control_character_in_an_amazon_word_is_refused_not_folded_away(write) -> None:
    """Amazon's words are read folded (``Shipped``, ``shipped``): a control character must
    not vanish in the fold, on either path."""
    text = text_of(AMAZON / "all_orders_fr.txt").replace("\tShipped\t", "\tShip\x01ped\t", 1)
    path = write("orders.txt", text.encode())
    message = str(failure(path))
    assert_names(message, file=str(path), line=2, column="order-status")
    assert "control character (U+0001)" in message
    assert columnar(path.read_bytes()) is None
