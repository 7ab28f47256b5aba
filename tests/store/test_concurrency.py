"""Two teammates acting on the same claim at once: one wins, the other is told what changed,
and nothing is overwritten silently (on every backend)."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from aztui.domain.lifecycle import Decided, Responded, apply_event
from aztui.domain.model import Claim, ClaimType, CountsInOdr, Decision, FundedBy
from aztui.domain.policy import Policy
from aztui.store.protocol import RecordChanged
from tests.store.test_contract import NOW, D, H, order

POLICY = Policy("FR")


def claim() -> Claim:
    return Claim(
        "CLM-7",
        order(1).order_id,
        ClaimType.NOT_RECEIVED,
        NOW - 2 * D,
        response_requested_at=NOW - 20 * H,
    )


def decided(seen: Claim, decision: Decision) -> Claim:
    return apply_event(
        seen, Decided(NOW - H, decision, FundedBy.SELLER, CountsInOdr.YES), NOW, POLICY
    )


async def stored_claim(store) -> Claim:
    [stored] = [c async for c in store.records("claim")]
    return stored


async def test_a_write_expecting_what_the_store_holds_goes_through(store):
    seen = claim()
    await store.write([order(1), seen])
    await store.write([decided(seen, Decision.GRANTED)], expected=[seen])
    assert (await stored_claim(store)).decision is Decision.GRANTED


async def test_a_write_expecting_an_old_state_is_refused_with_what_changed(store):
    seen = claim()
    await store.write([order(1), seen])
    teammate = apply_event(seen, Responded(NOW - 2 * H), NOW, POLICY)
    await store.write([teammate], expected=[seen])
    with pytest.raises(RecordChanged) as refused:
        await store.write([decided(seen, Decision.DENIED)], expected=[seen])
    assert [(c.field, c.seen, c.stored) for c in refused.value.changes] == [
        ("responded_at", None, NOW - 2 * H)
    ]
    assert refused.value.stored == teammate
    assert await stored_claim(store) == teammate  # nothing of the refused write


async def test_a_claim_removed_meanwhile_is_a_change_too(store):
    seen = claim()
    await store.write([order(1)])
    with pytest.raises(RecordChanged) as refused:
        await store.write([decided(seen, Decision.GRANTED)], expected=[seen])
    assert refused.value.stored is None


async def test_two_teammates_deciding_the_same_claim_at_once_one_wins(make_store):
    first, second = await make_store(), await make_store()
    seen = claim()
    await first.write([order(1), seen])
    outcomes = await asyncio.gather(
        first.write([decided(seen, Decision.GRANTED)], source="alice", expected=[seen]),
        second.write([decided(seen, Decision.DENIED)], source="bob", expected=[seen]),
        return_exceptions=True,
    )
    refused = [o for o in outcomes if isinstance(o, RecordChanged)]
    assert len(refused) == 1 and len(outcomes) == 2
    winner = Decision.GRANTED if isinstance(outcomes[1], RecordChanged) else Decision.DENIED
    assert (await stored_claim(first)).decision is winner
    told = {c.field: c.stored for c in refused[0].changes}
    assert told["decision"] is winner and told["decided_at"] == NOW - H
    for store in (first, second):
        await store.close()


async def test_one_process_sends_the_outbox_at_a_time(make_store):
    first, second = await make_store(), await make_store()
    async with first.exclusive("sending") as mine:
        assert mine
        async with second.exclusive("sending") as theirs:
            assert not theirs  # the first is sending: the second leaves it the alerts
        async with second.exclusive("tracking") as theirs:
            assert theirs  # another job: its own lock
    async with second.exclusive("sending") as theirs:
        assert theirs  # released when the first is done
    for store in (first, second):
        await store.close()


async def test_carriers_are_asked_by_one_aztui_at_a_time(make_store, tmp_path, monkeypatch):
    """While a teammate's aztui tracks, ``track`` says so rather than asking again."""
    from aztui.config import load_config
    from aztui.service import Busy, Service

    monkeypatch.setenv("AZTUI_USER_CONFIG", str(tmp_path / "none.toml"))
    teammate = await make_store()
    service = Service(load_config(cli_overrides={"db": teammate.url}))
    async with service:
        async with teammate.exclusive("tracking"):
            with pytest.raises(Busy, match="another aztui on this store is asking"):
                await service.track(NOW)
        runs, _ = await service.track(NOW)  # the teammate is done: this one may
        assert isinstance(runs, list)
    await teammate.close()


async def test_a_claim_a_teammate_just_recorded_is_not_recorded_over(store):
    await store.write([order(1)])
    teammate = claim()
    await store.write([teammate], absent=[teammate])  # new: goes through
    mine = dataclasses.replace(claim(), type=ClaimType.NOT_AS_DESCRIBED)
    with pytest.raises(RecordChanged) as refused:
        await store.write([mine], absent=[mine])
    assert refused.value.stored == teammate
    assert ("type", None, ClaimType.NOT_RECEIVED) in [
        (c.field, c.seen, c.stored) for c in refused.value.changes
    ]
    assert await stored_claim(store) == teammate


async def test_two_teammates_recording_one_new_claim_one_is_told(make_store, tmp_path, monkeypatch):
    """Both read the order without the claim, both save: the second is refused (never a
    silent merge of two different claims under one id)."""
    from functools import partial

    from aztui.config import load_config
    from aztui.domain.actions import ActionRefused, record_claim
    from aztui.service import Service

    monkeypatch.setenv("AZTUI_USER_CONFIG", str(tmp_path / "none.toml"))
    store = await make_store()
    await store.write([order(1)])
    services = [Service(load_config(cli_overrides={"db": store.url})) for _ in range(2)]
    for service in services:
        await service.open()
    claims = [claim(), dataclasses.replace(claim(), type=ClaimType.NOT_AS_DESCRIBED)]
    outcomes = await asyncio.gather(
        *(
            s.act(order(1).order_id, partial(record_claim, claim=c, now=NOW))
            for s, c in zip(services, claims, strict=True)
        ),
        return_exceptions=True,
    )
    refused = [o for o in outcomes if isinstance(o, RecordChanged | ActionRefused)]
    assert len(refused) == 1, outcomes
    winner = claims[0] if isinstance(outcomes[1], Exception) else claims[1]
    assert await stored_claim(store) == winner
    for service in services:
        await service.close()
    await store.close()
