import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// Out-of-state libraries without ISO 18626 asking through the public form: the mailed confirmation, the
/// request it creates once confirmed (with a directory entry of kind `external` for the library, routed like
/// any referral and in the team's "Out-of-state referrals"), and the private link the library follows it at.
struct OutsideReferrals {
    let request: Request

    static let confirmationKind = "outsideConfirmation"
    static let followLinkKind = "outsideFollowLink"
    static let actorName = "Out-of-state request form"
    static let labels = [
        confirmationKind: "Out-of-state: confirmation link", followLinkKind: "Out-of-state: private follow link",
    ]

    var baseURL: String { self.request.application.baseURL }

    /// Queues the mail with the confirmation link to the referral's contact; nothing else is stored.
    func mailConfirmation(_ referral: OutsideReferral, token: String) async throws {
        let consortium = try await self.request.application.libraryDirectory.consortiumName(
            on: self.request.fluentReads)
        let link =
            self.baseURL + SiteURL.outOfStateConfirm.path + "?t="
            + (token.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? "")
        let title = referral.item["title"] ?? ""
        let mail = NoticeTemplates.compose(
            subject: "Confirm your interlibrary loan request: \(NoticeTemplates.shortTitle(title))",
            lead: "A request for \(referral.libraryName)", title: title,
            paragraphs: [
                "Someone asked \(consortium) to lend this item to \(referral.libraryName), giving this address as the contact.",
                "To send the request to the resource sharing team, open this link within three days and confirm: \(link)",
                "If nobody at your library asked, ignore this mail: nothing has been created.",
            ],
            signature: "\(consortium) resource sharing team")
        let now = self.request.application.clock.now()
        let record = MailRecord(
            requestID: nil, libraryID: nil, kind: Self.confirmationKind,
            dedupeKey: "\(Self.confirmationKind):\(APITokens.digest(token))", recipient: referral.contactEmail,
            subject: mail.subject, textBody: mail.text, htmlBody: mail.html, state: .pending, attempts: 0,
            nextAttemptAt: now, createdAt: now)
        let insert = try MailQueue.inserts([record]).map(self.request.writes.ready)
        try await self.request.writes.write { sql in
            for statement in insert { try await sql.run(statement) }
        }
    }

    /// What confirming did.
    enum Confirmation {
        /// The request was created; the library follows it at `link` (also mailed).
        case created(StoredRequest, link: String)
        /// This link was confirmed before; its request exists, and its follow link was mailed then.
        case alreadyConfirmed
    }

    /// Creates the request `referral` asks for, once per confirmation token.
    func confirm(_ referral: OutsideReferral, token: String) async throws -> Confirmation {
        let confirmDigest = APITokens.digest(token)
        if try await self.request.reads.select().column("id").from(OutsideRequestRecord.table)
            .where("confirm_digest", .equal, confirmDigest).first() != nil
        {
            return .alreadyConfirmed
        }
        let library = try await self.library(for: referral)
        let directory = self.request.application.libraryDirectory
        await directory.invalidate()
        let consortium = try await directory.consortium(on: self.request.fluentReads) ?? "TEAM"
        let caller = Caller(
            actor: ActingParty(userID: nil, name: Self.actorName, librarySymbol: consortium, isTeam: true),
            libraryID: nil, role: .team)
        var body = referral.item.mapValues { JSONValue.string($0) }
        body["borrower"] = .string(library.symbol)
        let shipTo = "Ship to: \(referral.libraryName)\n\(referral.address)\nContact: \(referral.contactEmail)"
        body["notes"] = .string([shipTo, referral.item["notes"]].compactMap { $0 }.joined(separator: "\n\n"))
        let followToken = APITokens.generate()
        let link = self.baseURL + SiteURL.outOfStateRequest(.value(followToken)).path
        let now = self.request.application.clock.now()
        let consortiumName = try await directory.consortiumName(on: self.request.fluentReads)
        let libraryID = try library.requireID()
        let record: SideWrites = { sql, requestID in
            let row = OutsideRequestRecord(
                requestID: requestID, libraryID: libraryID, contactEmail: referral.contactEmail,
                confirmDigest: confirmDigest, followDigest: APITokens.digest(followToken), createdAt: now)
            try await sql.insert(into: OutsideRequestRecord.table).row(row).run()
            let number = RequestNumber.encode(requestID)
            let mail = NoticeTemplates.compose(
                subject: "[\(number)] Your request is with the resource sharing team",
                lead: "Request \(number)", title: referral.item["title"] ?? "",
                paragraphs: [
                    "Thank you: your request is with the \(consortiumName) resource sharing team, who will find a library to lend it.",
                    "Follow it, with its due date and how to return it, at this private link: \(link)",
                    "We will also email you when it ships and when anything changes.",
                ],
                signature: "\(consortiumName) resource sharing team")
            try await MailQueue.enqueue(
                [
                    MailRecord(
                        requestID: requestID, libraryID: libraryID, kind: Self.followLinkKind,
                        dedupeKey: "\(Self.followLinkKind):\(requestID)", recipient: referral.contactEmail,
                        subject: mail.subject, textBody: mail.text, htmlBody: mail.html, state: .pending, attempts: 0,
                        nextAttemptAt: now, createdAt: now)
                ], on: sql)
        }
        let stored = try await RequestService(self.request).place(body, by: caller, extraWrites: record)
        return .created(stored, link: link)
    }

    /// The request a private follow link opens, with its record.
    func follow(_ token: String) async throws -> (OutsideRequestRecord, StoredRequest)? {
        guard token.utf8.count <= 64,
            let record = try await self.request.reads.select().column("*").from(OutsideRequestRecord.table)
                .where("follow_digest", .equal, APITokens.digest(token)).first(reading: OutsideRequestRecord.self),
            let stored = try await RequestStore(self.request).find(record.requestID)
        else { return nil }
        return (record, stored)
    }

    /// The directory entry of the asking library: the external entry under its OCLC symbol, or without one under
    /// the same name and contact, else a new one. A member's or partner's symbol is never taken over by a form anyone can fill in.
    private func library(for referral: OutsideReferral) async throws -> LibraryModel {
        let database = self.request.fluentReads
        let external = LibraryModel.query(on: database).filter(\.$kind == LibraryModel.externalKind)
        if let symbol = referral.oclcSymbol {
            if let existing = try await external.copy().filter(\.$symbol == symbol).first() { return existing }
        } else if let existing = try await external.copy().filter(\.$contactEmail == referral.contactEmail)
            .filter(\.$name == referral.libraryName).first()
        {
            return existing
        }
        var symbol = referral.oclcSymbol
        if let wanted = symbol, try await LibraryModel.query(on: database).filter(\.$symbol == wanted).first() != nil {
            symbol = nil
        }
        let library = LibraryModel(
            symbol: symbol ?? Self.newSymbol(), name: referral.libraryName, town: "Out of state", regionID: nil,
            contactEmail: referral.contactEmail, isMember: false, loanDays: 28, renewalsAllowed: true,
            maxRenewals: 1, courierRoute: nil, deliveryDays: nil)
        library.kind = LibraryModel.externalKind
        try await library.create(on: self.request.db)
        return library
    }

    /// `OOS-` and eight random letters and digits, which no OCLC symbol is.
    private static func newSymbol() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return "OOS-" + String((0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
