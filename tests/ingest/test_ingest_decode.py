"""Decoding: gzip, BOM, UTF-8 or Windows-1252, CRLF, delimiters, binary junk, empty files."""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from aztui.domain.model import Order, Shipment
from aztui.ingest.decode import open_source, sniff_delimiter

from .helpers import assert_names, failure, only, read

ORDERS = "order_id,purchase_date,currency\n402-0000001-0000001,2026-11-26T09:00:00Z,EUR\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
)


def text_of(path: Path | bytes) -> str:
    source = open_source(path)
    with source.open() as stream:
        return stream.read()


def test_utf8_with_bom(write: Callable[..., Path]) -> None:
    path = write("orders.csv", "\ufeff" + ORDERS)
    assert open_source(path).encoding == "utf-8"
    assert text_of(path) == ORDERS
    assert only(Order, read(path).records)[0].order_id == "402-0000001-0000001"


def test_windows_1252_late_in_a_big_file_decides_the_encoding(write: Callable[..., Path]) -> None:
    filler = "".join(f"402-{n:07d}-0000001,2026-11-26T09:00:00Z,EUR\n" for n in range(60_000))
    late = "402-9999999-0000001,2026-11-26T09:00:00Z,€€€\n"  # > 2 MB in: past the first chunk
    path = write("orders.csv", "order_id,purchase_date,currency\n" + filler, "utf-8")
    path.write_bytes(path.read_bytes() + late.encode("cp1252"))
    source = open_source(path)
    assert source.encoding == "cp1252"
    with source.open() as stream:
        assert stream.read().endswith("€€€\n")


def test_french_cp1252_values_survive(write: Callable[..., Path]) -> None:
    csv = (
        "order_id;confirmed_at;carrier;service\n"
        "402-0000001-0000001;2026-11-26T09:00;La Poste;Colissimo Expert « Signature » à 12 €\n"
    )
    result = read(write("expéditions.csv", csv, "cp1252"))
    (shipment,) = only(Shipment, result.records)
    assert shipment.service == "Colissimo Expert « Signature » à 12 €"


def test_gzip_is_recognised_by_its_bytes_not_its_name(write: Callable[..., Path]) -> None:
    path = write("orders.txt", gzip.compress(("\ufeff" + ORDERS).encode("cp1252", "ignore")))
    source = open_source(path)
    assert source.gzipped
    assert text_of(path) == ORDERS
    assert len(read(path).records) == 1


def test_gzip_of_windows_1252(write: Callable[..., Path]) -> None:
    body = "order_id,confirmed_at,service\n402-1,2026-11-26T09:00Z,Relais Colis « Économique »\n"
    path = write("shipments.csv.gz", gzip.compress(body.encode("cp1252")))
    assert open_source(path).encoding == "cp1252"
    assert only(Shipment, read(path).records)[0].service == "Relais Colis « Économique »"


def test_truncated_gzip_is_refused(write: Callable[..., Path]) -> None:
    whole = gzip.compress(ORDERS.encode() * 100)
    path = write("orders.csv.gz", whole[: len(whole) // 2])
    error = failure(path)
    assert "not a valid gzip file" in str(error)
    assert_names(str(error), file=str(path), line=None)


def test_crlf_and_lone_cr_become_newlines(write: Callable[..., Path]) -> None:
    path = write("orders.csv", ORDERS.replace("\n", "\r\n"))
    assert text_of(path) == ORDERS
    assert text_of(ORDERS.replace("\n", "\r").encode()) == ORDERS
    assert only(Order, read(path).records)[0].currency == "EUR"


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [
        ("order_id,purchase_date", ","),
        ("order_id;purchase_date;status", ";"),
        ("order_id\tpurchase_date", "\t"),
        ("order_id", ","),
    ],
)
def test_delimiter_sniffing(header: str, delimiter: str) -> None:
    assert sniff_delimiter(header) == delimiter


def test_tab_separated_file(write: Callable[..., Path]) -> None:
    path = write("orders.tsv", ORDERS.replace(",", "\t"))
    assert only(Order, read(path).records)[0].currency == "EUR"


def test_png_is_not_a_text_file(write: Callable[..., Path]) -> None:
    path = write("orders.csv", PNG)
    message = str(failure(path))
    assert "not a text file" in message
    assert_names(message, file=str(path), line=None)


def test_zip_is_not_a_text_file(write: Callable[..., Path]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("orders.csv", ORDERS * 50)
    path = write("orders.zip", buffer.getvalue())
    assert "not a text file" in str(failure(path))


def test_bytes_undecodable_in_both_encodings(write: Callable[..., Path]) -> None:
    path = write("orders.csv", ORDERS.encode() + b"402-2,\xc3\x28\x81,EUR\n")
    message = str(failure(path))
    assert "neither UTF-8 nor Windows-1252" in message


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n  \r\n"])
def test_empty_file(write: Callable[..., Path], content: bytes) -> None:
    path = write("orders.csv", content)
    message = str(failure(path))
    assert message == f"{path}: empty file: no header line"


def test_empty_gzip(write: Callable[..., Path]) -> None:
    assert "empty file" in str(failure(write("orders.csv.gz", gzip.compress(b""))))


def test_utf16_gets_a_clear_message(write: Callable[..., Path]) -> None:
    path = write("orders.csv", "\ufeff" + ORDERS, "utf-16-le")
    assert "UTF-16" in str(failure(path))


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.csv"
    message = str(failure(path))
    assert message.startswith(f"{path}: cannot be read")


def test_bytes_source_with_a_name() -> None:
    source = open_source(ORDERS.encode(), name="upload.csv")
    assert source.name == "upload.csv"
    assert source.first_line() == "order_id,purchase_date,currency"
