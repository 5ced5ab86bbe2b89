import Foundation
import InterloanCore

/// The words of list mail: the confirmation of a subscription, and an announcement as each subscriber gets it.
enum ListMail {
    static func confirmation(list: AnnouncementListRecord, link: String, consortium: String) -> RenderedNotice {
        let lines = [
            "Someone, probably you, asked to receive \(list.name) from \(consortium).",
            "To confirm, open this link and press Confirm:",
            link,
            "If you did not ask, ignore this mail: nothing will be sent to you.",
        ]
        let html = """
            <!DOCTYPE html>\r
            <html><body>\r
            <p>Someone, probably you, asked to receive \(HTMLEscaping.escape(list.name)) from \(HTMLEscaping.escape(consortium)).</p>\r
            <p><a href="\(HTMLEscaping.escape(link))">Confirm the subscription</a></p>\r
            <p>If you did not ask, ignore this mail: nothing will be sent to you.</p>\r
            </body></html>\r\n
            """
        return RenderedNotice(
            subject: "Confirm your subscription to \(list.name)", text: lines.joined(separator: "\r\n\r\n") + "\r\n",
            html: html)
    }

    /// An announcement, rendered once for every subscriber.
    struct Announcement {
        let subject: String
        let text: String
        let html: String

        init(_ post: AnnouncementRecord, list: AnnouncementListRecord, permalink: String) {
            self.subject = "[\(list.name)] \(post.title)"
            self.text =
                post.title + "\r\n\r\n"
                + post.body.replacingOccurrences(of: "\r\n", with: "\n")
                .replacingOccurrences(of: "\n", with: "\r\n") + "\r\n\r\nIn the archive: \(permalink)\r\n"
            self.html =
                "<!DOCTYPE html>\r\n<html><body>\r\n<h1>\(HTMLEscaping.escape(post.title))</h1>\r\n\(post.bodyHTML)\r\n"
                + "<p><a href=\"\(HTMLEscaping.escape(permalink))\">In the archive</a></p>\r\n"
        }

        /// The mail for one subscriber: the shared text with that subscriber's unsubscribe link.
        func personal(unsubscribe: String) -> (text: String, html: String) {
            (
                self.text + "Unsubscribe: \(unsubscribe)\r\n",
                self.html
                    + "<p style=\"color:#555\"><a href=\"\(HTMLEscaping.escape(unsubscribe))\">Unsubscribe</a></p>\r\n</body></html>\r\n"
            )
        }
    }

    /// RFC 2369 and RFC 8058 headers: the list's identity, its archive and one-click unsubscribing.
    static func headers(list: AnnouncementListRecord, host: String, archive: String, unsubscribe: String) -> String {
        [
            "List-Id: \(list.name) <\(list.slug).lists.\(host)>",
            "List-Archive: <\(archive)>",
            "List-Unsubscribe: <\(unsubscribe)>",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            "Precedence: list",
        ].joined(separator: "\r\n")
    }
}
