import InterloanCore

/// What an OpenURL says that a request has no field for (DOI, PubMed id, imprint, edition), written into the
/// request's notes, where staff and the lender read it.
enum OpenURLNotes {
    static func text(_ citation: OpenURLCitation) -> String? {
        var parts: [String] = []
        if let doi = citation.doi { parts.append("DOI \(doi)") }
        if let pmid = citation.pmid { parts.append("PubMed \(pmid)") }
        let imprint = [citation.place, citation.publisher].compactMap { $0 }.joined(separator: ": ")
        let published = [imprint.isEmpty ? nil : imprint, citation.year].compactMap { $0 }.joined(separator: ", ")
        if !published.isEmpty { parts.append("Published \(published)") }
        if let edition = citation.edition { parts.append("Edition: \(edition)") }
        return parts.isEmpty ? nil : parts.joined(separator: ". ") + "."
    }
}
