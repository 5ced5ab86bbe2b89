"""The crash test: 32 clients drive lifecycles for 20 seconds while the server is killed with SIGKILL at a random
moment and started again, three rounds. Every action the server acknowledged is in its request's history, the
file passes SQLite's integrity check, and the mail outbox resumes: each notice reaches the SMTP server, and no
more than one notice a kill arrives twice (the one being handed over when the process died)."""
import collections
import os
import random
import sqlite3
import threading
import time

from conftest import BORROWER, Journal, histories, start_clients

ROUNDS = 3
CLIENTS = 32
SECONDS = 20


def test_nothing_acknowledged_is_lost_to_sigkill(interloan, smtp_server):
    chooser = random.Random(int(os.environ.get("SEED", "18626")))
    interloan.start(INTERLOAN_SMTP_URL=f"smtp://127.0.0.1:{smtp_server.port}")
    journal = Journal()
    kills = 0
    for round_number in range(ROUNDS):
        stop, up = threading.Event(), threading.Event()
        up.set()
        clients = start_clients(CLIENTS, interloan.port, interloan.tokens, journal, stop, up)
        began = time.monotonic()
        kill_at = chooser.uniform(2, SECONDS - 5)
        # The one timed wait of the test: the kill falls at a chosen moment of the load, by design.
        time.sleep(kill_at)
        up.clear()
        assert interloan.kill() == -9
        kills += 1
        assert interloan.integrity() == "ok", f"round {round_number + 1}: the file is damaged after the kill"
        interloan.start()
        up.set()
        remaining = SECONDS - (time.monotonic() - began)
        if remaining > 0:
            stop.wait(remaining)
        stop.set()
        for client in clients:
            client.join(timeout=120)
            assert not client.is_alive(), "a client did not stop"

    assert not journal.server_errors, journal.server_errors[:10]
    assert len(journal.acknowledged) > 500, "too little load to mean anything"
    expected = collections.defaultdict(list)
    for request_id, action in journal.acknowledged:
        expected[request_id].append(action)
    found = histories(interloan.port, interloan.tokens[BORROWER], expected)
    missing = [(request_id, action) for request_id, actions in expected.items() for action in actions
               if action not in found[request_id]]
    assert not missing, f"{len(missing)} acknowledged actions are not in the history, e.g. {missing[:5]}"
    print(f"{len(journal.acknowledged)} acknowledged actions on {len(expected)} requests, {kills} kills, "
          f"{len(journal.lost)} requests without an answer, all acknowledged ones found")

    # The outbox resumes after the last restart: every notice is sent, none more than once a kill.
    deadline = time.monotonic() + 300
    while True:
        with sqlite3.connect(interloan.database) as connection:
            pending, sent = connection.execute(
                "SELECT sum(state = 'pending'), sum(state = 'sent') FROM mail_outbox").fetchone()
        if pending == 0:
            break
        assert time.monotonic() < deadline, f"{pending} notices still pending"
        stop.wait(0.5)
    assert interloan.kill(signal_term()) == 0
    assert interloan.integrity() == "ok"
    counts = collections.Counter(smtp_server.message_ids)
    assert sent > 0 and len(counts) == sent, (sent, len(counts))
    repeated = sum(count - 1 for count in counts.values())
    assert repeated <= kills, f"{repeated} repeated deliveries for {kills} kills"
    print(f"{sent} notices delivered, {repeated} delivered twice")


def signal_term():
    import signal
    return signal.SIGTERM
