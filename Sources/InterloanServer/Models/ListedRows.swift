import Foundation

/// A row that lists its own columns and values for `RowInsert`, under its coding keys. SQLKit's Codable row
/// encoder cost more than running the insert it made, and every action inserts an event (BENCHMARKS.md);
/// `RowInsertTests` keep each list equal to what Codable encodes.
protocol ListedRow: Encodable {
    /// Every column in declaration order, with its value; nil for an absent optional.
    var listedColumns: [(String, (any Encodable & Sendable)?)] { get }
}

extension EventRecord: ListedRow {
    var listedColumns: [(String, (any Encodable & Sendable)?)] {
        typealias Key = CodingKeys
        return [
            (Key.requestID.rawValue, self.requestID), (Key.at.rawValue, self.at), (Key.userID.rawValue, self.userID),
            (Key.actorName.rawValue, self.actorName), (Key.librarySymbol.rawValue, self.librarySymbol),
            (Key.action.rawValue, self.action), (Key.fromStatus.rawValue, self.fromStatus),
            (Key.toStatus.rawValue, self.toStatus), (Key.details.rawValue, self.details),
        ]
    }
}

extension AttemptRecord: ListedRow {
    var listedColumns: [(String, (any Encodable & Sendable)?)] {
        typealias Key = CodingKeys
        return [
            (Key.requestID.rawValue, self.requestID), (Key.position.rawValue, self.position),
            (Key.libraryID.rawValue, self.libraryID), (Key.outcome.rawValue, self.outcome),
            (Key.reason.rawValue, self.reason), (Key.note.rawValue, self.note), (Key.askedAt.rawValue, self.askedAt),
            (Key.answeredAt.rawValue, self.answeredAt),
        ]
    }
}

extension ShipmentRecord: ListedRow {
    var listedColumns: [(String, (any Encodable & Sendable)?)] {
        typealias Key = CodingKeys
        return [
            (Key.requestID.rawValue, self.requestID), (Key.position.rawValue, self.position),
            (Key.direction.rawValue, self.direction), (Key.carrier.rawValue, self.carrier),
            (Key.trackingNumber.rawValue, self.trackingNumber), (Key.shippedOn.rawValue, self.shippedOn),
            (Key.fromLibraryID.rawValue, self.fromLibraryID), (Key.toLibraryID.rawValue, self.toLibraryID),
        ]
    }
}

extension MailRecord: ListedRow {
    var listedColumns: [(String, (any Encodable & Sendable)?)] {
        typealias Key = CodingKeys
        return [
            (Key.id.rawValue, self.id), (Key.requestID.rawValue, self.requestID), (Key.libraryID.rawValue, self.libraryID),
            (Key.kind.rawValue, self.kind), (Key.dedupeKey.rawValue, self.dedupeKey),
            (Key.recipient.rawValue, self.recipient), (Key.subject.rawValue, self.subject),
            (Key.textBody.rawValue, self.textBody), (Key.htmlBody.rawValue, self.htmlBody),
            (Key.state.rawValue, self.state.rawValue), (Key.attempts.rawValue, self.attempts),
            (Key.nextAttemptAt.rawValue, self.nextAttemptAt), (Key.claimedUntil.rawValue, self.claimedUntil),
            (Key.lastError.rawValue, self.lastError), (Key.createdAt.rawValue, self.createdAt),
            (Key.sentAt.rawValue, self.sentAt), (Key.headers.rawValue, self.headers),
        ]
    }
}

extension RequestRecord: ListedRow {
    var listedColumns: [(String, (any Encodable & Sendable)?)] {
        typealias Key = CodingKeys
        return [
            (Key.id.rawValue, self.id), (Key.version.rawValue, self.version), (Key.status.rawValue, self.status),
            (Key.serviceType.rawValue, self.serviceType), (Key.borrowerID.rawValue, self.borrowerID),
            (Key.currentLenderID.rawValue, self.currentLenderID),
            (Key.currentLenderPosition.rawValue, self.currentLenderPosition), (Key.title.rawValue, self.title),
            (Key.author.rawValue, self.author), (Key.isbn.rawValue, self.isbn), (Key.issn.rawValue, self.issn),
            (Key.oclcNumber.rawValue, self.oclcNumber), (Key.articleTitle.rawValue, self.articleTitle),
            (Key.journalTitle.rawValue, self.journalTitle), (Key.volume.rawValue, self.volume),
            (Key.issue.rawValue, self.issue), (Key.pages.rawValue, self.pages), (Key.neededBy.rawValue, self.neededBy),
            (Key.notes.rawValue, self.notes), (Key.patronID.rawValue, self.patronID),
            (Key.patronName.rawValue, self.patronName), (Key.patronEmail.rawValue, self.patronEmail),
            (Key.dueDate.rawValue, self.dueDate), (Key.externalRequestID.rawValue, self.externalRequestID),
            (Key.searchText.rawValue, self.searchText), (Key.createdAt.rawValue, self.createdAt),
            (Key.updatedAt.rawValue, self.updatedAt), (Key.followUpAt.rawValue, self.followUpAt),
            (Key.notReceivedAt.rawValue, self.notReceivedAt), (Key.possiblyLostAt.rawValue, self.possiblyLostAt),
        ]
    }
}
