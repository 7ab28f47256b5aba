"""Batches of e-mails read off the event loop, in a thread or in worker processes: the same
readings as one ``read_mail`` after another, in the order submitted."""

from __future__ import annotations

import pytest

from aztui.mail import MailReading, MailSettings, read_mail
from aztui.mail import batch as batch_module
from aztui.mail.batch import BatchReader
from tests.mail.mails import build, dns

NAMES = (
    "en_claim_received.eml",
    "fr_claim_received.eml",
    "en_buyer_message.eml",
    "en_new_order.eml",
    "en_return_request.eml",
    "en_refund_initiated.eml",
    "en_cancellation_request.eml",
)
SETTINGS = MailSettings()


def one_by_one(raws: list[bytes]) -> list[MailReading]:
    return [
        read_mail(raw, settings=SETTINGS, zone="Europe/Paris", dns=dns, folder_role="inbox")
        for raw in raws
    ]


async def in_batches(raws: list[bytes], *, expected: int, workers: int) -> tuple[bool, list]:
    got: list[MailReading] = []
    async with BatchReader(
        settings=SETTINGS, zone="Europe/Paris", dns=dns, expected=expected, workers=workers
    ) as reader:
        for start in range(0, len(raws), 2):
            got.extend(await reader.submit(raws[start : start + 2], "inbox"))
        got.extend(await reader.drain())
        return reader.pooled, got


@pytest.mark.parametrize("pooled", [False, True], ids=["thread", "processes"])
async def test_batches_read_as_one_by_one(pooled, monkeypatch):
    monkeypatch.setattr(batch_module, "POOL_FROM", 3)
    raws = [build(name) for name in NAMES]
    used, got = await in_batches(raws, expected=len(raws) if pooled else 1, workers=2)
    assert used is pooled
    assert got == one_by_one(raws)
    assert {r.outcome for r in got} >= {"recorded", "ignored"}


async def test_a_reader_that_cannot_travel_reads_in_the_thread(monkeypatch):
    monkeypatch.setattr(batch_module, "POOL_FROM", 1)
    raws = [build(NAMES[0])]

    def local_dns(name: bytes, timeout: int = 5) -> bytes | None:  # not picklable
        return dns(name, timeout)

    async with BatchReader(
        settings=SETTINGS, zone="Europe/Paris", dns=local_dns, expected=10, workers=2
    ) as reader:
        assert reader.pooled is False
        got = [*await reader.submit(raws, "inbox"), *await reader.drain()]
    assert got == one_by_one(raws)


async def test_few_batches_wait_at_a_time():
    raws = [build(name) for name in NAMES]
    async with BatchReader(
        settings=SETTINGS, zone="Europe/Paris", dns=dns, expected=1, workers=1
    ) as reader:
        returned = [len(await reader.submit([raw], "inbox")) for raw in raws]
        rest = await reader.drain()
    assert returned[:2] == [0, 0]  # two may wait (2 × 1 worker)
    assert sum(returned) + len(rest) == len(raws)
    assert len(rest) <= 2
