"""Claims and returns read from e-mail without Amazon's id, on every backend: kept by order
and type, merged with the real one whichever comes first, never doubled; what e-mails said
written through ``aztui.mail.write`` keeps the earlier instants."""

from __future__ import annotations

from aztui.domain.model import BuyerMessage, Claim, ClaimType, Decision, ReturnRequest
from aztui.domain.standins import email_claim_id, email_return_id
from aztui.mail import RECORDED, MailReading
from aztui.mail.write import write_readings
from tests.store.test_contract import NOW, D, H, order

OID = order(1).order_id


def standin(**fields) -> Claim:
    return Claim(email_claim_id(OID, ClaimType.NOT_RECEIVED), OID, ClaimType.NOT_RECEIVED, **fields)


async def claims(store) -> list[Claim]:
    bundle = await store.bundle(OID)
    return sorted(bundle.claims, key=lambda c: c.claim_id)


async def claim_deadlines(store) -> list[str]:
    found = await store.deadlines(NOW, include_done=True, order_id=OID)
    return [d.rule for d in found if d.rule.startswith("claim")]


async def test_a_real_claim_imported_later_takes_the_e_mails_place(store):
    await store.write([order(1)])
    await store.write([standin(filed_at=NOW - 2 * D, response_requested_at=NOW - 2 * D)])
    assert await claim_deadlines(store) == ["claim_response"]
    real = Claim("A2Z-77", OID, ClaimType.NOT_RECEIVED, NOW - 3 * D)
    await store.write([real])
    (merged,) = await claims(store)
    assert merged.claim_id == "A2Z-77"
    assert merged.filed_at == NOW - 3 * D  # the real one's own
    assert merged.response_requested_at == NOW - 2 * D  # what the e-mail said
    assert await claim_deadlines(store) == ["claim_response"]


async def test_an_e_mail_about_a_claim_already_held_merges_into_it(store):
    asked = NOW - 3 * D
    real = Claim("A2Z-78", OID, ClaimType.NOT_RECEIVED, asked, response_requested_at=asked)
    await store.write([order(1), real])
    decided = standin(filed_at=NOW - H, decided_at=NOW - H, decision=Decision.GRANTED)
    await store.write([decided])
    (merged,) = await claims(store)
    assert (merged.claim_id, merged.filed_at) == ("A2Z-78", NOW - 3 * D)
    assert merged.response_requested_at == NOW - 3 * D
    assert (merged.decision, merged.decided_at) == (Decision.GRANTED, NOW - H)


async def test_an_e_mail_that_does_not_say_the_type_merges_with_the_orders_claim(store):
    real = Claim("A2Z-79", OID, ClaimType.NOT_AS_DESCRIBED, NOW - 3 * D)
    await store.write([order(1), real])
    other = Claim(email_claim_id(OID, ClaimType.OTHER), OID, ClaimType.OTHER, NOW - D)
    await store.write([_with(other, decided_at=NOW - D, decision=Decision.DENIED)])
    (merged,) = await claims(store)
    assert (merged.claim_id, merged.type, merged.decision) == (
        "A2Z-79",
        ClaimType.NOT_AS_DESCRIBED,
        Decision.DENIED,
    )


async def test_two_e_mails_about_one_claim_keep_the_earlier_instants(store):
    await store.write([order(1)])
    await store.write([standin(filed_at=NOW - 2 * D, response_requested_at=NOW - 2 * D)])
    later = standin(filed_at=NOW - H, decided_at=NOW - H, decision=Decision.GRANTED)
    await store.write([later])
    (merged,) = await claims(store)
    assert merged.filed_at == NOW - 2 * D
    assert merged.decided_at == NOW - H


async def test_both_in_one_write_into_an_empty_store_make_one_claim(store):
    real = Claim("A2Z-80", OID, ClaimType.NOT_RECEIVED, NOW - 3 * D)
    await store.write([order(1), standin(filed_at=NOW - D, response_requested_at=NOW - D), real])
    (merged,) = await claims(store)
    assert (merged.claim_id, merged.filed_at, merged.response_requested_at) == (
        "A2Z-80",
        NOW - 3 * D,
        NOW - D,
    )


async def test_a_return_from_e_mail_merges_with_the_reports_return(store):
    await store.write([order(1), ReturnRequest(email_return_id(OID), OID, NOW - D)])
    await store.write([ReturnRequest("RMA-1", OID, NOW - 2 * D)])
    bundle = await store.bundle(OID)
    assert [(r.return_id, r.requested_at) for r in bundle.returns] == [("RMA-1", NOW - 2 * D)]


def reading(*records) -> MailReading:
    return MailReading(RECORDED, tuple(records), "k", None, "")


async def test_an_answer_read_before_its_message_gives_way_to_the_messages_time(store):
    answer = BuyerMessage("TOK1", NOW - H, OID, answered_at=NOW - H)
    await write_readings(store, [reading(answer)], source="test")
    message = BuyerMessage("TOK1", NOW - 5 * H, OID)
    await write_readings(store, [reading(message)], source="test")
    (kept,) = (await store.bundle(OID)).messages
    assert (kept.received_at, kept.answered_at) == (NOW - 5 * H, NOW - H)
    await write_readings(store, [reading(answer)], source="test")  # read again: no change
    assert (await store.bundle(OID)).messages == (kept,)


async def test_a_cancellation_request_never_moves_the_purchase_later(store):
    await store.write([order(1)])
    from aztui.domain.model import Order

    request = Order(OID, NOW - H, buyer_requested_cancel=True)
    await write_readings(store, [reading(request)], source="test")
    kept = (await store.bundle(OID)).order
    assert kept is not None
    assert (kept.purchase_date, kept.buyer_requested_cancel) == (NOW - 5 * D, True)


def _with(claim: Claim, **changes) -> Claim:
    import dataclasses

    return dataclasses.replace(claim, **changes)


def other(**fields) -> Claim:
    return Claim(email_claim_id(OID, ClaimType.OTHER), OID, ClaimType.OTHER, **fields)


async def test_an_e_mail_not_saying_the_type_joins_the_claim_another_e_mail_typed(store):
    await store.write([order(1)])
    await store.write([standin(filed_at=NOW - 2 * D, response_requested_at=NOW - 2 * D)])
    await store.write([other(filed_at=NOW - H, decided_at=NOW - H, decision=Decision.GRANTED)])
    (one,) = await claims(store)
    assert (one.claim_id, one.filed_at, one.decision) == (
        email_claim_id(OID, ClaimType.NOT_RECEIVED),
        NOW - 2 * D,
        Decision.GRANTED,
    )


async def test_the_typed_e_mail_read_second_names_the_claim(store):
    await store.write([order(1)])
    await store.write([other(filed_at=NOW - 2 * D)])
    await store.write([standin(filed_at=NOW - D, response_requested_at=NOW - D)])
    (one,) = await claims(store)
    assert (one.claim_id, one.filed_at, one.response_requested_at) == (
        email_claim_id(OID, ClaimType.NOT_RECEIVED),
        NOW - 2 * D,
        NOW - D,
    )


async def test_both_e_mails_in_one_batch_make_one_claim(store):
    await store.write([order(1)])
    late = other(filed_at=NOW - H, decided_at=NOW - H, decision=Decision.DENIED)
    await store.write([late, standin(filed_at=NOW - D, response_requested_at=NOW - D)])
    (one,) = await claims(store)
    assert (one.type, one.filed_at, one.decision) == (
        ClaimType.NOT_RECEIVED,
        NOW - D,
        Decision.DENIED,
    )
