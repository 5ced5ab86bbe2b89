import Foundation

/// Markdown as the team writes announcements, news and FAQ answers, rendered to HTML that cannot carry script:
/// every character of the source is escaped, raw HTML shows as text, and links keep their target only for
/// `http:`, `https:`, `mailto:` and paths on this site.
///
/// Blocks: paragraphs, headings (`#` to `####`, shifted one level down under the page's own heading), bullet and
/// numbered lists, quotes, fenced code. Inline: `code`, **strong**, *emphasis* or _emphasis_, [links](url).
public enum SafeMarkdown {
    public static func render(_ markdown: String) -> String {
        var html: [String] = []
        var paragraph: [String] = []
        var list: (tag: String, items: [String])?
        var quote: [String] = []
        var code: [String]?

        func flushParagraph() {
            if !paragraph.isEmpty { html.append("<p>\(self.inline(paragraph.joined(separator: " ")))</p>") }
            paragraph = []
        }
        func flushList() {
            if let open = list {
                html.append(
                    "<\(open.tag)>" + open.items.map { "<li>\(self.inline($0))</li>" }.joined() + "</\(open.tag)>")
            }
            list = nil
        }
        func flushQuote() {
            if !quote.isEmpty {
                html.append("<blockquote><p>\(self.inline(quote.joined(separator: " ")))</p></blockquote>")
            }
            quote = []
        }
        func flushAll() {
            flushParagraph()
            flushList()
            flushQuote()
        }

        let lines = markdown.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for line in lines {
            if var block = code {
                if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                    html.append("<pre><code>\(self.escape(block.joined(separator: "\n")))</code></pre>")
                    code = nil
                } else {
                    block.append(line)
                    code = block
                }
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                flushAll()
                code = []
            } else if trimmed.isEmpty {
                flushAll()
            } else if let (level, text) = self.heading(trimmed) {
                flushAll()
                html.append("<h\(level)>\(self.inline(text))</h\(level)>")
            } else if let item = self.bullet(trimmed) {
                flushParagraph()
                flushQuote()
                if list?.tag != "ul" { flushList() }
                list = (list?.tag == "ul" ? list! : ("ul", []))
                list!.items.append(item)
            } else if let item = self.numbered(trimmed) {
                flushParagraph()
                flushQuote()
                if list?.tag != "ol" { flushList() }
                list = (list?.tag == "ol" ? list! : ("ol", []))
                list!.items.append(item)
            } else if trimmed.hasPrefix(">") {
                flushParagraph()
                flushList()
                quote.append(String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces))
            } else if list != nil, line.hasPrefix("  ") {
                list!.items[list!.items.count - 1] += " " + trimmed
            } else {
                flushList()
                flushQuote()
                paragraph.append(trimmed)
            }
        }
        if let block = code { html.append("<pre><code>\(self.escape(block.joined(separator: "\n")))</code></pre>") }
        flushAll()
        return html.joined(separator: "\n")
    }

    /// The text of `markdown` without markup, for search and for summaries.
    public static func plainText(_ markdown: String) -> String {
        let html = self.render(markdown)
        var text = ""
        var inTag = false
        for character in html {
            if character == "<" {
                inTag = true
            } else if character == ">" {
                inTag = false
                text.append(" ")
            } else if !inTag {
                text.append(character)
            }
        }
        let unescaped = text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
        return unescaped.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private static func heading(_ line: String) -> (Int, String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...4).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return (hashes + 1, String(line.dropFirst(hashes + 1)).trimmingCharacters(in: .whitespaces))
    }

    private static func bullet(_ line: String) -> String? {
        guard line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ") else { return nil }
        return String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces)
    }

    private static func numbered(_ line: String) -> String? {
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard rest.hasPrefix(". ") || rest.hasPrefix(") ") else { return nil }
        return String(rest.dropFirst(2)).trimmingCharacters(in: .whitespaces)
    }

    /// Inline markup over escaped text: the source is escaped first, so nothing in it can become a tag.
    ///
    /// Each opener's closer is looked up in `Closers`, built once per text, not searched for: an opener that is
    /// never closed would otherwise cost a scan to the end of the text, and a paragraph of them the square of its
    /// length.
    static func inline(_ text: String) -> String {
        var output = ""
        let characters = Array(text)
        let closers = Closers(characters)
        var index = 0
        func take(until closer: Closers.Delimiter, from start: Int) -> (String, Int)? {
            // The closer must leave something between: it is searched for from the character after `start`.
            guard start < characters.count, let cursor = closers.next(closer, from: start + 1) else { return nil }
            return (String(characters[start..<cursor]), cursor + closer.length)
        }
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count, "\\`*_[]()#>-+!".contains(characters[index + 1]) {
                output += self.escape(String(characters[index + 1]))
                index += 2
            } else if character == "`", let (inner, next) = take(until: .backtick, from: index + 1) {
                output += "<code>\(self.escape(inner))</code>"
                index = next
            } else if character == "*", index + 1 < characters.count, characters[index + 1] == "*",
                let (inner, next) = take(until: .doubleStar, from: index + 2)
            {
                output += "<strong>\(self.inline(inner))</strong>"
                index = next
            } else if character == "*" || character == "_",
                let (inner, next) = take(until: character == "*" ? .star : .underscore, from: index + 1),
                inner.first?.isWhitespace == false
            {
                output += "<em>\(self.inline(inner))</em>"
                index = next
            } else if character == "[", let (label, afterLabel) = take(until: .closingBracket, from: index + 1),
                afterLabel < characters.count, characters[afterLabel] == "(",
                let (target, next) = self.parenthesized(characters, closers: closers, at: afterLabel)
            {
                let label = self.inline(label)
                if let href = self.safeLink(target) {
                    output += "<a href=\"\(self.escape(href))\" rel=\"nofollow noopener\">\(label)</a>"
                } else {
                    output += label
                }
                index = next
            } else {
                output += self.escape(String(character))
                index += 1
            }
        }
        return output
    }

    /// The text up to the parenthesis that closes the one at `open` (nested pairs included), and the index after it.
    private static func parenthesized(_ characters: [Character], closers: Closers, at open: Int) -> (String, Int)? {
        guard let close = closers.parenthesis(closing: open) else { return nil }
        return (String(characters[(open + 1)..<close]), close + 1)
    }

    /// The link target if it is a web or mail address or a path on this site; nil for anything else
    /// (`javascript:`, `data:`, `vbscript:`, however spelled).
    static func safeLink(_ target: String) -> String? {
        let url = target.trimmingCharacters(in: .whitespaces)
        guard !url.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" || $0 == "\\" }) else {
            return nil
        }
        let lower = url.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") { return url }
        if url.hasPrefix("/") && !url.hasPrefix("//") { return url }
        if url.hasPrefix("#") { return url }
        return nil
    }

    static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }
}
