"""The PostgreSQL server killed while ``aztui watch`` sends alerts (a delivery under way at the
real local webhook receiver of ``tests/notify``), then started again: every alert arrives
exactly once, and the watcher carries on."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.notify.test_delivery import Receiver, all_sent, another_pass, outbox, setup
from tests.postgres.faults import Aztui, told_plainly
from tests.postgres.server import Server
from tests.waiting import PATIENCE, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("postgres-faults-watch")]


def test_killed_while_watch_sends_every_alert_arrives_exactly_once(
    private_server: Server, private_db: str, tmp_path, monkeypatch
):
    monkeypatch.setenv("AZTUI_DB", private_db)  # over the team file's db, for every process
    receiver = Receiver(hold_first=True)
    env = setup(tmp_path, receiver.port)
    receiver.up()
    watcher = Aztui(tmp_path, env, "watch")
    try:
        assert receiver.started.wait(PATIENCE), "no delivery began"  # one under way …
        private_server.kill()  # … when the server dies, the sender's lock with it
        receiver.release()  # delivered: to be recorded in a store that is down
        wait_until(lambda: watcher.says("the write waits up to"), "the watcher told to wait")
        private_server.start()
        wait_until(lambda: all_sent(tmp_path, env), "every alert sent after the restart")
        another_pass(tmp_path, env, 4)  # the watcher carries on; nothing is sent again
    finally:
        watcher.stop()
        code, _, err = watcher.finish()
        receiver.down()
    assert code == 0, err
    assert "cannot be reached" in err
    told_plainly(err)
    entries = outbox(tmp_path, env)
    assert len(entries) > 5 and all(o.status == "sent" for o in entries)
    assert Counter(receiver.ids) == Counter(o.alert.id for o in entries)  # each exactly once


def test_killed_between_passes_watch_says_so_and_carries_on(
    private_server: Server, private_db: str, tmp_path, monkeypatch
):
    monkeypatch.setenv("AZTUI_DB", private_db)
    receiver = Receiver()
    env = setup(tmp_path, receiver.port)
    receiver.up()
    watcher = Aztui(tmp_path, env, "watch")
    try:
        wait_until(lambda: all_sent(tmp_path, env), "every alert sent")
        private_server.kill()
        wait_until(  # a pass that could not read, or a write under way that waits
            lambda: watcher.says("store: ") or watcher.says("the write waits up to"),
            "the watcher saying the store is out of reach",
        )
        private_server.start()
        another_pass(tmp_path, env, 4)  # the watcher carries on; nothing is sent again
    finally:
        watcher.stop()
        code, _, err = watcher.finish()
        receiver.down()
    assert code == 0, err
    assert "cannot be reached" in err
    told_plainly(err)
    entries = outbox(tmp_path, env)
    assert Counter(receiver.ids) == Counter(o.alert.id for o in entries)  # each exactly once
