import ISO18626
import InterloanCore
import InterloanXML

/// Reads holdings from MARCXML (`collection` of `record`s, MARC 21 slim, with or without its namespace) with the
/// same reader that takes partners' messages, so a DTD or an entity in an uploaded file is refused the same way.
enum MARCXMLHoldingsReader {
    /// A collection nests four deep; a 32 MB upload of the smallest possible records (`<record/>`, 9 bytes)
    /// would hold under 4 million elements.
    static let limits = XMLLimits(depth: 16, elements: 4_000_000, textBytes: 64 * 1024)

    static func read(_ bytes: [UInt8]) -> HoldingsFile {
        var file = HoldingsFile()
        let root: XMLNode
        do {
            root = try XMLReader(limits: Self.limits).parse(bytes)
        } catch {
            file.rejections.append(.init(position: "the file", reason: "not well-formed XML: \(error)"))
            return file
        }
        let records = root.name == "record" ? [root] : root.children.filter { $0.name == "record" }
        if records.isEmpty {
            file.rejections.append(.init(position: "the file", reason: "no MARCXML record (root \(root.name))"))
        }
        for (index, node) in records.enumerated() {
            file.recordsRead += 1
            let position = "record \(index + 1)"
            switch MARCHoldings.holding(from: Self.record(node)) {
            case .success(let holding): file.holdings.append(holding)
            case .failure(let reason): file.rejections.append(.init(position: position, reason: reason.text))
            }
        }
        return file
    }

    static func record(_ node: XMLNode) -> MARCRecord {
        var record = MARCRecord()
        for field in node.children {
            guard let tag = field.attribute("tag") else { continue }
            switch field.name {
            case "controlfield":
                record.controlFields[tag] = field.text
            case "datafield":
                record.dataFields.append(
                    MARCRecord.DataField(
                        tag: tag,
                        subfields: field.children.compactMap { subfield in
                            guard subfield.name == "subfield", let code = subfield.attribute("code")?.first else {
                                return nil
                            }
                            return (code, subfield.text)
                        }))
            default:
                continue
            }
        }
        return record
    }
}
