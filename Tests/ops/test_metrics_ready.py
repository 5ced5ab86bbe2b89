"""`/metrics` read by the Prometheus project's own text parser, its families there and moving under load; the
token for other hosts; `/ready` turning 503 when the database file can no longer be read, and back."""
import os
import shutil
import tempfile
import threading
import urllib.error
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from conftest import BORROWER, Interloan, Journal, start_clients, stop_clients, wait_for_acknowledgements

FAMILIES = {
    "http_requests": "counter", "http_request_duration_seconds": "histogram",
    "interloan_lifecycle_actions": "counter", "interloan_outbox_backlog": "gauge",
    "interloan_outbox_oldest_age_seconds": "gauge", "interloan_scheduled_jobs_lag_seconds": "gauge",
    "interloan_scheduled_jobs_duration_seconds": "histogram", "interloan_write_batch_size": "histogram",
    "interloan_write_wait_seconds": "histogram", "interloan_write_commit_seconds": "histogram",
    "interloan_checkpoint_duration_seconds": "histogram",
}
TOKEN = "metrics-token-for-the-ops-suite-0123"


def get(url, headers=None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as answer:
            return answer.status, answer.read().decode(), answer.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers


def scrape(interloan):
    status, text, headers = get(interloan.base + "/metrics")
    assert status == 200
    assert headers["Content-Type"].startswith("text/plain; version=0.0.4")
    families = {family.name: family for family in text_string_to_metric_families(text)}
    samples = {}
    for family in families.values():
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return families, samples


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0)


def test_metrics_parse_and_move_under_load(interloan):
    interloan.start(INTERLOAN_METRICS_TOKEN=TOKEN)
    _, before = scrape(interloan)
    journal = Journal()
    stop, up = threading.Event(), threading.Event()
    up.set()
    clients = start_clients(8, interloan.port, interloan.tokens, journal, stop, up)
    wait_for_acknowledgements(journal, 300, stop)
    stop_clients(clients, stop, up)
    families, after = scrape(interloan)

    for name, kind in FAMILIES.items():
        assert name in families, f"{name} is missing"
        assert families[name].type == kind, (name, families[name].type)
    placed = sum(1 for _, action in journal.acknowledged if action == "place")
    shipped = sum(1 for _, action in journal.acknowledged if action == "ship")
    delta = lambda name, **labels: value(after, name, **labels) - value(before, name, **labels)
    assert delta("interloan_lifecycle_actions_total", action="place") == placed
    assert delta("interloan_lifecycle_actions_total", action="ship") == shipped
    assert delta("http_requests_total", method="POST", path="/api/v1/requests", status="201") == placed
    assert delta("http_request_duration_seconds_count", method="POST", path="/api/v1/requests", status="201") == placed
    assert delta("interloan_write_batch_size_count") > 0
    # Each batch observes its size and then its wait; a scrape may fall between the two for one batch in flight
    # (before or after the load), so the counts may differ by one, never more.
    assert abs(delta("interloan_write_wait_seconds_count") - delta("interloan_write_batch_size_count")) <= 1
    assert ("interloan_outbox_backlog", (("outbox", "mail"),)) in after

    # Through a proxy (a forwarding header), loopback is not enough: the token is.
    relayed = {"X-Forwarded-For": "203.0.113.9"}
    assert get(interloan.base + "/metrics", relayed)[0] == 403
    assert get(interloan.base + "/metrics", {**relayed, "Authorization": "Bearer " + TOKEN})[0] == 200
    assert get(interloan.base + "/metrics", {**relayed, "Authorization": "Bearer wrong-" + TOKEN})[0] == 403


@pytest.fixture
def unprivileged(demo_database):
    """The binary on a copy of the demo in a folder of an unprivileged user, served as that user when the tests run
    as root (for whom no file is unreadable)."""
    directory = tempfile.mkdtemp(prefix="interloan-ready-")
    os.chmod(directory, 0o755)
    interloan = Interloan(directory)
    shutil.copyfile(demo_database, interloan.database)
    preexec = None
    if os.geteuid() == 0:
        nobody = 65534
        for path in (directory, interloan.database):
            os.chown(path, nobody, nobody)

        def preexec():
            os.setgroups([])
            os.setgid(nobody)
            os.setuid(nobody)
    interloan.preexec = preexec
    yield interloan
    if interloan.server is not None:
        interloan.kill()
    shutil.rmtree(directory, ignore_errors=True)


def test_ready_is_503_while_the_database_file_is_unreadable(unprivileged):
    unprivileged.start(preexec=unprivileged.preexec)
    assert get(unprivileged.base + "/ready")[0] == 200
    os.chmod(unprivileged.database, 0)
    status, body, _ = get(unprivileged.base + "/ready")
    assert (status, body) == (503, '{"reason":"the database does not answer","status":"unavailable"}')
    assert get(unprivileged.base + "/health")[0] == 200, "liveness does not depend on the database"
    os.chmod(unprivileged.database, 0o600)
    assert get(unprivileged.base + "/ready")[0] == 200
