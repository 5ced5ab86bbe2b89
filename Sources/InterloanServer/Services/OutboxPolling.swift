import Logging

/// The loop every outbox sender runs (mail, partner messages, NCIP calls): claim what is due, send each, until
/// nothing is left; then look again after a pause, until the server stops.
enum OutboxPolling {
    /// Claims batches with `claim` and hands each row to `deliver` until a claim comes back empty; returns how many
    /// rows were handed over.
    static func deliverAll<Row>(claim: () async throws -> [Row], deliver: (Row) async throws -> Void)
        async throws -> Int
    {
        var delivered = 0
        while true {
            let batch = try await claim()
            if batch.isEmpty { return delivered }
            for row in batch {
                try await deliver(row)
                delivered += 1
            }
        }
    }

    /// Runs `pass` every `interval` until the task is cancelled (the server shutting down); a failed pass is logged
    /// under `label` and the next one tried.
    static func run(every interval: Duration, label: String, logger: Logger, pass: () async throws -> Void) async {
        while !Task.isCancelled {
            do {
                try await pass()
            } catch {
                logger.error("\(label): \(String(describing: error))")
            }
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        }
    }
}
