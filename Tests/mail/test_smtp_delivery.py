"""The outbox delivered by `interloan mail deliver` to a real SMTP server."""
import email
import email.policy

from conftest import later


def parse(envelope):
    return email.message_from_bytes(envelope.original_content, policy=email.policy.default)


def test_every_queued_notice_is_delivered_once_with_its_headers_and_both_parts(interloan, smtp_server):
    queued = interloan.outbox()
    assert len(queued) > 10
    url = f"smtp://127.0.0.1:{smtp_server.port}"
    summary = interloan.run("mail", "deliver", INTERLOAN_SMTP_URL=url, INTERLOAN_MAIL_FROM="ILL Team <ill@hhle.example.org>")
    assert summary == f"mail: {len(queued)} sent, 0 to retry, 0 failed"
    assert len(smtp_server.accepted) == len(queued)
    for envelope in smtp_server.accepted:
        message = parse(envelope)
        assert envelope.mail_from == "ill@hhle.example.org"
        assert envelope.rcpt_tos == [message["To"]]
        assert message["Subject"].startswith("[IL-")
        assert message["X-Interloan-Request"] in message["Subject"]
        assert message["Message-ID"].endswith("@hhle.example.org>")
        text = message.get_body(preferencelist=("plain",)).get_content()
        html = message.get_body(preferencelist=("html",)).get_content()
        assert message["X-Interloan-Request"] in text and "<html>" in html
    # Nothing is sent twice.
    assert interloan.run("mail", "deliver", INTERLOAN_SMTP_URL=url) == "mail: 0 sent, 0 to retry, 0 failed"
    assert len(smtp_server.accepted) == len(queued)
    assert {row[2] for row in interloan.outbox()} == {"sent"}


def test_a_connection_dropped_mid_message_is_retried_and_delivered_once(interloan, smtp_server):
    queued = interloan.outbox()
    url = f"smtp://127.0.0.1:{smtp_server.port}"
    smtp_server.drop_next = 1
    assert interloan.run("mail", "deliver", INTERLOAN_SMTP_URL=url) == f"mail: {len(queued) - 1} sent, 1 to retry, 0 failed"
    dropped_id = email.message_from_bytes(smtp_server.dropped[0])["Message-ID"]
    assert dropped_id not in [parse(envelope)["Message-ID"] for envelope in smtp_server.accepted]
    # Not before its retry is due; then once.
    assert interloan.run("mail", "deliver", INTERLOAN_SMTP_URL=url) == "mail: 0 sent, 0 to retry, 0 failed"
    assert interloan.run("mail", "deliver", "--now", later(2), INTERLOAN_SMTP_URL=url) == "mail: 1 sent, 0 to retry, 0 failed"
    identifiers = [parse(envelope)["Message-ID"] for envelope in smtp_server.accepted]
    assert len(identifiers) == len(queued) == len(set(identifiers))
    assert identifiers.count(dropped_id) == 1


def test_a_refused_recipient_is_retried_then_reported(interloan, smtp_server):
    queued = interloan.outbox()
    refused = queued[0][1]
    smtp_server.refused.add(refused)
    url = f"smtp://127.0.0.1:{smtp_server.port}"
    to_that_library = sum(1 for row in queued if row[1] == refused)
    interloan.run("mail", "deliver", INTERLOAN_SMTP_URL=url)
    for minutes in (2, 5, 10, 20):
        interloan.run("mail", "deliver", "--now", later(minutes), INTERLOAN_SMTP_URL=url)
    rows = [row for row in interloan.outbox() if row[1] == refused]
    assert len(rows) == to_that_library
    assert all(row[2] == "failed" and row[3] == 5 and "550" in row[4] for row in rows)
    assert len(smtp_server.accepted) == len(queued) - to_that_library


def test_starttls_and_login_when_the_server_offers_them(interloan, tls_smtp_server):
    queued = interloan.outbox()
    url = f"smtp://ill%40state.example.org:s3cret%21@localhost:{tls_smtp_server.port}"
    summary = interloan.run("mail", "deliver", INTERLOAN_SMTP_URL=url, INTERLOAN_SMTP_CA_FILE=tls_smtp_server.ca_file)
    assert summary == f"mail: {len(queued)} sent, 0 to retry, 0 failed"
    assert len(tls_smtp_server.accepted) == len(queued)


def test_a_wrong_password_is_not_accepted(interloan, tls_smtp_server):
    url = f"smtp://ill%40state.example.org:wrong@localhost:{tls_smtp_server.port}"
    summary = interloan.run("mail", "deliver", INTERLOAN_SMTP_URL=url, INTERLOAN_SMTP_CA_FILE=tls_smtp_server.ca_file)
    assert summary.startswith("mail: 0 sent,")
    assert tls_smtp_server.accepted == []
    assert all("535" in row[4] for row in interloan.outbox())


def test_smtps_speaks_tls_from_the_first_byte(interloan, implicit_tls_smtp_server):
    queued = interloan.outbox()
    url = f"smtps://localhost:{implicit_tls_smtp_server.port}"
    summary = interloan.run("mail", "deliver", INTERLOAN_SMTP_URL=url, INTERLOAN_SMTP_CA_FILE=implicit_tls_smtp_server.ca_file)
    assert summary == f"mail: {len(queued)} sent, 0 to retry, 0 failed"
    assert len(implicit_tls_smtp_server.accepted) == len(queued)


def test_a_server_whose_certificate_is_not_trusted_gets_nothing(interloan, implicit_tls_smtp_server):
    summary = interloan.run("mail", "deliver", INTERLOAN_SMTP_URL=f"smtps://localhost:{implicit_tls_smtp_server.port}")
    assert summary.startswith("mail: 0 sent,")
    assert implicit_tls_smtp_server.accepted == []
