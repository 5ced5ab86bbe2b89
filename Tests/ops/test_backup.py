"""`interloan backup` while 16 clients write: the copy opens, passes the integrity check, and holds every request
acknowledged before the backup began."""
import os
import sqlite3
import threading

from conftest import Journal, start_clients, stop_clients, wait_for_acknowledgements


def test_a_backup_taken_under_writes_is_whole(interloan):
    interloan.start()
    journal = Journal()
    stop, up = threading.Event(), threading.Event()
    up.set()
    clients = start_clients(16, interloan.port, interloan.tokens, journal, stop, up)
    wait_for_acknowledgements(journal, 300, stop)
    with journal.lock:
        placed_before = dict(journal.titles)
    copy = os.path.join(interloan.directory, "copy.sqlite")
    result = interloan.run("backup", "--to", copy)
    written_during = journal.count()
    stop_clients(clients, stop, up)

    assert not journal.server_errors, journal.server_errors[:10]
    assert written_during > 300, "the clients were not writing while the backup ran"
    with sqlite3.connect(f"file:{copy}?mode=ro", uri=True) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        titles = {row[0] for row in connection.execute("SELECT title FROM requests")}
    missing = [title for title in placed_before.values() if title not in titles]
    assert not missing, f"{len(missing)} of {len(placed_before)} acknowledged requests are not in the copy"
    print(f"backup of {len(titles)} requests while writing; {len(placed_before)} acknowledged before it, all "
          f"there; {result.stdout.strip().splitlines()[-1]}")
