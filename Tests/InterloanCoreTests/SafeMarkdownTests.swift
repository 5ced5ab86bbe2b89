import Testing

@testable import InterloanCore

/// Announcements, news and FAQ answers are Markdown the team writes; what reaches a page must never run script.
struct SafeMarkdownTests {
    @Test func blocksAndInlineMarkup() {
        let html = SafeMarkdown.render(
            """
            # Courier changes

            The **WEST 2** route runs *late* this week; see [the schedule](/courier) or
            write to [the team](mailto:ill@hhlx.example.org).

            - Monday: no pickup
            - Tuesday: double run
              from the depot

            1. Pack items
            2. Label with `IL-5F3DDC`

            > Thanks for your patience.
            """)
        #expect(
            html == """
                <h2>Courier changes</h2>
                <p>The <strong>WEST 2</strong> route runs <em>late</em> this week; see <a href="/courier" rel="nofollow noopener">the schedule</a> or write to <a href="mailto:ill@hhlx.example.org" rel="nofollow noopener">the team</a>.</p>
                <ul><li>Monday: no pickup</li><li>Tuesday: double run from the depot</li></ul>
                <ol><li>Pack items</li><li>Label with <code>IL-5F3DDC</code></li></ol>
                <blockquote><p>Thanks for your patience.</p></blockquote>
                """)
    }

    @Test(arguments: [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click]( javascript:alert(1))",
        "[click](javascript&#58;alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click](//evil.example/x)",
        "[x](https://ok.example/\" onmouseover=\"alert(1))",
        "```\n</code><script>alert(1)</script>\n```",
        "**<b onclick=alert(1)>bold</b>**",
        "`<script>`",
    ])
    func scriptNeverSurvives(_ source: String) {
        let html = SafeMarkdown.render(source)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b "))
        #expect(!html.lowercased().contains("href=\"javascript"))
        #expect(!html.lowercased().contains("href=\"data:"))
        #expect(!html.contains("href=\"//"))
        #expect(!html.contains("\" onmouseover"))
    }

    @Test func rawHTMLShowsAsText() {
        #expect(SafeMarkdown.render("Use <b>bold</b> & more") == "<p>Use &lt;b&gt;bold&lt;/b&gt; &amp; more</p>")
        #expect(SafeMarkdown.render("[click](javascript:alert(1))") == "<p>click</p>")
        #expect(SafeMarkdown.plainText("**Route** <delay> & [map](https://x.example)") == "Route <delay> & map")
    }
}
