"""Two teammates each run ``aztui watch`` on the shared store: every alert still arrives
exactly once (one sends, the other leaves it the outbox), and when the sender dies the other
takes over."""

from __future__ import annotations

import signal
import time
from collections import Counter

from tests.notify.test_delivery import (
    Receiver,
    free_port,
    outbox,
    setup,
    wait_until,
    watch,
)


def test_two_watchers_on_one_store_send_each_alert_once(postgres_url, tmp_path, monkeypatch):
    monkeypatch.setenv("AZTUI_DB", postgres_url)  # over the team file's db, for every process
    port = free_port()
    env = setup(tmp_path, port)
    receiver = Receiver(port)
    receiver.up()
    first, second = watch(tmp_path, env), watch(tmp_path, env)
    try:
        wait_until(
            lambda: (
                len(receiver.ids) >= 5 and all(o.status == "sent" for o in outbox(tmp_path, env))
            )
        )
        time.sleep(1.0)  # more passes of both: nothing is sent again
        first.send_signal(signal.SIGKILL)  # the sender (or not) dies; the other carries on
        first.wait(10)
        setup(tmp_path, port, orders=5)  # two more orders overdue: new alerts
        wait_until(
            lambda: (
                len(outbox(tmp_path, env)) > 5
                and all(o.status == "sent" for o in outbox(tmp_path, env))
            )
        )
        time.sleep(1.0)
    finally:
        for process in (first, second):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.communicate(timeout=20)
        receiver.down()
    entries = outbox(tmp_path, env)
    assert Counter(receiver.ids) == Counter(o.alert.id for o in entries)  # each exactly once
