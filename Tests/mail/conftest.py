"""Fixtures of the mail suite: a real SMTP server (aiosmtpd) on loopback that records what it accepts, and a
demo database whose follow-up pass has queued notices."""
import datetime
import os
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
import urllib.request

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class RecordingHandler:
    """Accepts every mail and keeps it; can drop the connection instead of answering the next message, and
    refuse chosen recipients."""

    def __init__(self):
        self.accepted = []
        self.drop_next = 0
        self.refused = set()
        self.dropped = []
        self.arrived = threading.Condition()

    def wait_for(self, count, timeout=60, to=None):
        """Blocks until `count` mails (to `to`, if given) were accepted; the server's sender runs every few seconds."""
        def enough():
            return len([e for e in self.accepted if to is None or to in e.rcpt_tos]) >= count
        with self.arrived:
            return self.arrived.wait_for(enough, timeout=timeout)

    def to(self, address):
        with self.arrived:
            return [envelope for envelope in self.accepted if address in envelope.rcpt_tos]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.drop_next > 0:
            # The whole message arrived, but the server goes away before accepting it.
            self.drop_next -= 1
            self.dropped.append(envelope.content)
            server.transport.abort()
            return "421 gone"
        with self.arrived:
            self.accepted.append(envelope)
            self.arrived.notify_all()
        return "250 OK queued"


def _authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"ill@state.example.org" \
        and auth_data.password == b"s3cret!"
    # A failure the server answers itself (535), rather than one the authenticator already answered.
    return AuthResult(success=ok, handled=False)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    handler = RecordingHandler()
    handler.port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    yield handler
    controller.stop()


def server_tls(tmp_path):
    """A certificate for localhost, its own authority, and a server-side TLS context holding it."""
    import ssl
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    return context, str(cert)


@pytest.fixture
def implicit_tls_smtp_server(tmp_path):
    """A server that speaks TLS from the first byte (smtps, port 465 style)."""
    context, cert = server_tls(tmp_path)
    handler = RecordingHandler()
    handler.port = free_port()
    controller = Controller(handler, hostname="localhost", port=handler.port, ssl_context=context)
    controller.start()
    handler.ca_file = cert
    yield handler
    controller.stop()


@pytest.fixture
def tls_smtp_server(tmp_path):
    """A server that offers STARTTLS with a certificate of its own CA and takes a login only over TLS."""
    context, cert = server_tls(tmp_path)
    handler = RecordingHandler()
    handler.port = free_port()
    controller = Controller(handler, hostname="localhost", port=handler.port, tls_context=context,
                            require_starttls=True, authenticator=_authenticate, auth_required=True)
    controller.start()
    handler.ca_file = cert
    yield handler
    controller.stop()


class Interloan:
    """The binary on a demo database of its own."""

    def __init__(self, directory):
        self.directory = directory
        self.database = os.path.join(directory, "mail-test.sqlite")
        self.binary = os.environ["INTERLOAN_BINARY"]

    def run(self, *arguments, **environment):
        env = {name: value for name, value in os.environ.items() if not name.startswith("INTERLOAN_")}
        env.update(INTERLOAN_DATABASE=self.database, LOG_LEVEL="error", **environment)
        result = subprocess.run([self.binary, *arguments], cwd=self.directory, env=env, capture_output=True,
                                text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        self.output = result.stdout.strip().splitlines()
        return self.output[-1]

    def outbox(self):
        with sqlite3.connect(self.database) as connection:
            return connection.execute(
                "SELECT id, recipient, state, attempts, last_error FROM mail_outbox ORDER BY id").fetchall()


@pytest.fixture(scope="module")
def seeded_database():
    """A demo database after one follow-up pass: notices queued, none sent."""
    directory = tempfile.mkdtemp(prefix="interloan-mail-")
    interloan = Interloan(directory)
    interloan.run("demo")
    interloan.run("jobs", "run", "--once")
    return interloan.database


@pytest.fixture
def interloan(seeded_database, tmp_path):
    """A fresh copy of the seeded database, so each test sends the same queue."""
    interloan = Interloan(str(tmp_path))
    with sqlite3.connect(seeded_database) as source, sqlite3.connect(interloan.database) as target:
        source.backup(target)
    return interloan


def later(minutes):
    """An instant `minutes` from now, as `--now` takes it."""
    instant = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=minutes)
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def served(tmp_path, smtp_server):
    """`interloan serve` on a fresh demo database, delivering its mail to the SMTP server."""
    interloan = Interloan(str(tmp_path))
    interloan.run("demo")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {name: value for name, value in os.environ.items() if not name.startswith("INTERLOAN_")}
    env.update(INTERLOAN_DATABASE=interloan.database, LOG_LEVEL="warning", INTERLOAN_BASE_URL=base,
               INTERLOAN_SMTP_URL=f"smtp://127.0.0.1:{smtp_server.port}", INTERLOAN_MAIL_FROM="ILL Team <ill@hhlx.example.org>")
    server = subprocess.Popen([interloan.binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)],
                              cwd=str(tmp_path), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/health", timeout=2)
            break
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
    interloan.base = base
    yield interloan
    server.terminate()
    server.wait(timeout=30)
