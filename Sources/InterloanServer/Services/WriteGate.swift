/// A first-come, first-served lock for write transactions.
///
/// SQLite allows one writer at a time, and a transaction that read before another writer committed cannot
/// upgrade to a write lock; queuing writers inside the process avoids both busy-waiting and those failures.
/// PostgreSQL needs no gate.
actor WriteGate {
    private var isHeld = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !self.isHeld {
            self.isHeld = true
            return
        }
        await withCheckedContinuation { self.waiting.append($0) }
    }

    func release() {
        if self.waiting.isEmpty {
            self.isHeld = false
        } else {
            self.waiting.removeFirst().resume()
        }
    }
}
