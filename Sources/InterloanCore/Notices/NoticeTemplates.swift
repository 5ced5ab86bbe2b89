import Foundation

/// A notice rendered for sending: a subject and the same words as plain text and as HTML.
public struct RenderedNotice: Sendable, Equatable {
    public var subject: String
    public var text: String
    public var html: String

    public init(subject: String, text: String, html: String) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}

/// The words of every notice. Each kind is a subject and a few plain sentences; the text and HTML parts are made
/// from the same sentences so they never disagree.
public enum NoticeTemplates {
    public static func render(_ notice: Notice, consortium: String) -> RenderedNotice {
        let (headline, paragraphs) = self.words(for: notice)
        return self.compose(
            subject: "[\(notice.requestNumber)] \(headline): \(self.shortTitle(notice.title))",
            lead: "Request \(notice.requestNumber)", title: notice.title, paragraphs: paragraphs,
            signature: "\(consortium) interlibrary loan (Interloan)")
    }

    /// A mail of a lead line (`lead: title`), paragraphs and a signature, as text and as HTML.
    public static func compose(subject: String, lead: String, title: String, paragraphs: [String], signature: String)
        -> RenderedNotice
    {
        var lines = ["\(lead): \(title)", ""]
        for paragraph in paragraphs { lines += [paragraph, ""] }
        lines.append("-- \n\(signature)")
        let text = lines.joined(separator: "\r\n") + "\r\n"
        var html = "<!DOCTYPE html>\r\n<html><body>\r\n"
        html += "<p><strong>\(self.escape(lead))</strong>: \(self.escape(title))</p>\r\n"
        for paragraph in paragraphs { html += "<p>\(self.escape(paragraph))</p>\r\n" }
        html += "<p style=\"color:#555\">\(self.escape(signature))</p>\r\n</body></html>\r\n"
        return RenderedNotice(subject: subject, text: text, html: html)
    }

    private static func words(for notice: Notice) -> (String, [String]) {
        let other = notice.otherLibrary ?? "the other library"
        let note = notice.note.flatMap { $0.isEmpty ? nil : $0 }
        switch notice.kind {
        case .renewalApproved:
            return (
                "Renewal approved",
                [
                    "\(other) approved your renewal.",
                    "New due date: \(notice.dueDate?.description ?? "as before").",
                ] + (note.map { ["Note from the lender: \($0)"] } ?? [])
            )
        case .renewalDenied:
            return (
                "Renewal denied",
                [
                    "\(other) did not approve your renewal. Please return the item by its due date"
                        + (notice.dueDate.map { ", \($0)" } ?? "") + ".",
                    note.map { "The lender's note: \($0)" } ?? "The lender left no note.",
                ]
            )
        case .shipped:
            var sentences = [
                "\(other) shipped the item on \(notice.shippedOn?.description ?? "today")"
                    + (notice.carrier.map { " by \(self.carrierName($0))" } ?? "") + "."
            ]
            if let tracking = notice.trackingNumber, !tracking.isEmpty {
                sentences.append("Tracking number: \(tracking).")
            }
            if let expected = notice.expectedArrival { sentences.append("Expected arrival: \(expected).") }
            if let due = notice.dueDate { sentences.append("Due back: \(due).") }
            sentences.append("Please mark it Received when it arrives, so the lender knows.")
            return ("Shipped", sentences)
        case .conditionalOffer:
            return (
                "Conditional offer",
                [
                    "\(other) can supply this item on conditions: \(note ?? "(none given)").",
                    "Please accept or reject the conditions on the request page.",
                ]
            )
        case .unfilledNeedsLender:
            return (
                "Unfilled, needs a lender",
                [
                    "No lender in the string could fill this request"
                        + (note.map { " (last answer: \($0))" } ?? "") + ".",
                    "It is now in the consortium team's mediation queue; you may also add lenders yourself.",
                ]
            )
        case .cancelled:
            return ("Cancelled", ["This request was cancelled" + (note.map { ": \($0)" } ?? ".")])
        case .notReceived:
            return (
                "Not received",
                [
                    "\(other) shipped this item on \(notice.shippedOn?.description ?? "an earlier day")"
                        + (notice.expectedArrival.map { " and it was expected by \($0)" } ?? "")
                        + ", but it has not been marked Received.",
                    "If it has arrived, please mark it Received. If not, it is now in the Not received queue and the "
                        + "consortium team will check with the lender and the courier.",
                ]
            )
        case .pleaseUpdate:
            return (
                "Please update to Received",
                [
                    "\(other) reports this item shipped on \(notice.shippedOn?.description ?? "an earlier day")"
                        + (notice.expectedArrival.map { ", expected by \($0)" } ?? "") + ".",
                    "Please update the request to Received so the lender knows it arrived.",
                ]
            )
        case .overdue:
            let days = notice.daysOverdue ?? 1
            return (
                "Overdue",
                [
                    "This loan from \(other) was due on \(notice.dueDate?.description ?? "its due date") and is "
                        + "\(days) day\(days == 1 ? "" : "s") overdue.",
                    "Please return it, or ask for a renewal if the lender allows one.",
                ]
            )
        case .notCheckedIn:
            return (
                "Returned, not checked in",
                [
                    "\(other) returned this item on \(notice.shippedOn?.description ?? "an earlier day")"
                        + (notice.carrier.map { " by \(self.carrierName($0))" } ?? "")
                        + (notice.trackingNumber.map { ", tracking number \($0)" } ?? "")
                        + ", and it has not been checked in.",
                    "Please check it in if it is back, or tell the consortium team if it never arrived.",
                ]
            )
        case .claimWindowOpen:
            return (
                "Courier claim window open",
                [
                    "This item, shipped on \(notice.shippedOn?.description ?? "an earlier day"), was never received.",
                    "A lost-in-courier claim may now be filed, until \(notice.until?.description ?? "one year after shipping").",
                ]
            )
        }
    }

    private static func carrierName(_ carrier: Carrier) -> String {
        switch carrier {
        case .courier: return "courier"
        case .usps: return "USPS"
        case .other: return "another carrier"
        case .electronic: return "electronic delivery"
        }
    }

    /// Subjects stay readable in a mail list: long titles are cut at a word.
    public static func shortTitle(_ title: String) -> String {
        let flat = title.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard flat.count > 60 else { return flat }
        let cut = flat.prefix(60)
        let word = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return word + "…"
    }

    static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }
}
