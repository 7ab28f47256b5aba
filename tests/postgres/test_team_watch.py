"""Two teammates each run ``aztui watch`` on the shared store: every alert still arrives
exactly once (one sends, the other leaves it the outbox), and when the sender dies the other
takes over."""

from __future__ import annotations

import signal
from collections import Counter

from tests.notify.test_delivery import Receiver, all_sent, another_pass, outbox, setup, watch
from tests.waiting import PATIENCE, wait_until


def test_two_watchers_on_one_store_send_each_alert_once(postgres_url, tmp_path, monkeypatch):
    monkeypatch.setenv("AZTUI_DB", postgres_url)  # over the team file's db, for every process
    receiver = Receiver()
    env = setup(tmp_path, receiver.port)
    receiver.up()
    first, second = watch(tmp_path, env), watch(tmp_path, env)
    try:
        wait_until(
            lambda: len(receiver.ids) >= 5 and all_sent(tmp_path, env), "every alert sent once"
        )
        another_pass(tmp_path, env, 4)  # more passes: nothing is sent again
        first.send_signal(signal.SIGKILL)  # the sender (or not) dies; the other carries on
        first.wait(PATIENCE)
        for n in (5, 6):  # more orders overdue: new alerts, sent by the other
            another_pass(tmp_path, env, n)
    finally:
        for process in (first, second):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.communicate(timeout=PATIENCE)
        receiver.down()
    entries = outbox(tmp_path, env)
    assert Counter(receiver.ids) == Counter(o.alert.id for o in entries)  # each exactly once
