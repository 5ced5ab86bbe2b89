import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Counts failed sign-ins per email and per client address, and asks for a growing pause once either has failed
/// too often: 2, 4, 8... seconds, at most 15 minutes. An address gets more free tries than an email, since a
/// whole library's staff may sign in from one address. Failures an hour old are forgotten. Kept in memory, so
/// each server instance slows attackers down on its own.
final class LoginThrottle: Sendable {
    private struct Record {
        var failures: Int
        var last: Date
    }

    /// What a count is kept for: one email (trying passwords for it) or one address (trying many emails).
    enum Key: Hashable {
        case email(String)
        case address(String)

        var freeAttempts: Int {
            switch self {
            case .email: return 5
            case .address: return 20
            }
        }
    }

    static let window: TimeInterval = 3600
    /// Past this many counts, the ones older than the window are dropped, then the oldest, so a flood of made-up
    /// emails cannot grow the table without end.
    static let maximumRecords = 100_000
    /// A Bcrypt hash of a random string, checked when the email is unknown; hashing never fails for a valid cost.
    static let decoyHash = try! Bcrypt.hash(APITokens.generate())

    private let records = NIOLockedValueBox<[Key: Record]>([:])

    /// Seconds to wait before `email` may be tried from `address`, or nil.
    func delay(for email: String, from address: String, at now: Date) -> Int? {
        let waits = [Key.email(email), .address(address)].compactMap { self.delay(for: $0, at: now) }
        return waits.max()
    }

    func recordFailure(for email: String, from address: String, at now: Date) {
        self.records.withLockedValue { records in
            for key in [Key.email(email), .address(address)] {
                var record = records[key] ?? Record(failures: 0, last: now)
                if now.timeIntervalSince(record.last) > Self.window { record.failures = 0 }
                record.failures += 1
                record.last = now
                records[key] = record
            }
            if records.count > Self.maximumRecords { Self.prune(&records, at: now) }
        }
    }

    /// A success clears the email's count, not the address's: one right password does not excuse the many
    /// emails tried from the same place.
    func recordSuccess(for email: String) {
        self.records.withLockedValue { _ = $0.removeValue(forKey: .email(email)) }
    }

    private func delay(for key: Key, at now: Date) -> Int? {
        guard let record = self.records.withLockedValue({ $0[key] }), record.failures >= key.freeAttempts,
            now.timeIntervalSince(record.last) <= Self.window
        else { return nil }
        let pause = min(900, 1 << min(10, record.failures - key.freeAttempts + 1))
        let remaining = Int(record.last.addingTimeInterval(TimeInterval(pause)).timeIntervalSince(now).rounded(.up))
        return remaining > 0 ? remaining : nil
    }

    private static func prune(_ records: inout [Key: Record], at now: Date) {
        records = records.filter { now.timeIntervalSince($0.value.last) <= Self.window }
        guard records.count > Self.maximumRecords / 2 else { return }
        let newest = records.sorted { $0.value.last > $1.value.last }.prefix(Self.maximumRecords / 2)
        records = Dictionary(uniqueKeysWithValues: newest.map { ($0.key, $0.value) })
    }
}
