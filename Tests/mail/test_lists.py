"""Announcement lists end to end: a served demo consortium, a real SMTP server, double opt-in, posting with
RFC 8058 headers, one-click unsubscribing."""
import email
import email.policy
import json
import re
import urllib.error
import urllib.request


def call(method, url, body=None, token=None, form=None):
    headers = {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if form is not None:
        data = form.encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def parse(envelope):
    return email.message_from_bytes(envelope.original_content, policy=email.policy.default)


def test_subscribe_confirm_post_and_unsubscribe_in_one_click(served, smtp_server):
    lists = json.loads(call("GET", served.base + "/api/v1/lists")[1])
    assert [entry["slug"] for entry in lists] == ["ill-announce", "west-central-southeast", "harbor-metrowest-northeast"]

    status, _ = call("POST", served.base + "/api/v1/lists/ill-announce/subscriptions", {"email": "not-an-address"})
    assert status == 422
    for _ in range(3):  # asking again sends no second confirmation
        status, _ = call("POST", served.base + "/api/v1/lists/ill-announce/subscriptions",
                         {"email": "reader@patrons.example.org"})
        assert status == 202
    reader = "reader@patrons.example.org"
    assert smtp_server.wait_for(1, to=reader)
    confirmation = parse(smtp_server.to(reader)[0])
    assert confirmation["Subject"] == "Confirm your subscription to ILL Announce"
    link = re.search(r"http://\S+/confirm\?\S+", confirmation.get_body(("plain",)).get_content()).group(0)
    assert link.startswith(served.base)
    status, page = call("GET", link)
    assert status == 200 and ">Confirm</button>" in page
    status, page = call("POST", link, form="")
    assert status == 200 and "reader@patrons.example.org now receives ILL Announce." in page

    team = served.run("token", "issue", "--library", "HHLX")
    status, body = call("POST", served.base + "/api/v1/lists/ill-announce/announcements",
                        {"title": "Courier <b>holiday</b>", "body": "No courier on **Friday**."}, token=team)
    assert status == 201
    queued = json.loads(body)["queued"]
    assert queued >= 2  # the demo's subscribers and the reader
    assert smtp_server.wait_for(2, to=reader)
    received = [parse(envelope) for envelope in smtp_server.to(reader)]
    # One confirmation only, despite three requests, then the announcement.
    assert [message["Subject"] for message in received] == [
        "Confirm your subscription to ILL Announce", "[ILL Announce] Courier <b>holiday</b>"]
    mail = received[1]
    assert mail["Subject"] == "[ILL Announce] Courier <b>holiday</b>"
    assert mail["List-Id"] == f"ILL Announce <ill-announce.lists.127.0.0.1>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail["List-Archive"] == f"<{served.base}/lists/ill-announce>"
    unsubscribe = mail["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(served.base + "/lists/ill-announce/unsubscribe?")
    html = mail.get_body(("html",)).get_content()
    assert "<strong>Friday</strong>" in html and "Courier &lt;b&gt;holiday&lt;/b&gt;" in html

    # What a mail client does for a one-click unsubscribe (RFC 8058).
    status, page = call("POST", unsubscribe, form="List-Unsubscribe=One-Click")
    assert status == 200 and "no longer receives ILL Announce" in page
    status, body = call("POST", served.base + "/api/v1/lists/ill-announce/announcements",
                        {"title": "Second", "body": "Without the reader."}, token=team)
    assert json.loads(body)["queued"] == queued - 1


def test_the_archive_feed_is_atom_an_independent_parser_accepts(served, smtp_server):
    import atoma

    team = served.run("token", "issue", "--library", "HHLX")
    call("POST", served.base + "/api/v1/lists/ill-announce/announcements",
         {"title": "Tom & Jerry's <route>", "body": "A *feed* entry with <script>alert(1)</script>."}, token=team)
    status, body = call("GET", served.base + "/lists/ill-announce/feed.atom")
    assert status == 200
    feed = atoma.parse_atom_bytes(body.encode())
    assert feed.title.value == "ILL Announce"
    assert feed.id_ == served.base + "/lists/ill-announce"
    assert [entry.title.value for entry in feed.entries][:2] == [
        "Tom & Jerry's <route>", "Holiday courier schedule"]
    newest = feed.entries[0]
    assert newest.id_.startswith(served.base + "/lists/ill-announce/")
    assert newest.updated is not None and newest.published is not None
    assert "<em>feed</em>" in newest.content.value
    assert "<script>" not in newest.content.value


def test_jobs_run_on_the_database_a_server_is_serving(served, smtp_server):
    """Operators run the rules by hand while `serve` runs on the same SQLite file."""
    served.run("jobs", "run", "--once", "--now", "2027-03-01T09:00:00Z")
    first = served.output
    # The seven follow-up rules, the purges of expired sessions, spent files and old copyright entries, the report
    # tallies caught up and the closing of report months, the three retention purges.
    assert len(first) == 15 and any(not line.split(" ")[1] == "0" for line in first)
    assert [line.split(":")[0] for line in first[-8:]] == [
        "expired-sessions", "documents", "copyright-ledger", "report-tallies", "report-months",
        "message-fingerprints", "mail-bodies", "patron-identities"], first
    served.run("jobs", "run", "--once", "--now", "2027-03-01T09:00:00Z")
    assert all(line.split(" ")[1] == "0" for line in served.output), served.output
