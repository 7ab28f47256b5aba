"""The tally of e-mails refused and unrecognised (``aztui.mail.tally``) is kept in the store,
SQLite and PostgreSQL alike, for the next process: counts add up, each template keeps how many
times it was seen and when last."""

from __future__ import annotations

from datetime import UTC, datetime

from aztui.mail.tally import IMPORT, MailCount, Template, seen, source, tally_up

MAIL = source("mail")

MONDAY = datetime(2026, 11, 23, 9, tzinfo=UTC)
TUESDAY = datetime(2026, 11, 24, 9, tzinfo=UTC)


async def test_a_tally_adds_up_across_processes(make_store):
    first = await make_store()
    assert await seen(first, MAIL) is None
    await tally_up(first, MAIL, MailCount(3, 1, {"3f2a000000000001": 2, "": 1}), MONDAY)
    await first.close()

    second = await make_store()  # another aztui on the same store
    after = await tally_up(second, MAIL, MailCount(1, 0, {"9b01000000000002": 1}), TUESDAY)
    await tally_up(second, MAIL, MailCount(0, 2, {"3f2a000000000001": 1}), TUESDAY)
    kept = await seen(second, MAIL)
    assert kept is not None and after.recorded == 4
    assert (kept.recorded, kept.refused, kept.unrecognised) == (4, 3, 5)
    assert kept.templates == (
        Template("3f2a000000000001", 3, TUESDAY.isoformat()),
        Template("9b01000000000002", 1, TUESDAY.isoformat()),
    )
    assert await seen(second, IMPORT) is None  # each origin its own
    await second.close()


async def test_a_tally_aztui_did_not_write_starts_again(store):
    await store.set_meta("mail:source:mail", "not json")
    assert await seen(store, MAIL) is None
    kept = await tally_up(store, MAIL, MailCount(0, 1), MONDAY)
    assert (kept.recorded, kept.refused, kept.unrecognised, kept.templates) == (0, 1, 0, ())


def test_the_line_names_counts_and_templates_never_an_e_mail():
    assert str(MailCount(3)) == "3 e-mail(s) recorded"
    assert str(MailCount(3, 1, {"9b01": 1, "3f2a": 1, "": 1})) == (
        "3 e-mail(s) recorded, 1 refused (not signed by Amazon), "
        "3 unrecognised (template(s) 3f2a, 9b01): add a pattern, see docs/email.md"
    )
    assert not MailCount() and MailCount(0, 0, {"": 1})


async def test_two_aztui_adding_at_once_both_count(make_store):
    """Two processes on one store, each adding while the other does: no addition is lost."""
    import asyncio

    first, second = await make_store(), await make_store()
    try:
        await asyncio.gather(
            *(
                tally_up(store, MAIL, MailCount(1, 0, {"3f2a000000000001": 1}), MONDAY)
                for _ in range(10)
                for store in (first, second)
            )
        )
        kept = await seen(first, MAIL)
        assert kept is not None
        assert (kept.recorded, kept.unrecognised) == (20, 20)
        assert kept.templates == (Template("3f2a000000000001", 20, MONDAY.isoformat()),)
    finally:
        await first.close()
        await second.close()


async def test_a_source_named_import_keeps_its_own_tally(store):
    await tally_up(store, source("import"), MailCount(2), MONDAY)
    await tally_up(store, IMPORT, MailCount(5), MONDAY)
    named, files = await seen(store, source("import")), await seen(store, IMPORT)
    assert named is not None and files is not None
    assert (named.recorded, files.recorded) == (2, 5)
    assert named.as_json()["origin"] == "source" and files.as_json()["origin"] == "files"
