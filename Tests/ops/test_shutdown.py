"""SIGTERM under load: the server stops taking connections, answers every request already in flight (actions
and a holdings upload whose heads it has taken and whose bodies are only half sent when the signal arrives), and
exits 0. No client sees a
5xx; a request that got no answer is one the server never took, so nothing of it was stored."""
import json
import os
import signal
import socket
import sqlite3
import threading
import time

from conftest import BORROWER, LENDER, Client, Journal, histories, start_clients, stop_clients, \
    wait_for_acknowledgements


def half_sent(port, method, path, token, body, content_type):
    """A connection that has sent the head of a request and half its body."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=60)
    head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    connection.sendall(head + body[:len(body) // 2])
    return connection, body[len(body) // 2:]


def finish(connection, rest):
    """Sends the rest of the body and returns the answer's status."""
    connection.sendall(rest)
    answer = b""
    while b"\r\n" not in answer:
        chunk = connection.recv(4096)
        assert chunk, "the server closed the connection without answering"
        answer += chunk
    connection.close()
    return int(answer.split(b" ", 2)[1])


def refuses_connections(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
        return False
    except ConnectionRefusedError:
        return True


def test_sigterm_answers_everything_in_flight_then_exits_zero(interloan):
    # At debug level the server logs each request's line when it takes the request's head: the proof, below,
    # that the half-sent requests are in its hands and not still in the kernel's queue of connections.
    interloan.start(INTERLOAN_SHUTDOWN_SECONDS="20", LOG_LEVEL="debug")
    tokens = interloan.tokens
    placer = Client(interloan.port, tokens[BORROWER])
    requests = []
    for number in range(6):
        status, body = placer.call("POST", "/api/v1/requests", {"title": f"In flight {number}", "lenders": [LENDER]})
        assert status == 201
        requests.append(body["id"])
    placer.close()
    holdings = ("title,author,isbn,issn,oclc,call_number,lendable\n" + "".join(
        f"Shutdown title {line},Author {line},,,,QA{line},true\n" for line in range(3000))).encode()

    journal = Journal()
    stop, up = threading.Event(), threading.Event()
    up.set()
    clients = start_clients(16, interloan.port, tokens, journal, stop, up)
    wait_for_acknowledgements(journal, 200, stop)
    in_flight = [half_sent(interloan.port, "POST", f"/api/v1/requests/{request_id}/actions/willSupply",
                           tokens[LENDER], json.dumps({"note": "answered while stopping"}).encode(),
                           "application/json") for request_id in requests]
    in_flight.append(half_sent(interloan.port, "POST", f"/api/v1/libraries/{LENDER}/holdings?format=csv",
                               tokens[LENDER], holdings, "text/csv"))

    taken = [f"POST /api/v1/requests/{request_id}/actions/willSupply [" for request_id in requests]
    taken.append(f"POST /api/v1/libraries/{LENDER}/holdings [")
    deadline = time.monotonic() + 60
    while not all(line in interloan.log_text() for line in taken):
        assert time.monotonic() < deadline, "the server did not take the half-sent requests"
        stop.wait(0.02)

    up.clear()
    signalled = time.monotonic()
    interloan.server.send_signal(signal.SIGTERM)
    deadline = signalled + 30
    while not refuses_connections(interloan.port):
        assert time.monotonic() < deadline, "the server still takes connections after SIGTERM"
        stop.wait(0.01)
    statuses = [finish(connection, rest) for connection, rest in in_flight]
    assert statuses == [200] * len(in_flight), statuses
    assert interloan.server.wait(timeout=30) == 0
    stopped_after = time.monotonic() - signalled
    interloan.server = None
    stop_clients(clients, stop, up)

    assert not journal.server_errors, journal.server_errors[:10]
    assert "Fatal error" not in interloan.log_text()
    # A request without an answer must have been refused whole: no trace of it in the database.
    with sqlite3.connect(interloan.database) as connection:
        stored_titles = {row[0] for row in connection.execute("SELECT title FROM requests")}
    interloan.start()
    unanswered_actions = [(request_id, action) for request_id, action, _ in journal.lost if action != "place"]
    found = histories(interloan.port, tokens[BORROWER], {request_id for request_id, _ in unanswered_actions})
    for request_id, action in unanswered_actions:
        assert action not in found[request_id], f"{action} on {request_id} was stored but never answered"
    for title, action, _ in journal.lost:
        if action == "place":
            assert title not in stored_titles, f"{title} was stored but never answered"
    print(f"{journal.count()} actions acknowledged, {len(journal.lost)} refused before the server took them, "
          f"{len(in_flight)} in flight answered; exit 0 after {stopped_after:.2f} s")
