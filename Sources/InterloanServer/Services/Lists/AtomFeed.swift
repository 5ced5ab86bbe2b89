import Foundation
import InterloanCore

/// A list's newest posts as an Atom 1.0 feed (RFC 4287): entries carry their HTML, escaped.
enum AtomFeed {
    static func render(
        list: AnnouncementListRecord, posts: [AnnouncementRecord], links: ListLinks, consortium: String
    ) -> String {
        let archive = links.archive(list.slug)
        let updated = posts.first?.postedAt ?? Date(timeIntervalSince1970: 0)
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <id>\(self.escape(archive))</id>
              <title>\(self.escape(list.name))</title>
              <subtitle>\(self.escape(list.description))</subtitle>
              <updated>\(self.timestamp(updated))</updated>
              <author><name>\(self.escape(consortium))</name></author>
              <link rel="alternate" type="text/html" href="\(self.escape(archive))"/>
              <link rel="self" type="application/atom+xml" href="\(self.escape(links.feed(list.slug)))"/>

            """
        for post in posts {
            let permalink = links.permalink(list.slug, post.id ?? 0)
            xml += """
                  <entry>
                    <id>\(self.escape(permalink))</id>
                    <title>\(self.escape(post.title))</title>
                    <published>\(self.timestamp(post.postedAt))</published>
                    <updated>\(self.timestamp(post.postedAt))</updated>
                    <author><name>\(self.escape(post.postedBy))</name></author>
                    <link rel="alternate" type="text/html" href="\(self.escape(permalink))"/>
                    <content type="html">\(self.escape(post.bodyHTML))</content>
                  </entry>

                """
        }
        return xml + "</feed>\n"
    }

    /// Escaped for XML, less the control characters XML 1.0 cannot carry.
    private static func escape(_ text: String) -> String {
        HTMLEscaping.escape(
            String(text.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\n" || $0 == "\t" || $0 == "\r" }))
    }

    private static func timestamp(_ date: Date) -> String { date.formatted(.iso8601) }
}
