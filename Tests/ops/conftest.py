"""Fixtures of the operations suite: the binary on a demo database of its own, served on loopback and stopped
the way an operator or a crash stops it, clients that drive request lifecycles through the API, and a real SMTP
server (aiosmtpd) that records each Message-ID it accepts."""
import email
import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.request

import pytest
from aiosmtpd.controller import Controller

BORROWER, LENDER = "ALDF", "BRKV"

# A lifecycle after placing: each action, whether the borrower takes it, and its body.
STEPS = [
    ("willSupply", False, {}),
    ("ship", False, {"carrier": "courier", "dueDate": "2099-12-31"}),
    ("receive", True, {}),
    ("returnShip", True, {"carrier": "courier"}),
    ("checkIn", False, {}),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(**extra):
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("INTERLOAN_") and name != "DATABASE_URL"}
    env["LOG_LEVEL"] = "warning"
    env.update(extra)
    return env


class Interloan:
    """The binary on a SQLite database in `directory`."""

    def __init__(self, directory):
        self.directory = str(directory)
        self.database = os.path.join(self.directory, "ops.sqlite")
        self.binary = os.environ["INTERLOAN_BINARY"]
        self.server = None
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.serve_environment = {}
        self.log = os.path.join(self.directory, "serve.log")

    def run(self, *arguments, check=True, **extra):
        result = subprocess.run([self.binary, *arguments], cwd=self.directory,
                                env=environment(INTERLOAN_DATABASE=self.database, **extra),
                                capture_output=True, text=True, timeout=600)
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def token(self, library):
        return self.run("token", "issue", "--library", library).stdout.strip().splitlines()[-1]

    def start(self, preexec=None, **extra):
        """Serves the database and returns once `/health` answers."""
        self.serve_environment.update(extra)
        with open(self.log, "a") as log:
            self.server = subprocess.Popen(
                [self.binary, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)], cwd=self.directory,
                env=environment(INTERLOAN_DATABASE=self.database, INTERLOAN_BASE_URL=self.base,
                                **self.serve_environment),
                stdout=log, stderr=subprocess.STDOUT, preexec_fn=preexec)
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(self.base + "/health", timeout=2)
                return
            except OSError:
                assert self.server.poll() is None, "the server exited: " + self.log_text()[-2000:]
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.05)

    def kill(self, sig=signal.SIGKILL, timeout=60):
        """Sends `sig` and returns the exit status."""
        self.server.send_signal(sig)
        status = self.server.wait(timeout=timeout)
        self.server = None
        return status

    def log_text(self):
        with open(self.log) as log:
            return log.read()

    def integrity(self):
        with sqlite3.connect(self.database) as connection:
            return connection.execute("PRAGMA integrity_check").fetchone()[0]


class Client:
    """One keep-alive HTTP connection to the server, as a client library keeps one."""

    def __init__(self, port, token=None):
        self.port = port
        self.token = token
        self.connection = None

    def call(self, method, path, body=None, token=None, headers=None, raw=None):
        """The status and the decoded JSON body; connection failures raise OSError or http.client's errors."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = dict(headers or {})
        token = token or self.token
        if token:
            sent["Authorization"] = f"Bearer {token}"
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        try:
            self.connection.request(method, path, body=data, headers=sent)
            response = self.connection.getresponse()
            payload = response.read()
        except Exception:
            self.close()
            raise
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return response.status, (json.loads(payload) if payload[:1] in (b"{", b"[") else payload)

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class Journal:
    """What the server acknowledged (a 2xx), and what failed, across client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acknowledged = []  # (request id, action)
        self.server_errors = []
        self.lost = []  # (request id or title, action, error) for requests that got no answer
        self.titles = {}  # request id: the title it was placed with

    def ack(self, request_id, action, title=None):
        with self.lock:
            self.acknowledged.append((request_id, action))
            if title is not None:
                self.titles[request_id] = title

    def count(self):
        with self.lock:
            return len(self.acknowledged)

    def failed(self, entry):
        with self.lock:
            self.lost.append(entry)

    def error(self, entry):
        with self.lock:
            self.server_errors.append(entry)


def drive(port, tokens, journal, stop, up, name):
    """Walks lifecycles until `stop` is set; after a connection failure waits for `up` before going on."""
    client = Client(port)
    sequence = 0
    while not stop.is_set():
        sequence += 1
        title = f"Ops {name}-{sequence}"
        try:
            status, body = client.call("POST", "/api/v1/requests", {"title": title, "lenders": [LENDER]},
                                       token=tokens[BORROWER])
        except (OSError, http.client.HTTPException) as failure:
            journal.failed((title, "place", repr(failure)))
            up.wait()
            continue
        if status >= 500:
            journal.error((title, "place", status))
        if status != 201:
            continue
        request_id = body["id"]
        journal.ack(request_id, "place", title)
        for action, by_borrower, payload in STEPS:
            if stop.is_set():
                return
            token = tokens[BORROWER] if by_borrower else tokens[LENDER]
            try:
                status, body = client.call("POST", f"/api/v1/requests/{request_id}/actions/{action}", payload,
                                           token=token)
            except (OSError, http.client.HTTPException) as failure:
                journal.failed((request_id, action, repr(failure)))
                up.wait()
                break
            if status >= 500:
                journal.error((request_id, action, status))
            if status != 200:
                break
            journal.ack(request_id, action)


def start_clients(count, port, tokens, journal, stop, up):
    threads = [threading.Thread(target=drive, args=(port, tokens, journal, stop, up, f"c{index}"), daemon=True)
               for index in range(count)]
    for thread in threads:
        thread.start()
    return threads


def wait_for_acknowledgements(journal, count, stop, timeout=120):
    """Returns once the clients have `count` acknowledged actions between them."""
    deadline = time.monotonic() + timeout
    while journal.count() < count:
        assert time.monotonic() < deadline, f"only {journal.count()} actions acknowledged"
        stop.wait(0.05)


def stop_clients(clients, stop, up):
    stop.set()
    up.set()
    for client in clients:
        client.join(timeout=120)
        assert not client.is_alive(), "a client did not stop"


def histories(port, token, request_ids):
    """The actions in each request's history, read through the API by eight clients at once."""
    found = {}
    pending = list(request_ids)
    lock = threading.Lock()

    def work():
        client = Client(port, token)
        while True:
            with lock:
                if not pending:
                    return
                request_id = pending.pop()
            status, events = client.call("GET", f"/api/v1/requests/{request_id}/history")
            assert status == 200, (request_id, status)
            with lock:
                found[request_id] = [event["action"] for event in events]

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return found


class RecordingSMTP:
    """Accepts every mail and counts each Message-ID it sees."""

    def __init__(self):
        self.lock = threading.Lock()
        self.message_ids = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content)
        with self.lock:
            self.message_ids.append(message["Message-ID"])
        return "250 OK queued"


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory):
    """A demo consortium, made once and copied for each test."""
    interloan = Interloan(tmp_path_factory.mktemp("demo"))
    interloan.run("demo")
    return interloan.database


@pytest.fixture
def interloan(demo_database, tmp_path):
    interloan = Interloan(tmp_path)
    with sqlite3.connect(demo_database) as source, sqlite3.connect(interloan.database) as target:
        source.backup(target)
    interloan.tokens = {library: interloan.token(library) for library in (BORROWER, LENDER)}
    yield interloan
    if interloan.server is not None:
        interloan.kill(signal.SIGKILL)


@pytest.fixture
def smtp_server():
    handler = RecordingSMTP()
    handler.port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    yield handler
    controller.stop()
