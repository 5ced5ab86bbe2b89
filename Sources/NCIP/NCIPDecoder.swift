import Foundation
import InterloanXML

/// Reads an ILS's answer to one call: liberal about what peers vary (prefixes or the default namespace, a missing
/// or unqualified `version`, a declared encoding the bytes do not have), strict about structure (an `NCIPMessage`
/// holding the response to the call made, or a `Problem`; every `Problem` with its type; dates that are dates).
/// Document type declarations are refused by the reader, so no entity is ever expanded or fetched.
public enum NCIPDecoder {
    /// The response in `bytes` to a call of `service`.
    public static func decode(_ bytes: [UInt8], answering service: NCIPService) throws(NCIPError) -> NCIPResponse {
        let root: XMLNode
        do {
            root = try XMLReader(limits: XMLLimits()).parse(try NCIPText.utf8(bytes))
        } catch let error as NCIPError {
            throw error
        } catch {
            throw NCIPError("the answer is not well-formed XML: \(error)")
        }
        guard root.name == "NCIPMessage", Self.isNCIP(root) else {
            throw NCIPError("the answer's root is \(root.name), not an NCIP 2 NCIPMessage")
        }
        let children = root.children
        guard let first = children.first else { throw NCIPError("the NCIPMessage is empty") }
        if first.name == "Problem" {
            return NCIPResponse(service: nil, problems: try children.map(Self.problem))
        }
        guard children.count == 1, first.name == service.responseName, Self.isNCIP(first) else {
            throw NCIPError("expected \(service.responseName), found \(children.map(\.name).joined(separator: ", "))")
        }
        var response = NCIPResponse(service: service, problems: try first.children("Problem").map(Self.problem))
        guard response.problems.isEmpty else { return response }
        switch service {
        case .lookupUser:
            response.patron = Self.patron(first.child("UserOptionalFields"))
        case .checkOutItem:
            if let text = first.child("DateDue").map(Self.value), !text.isEmpty {
                guard let date = DateTimeValue.date(text) else {
                    throw NCIPError("DateDue is not a date and time: \(text.prefix(40))")
                }
                response.dateDue = date
                response.dayDue = String(text.prefix(10))
            }
        case .acceptItem, .checkInItem, .deleteItem:
            break
        }
        return response
    }

    private static func isNCIP(_ node: XMLNode) -> Bool {
        node.namespace == NCIPEncoder.namespace
    }

    private static func value(_ node: XMLNode) -> String {
        node.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func optionalValue(_ node: XMLNode, _ name: String) -> String? {
        node.child(name).map(Self.value).flatMap { $0.isEmpty ? nil : $0 }
    }

    private static func problem(_ node: XMLNode) throws(NCIPError) -> NCIPProblem {
        guard node.name == "Problem" else { throw NCIPError("expected Problem, found \(node.name)") }
        guard let type = Self.optionalValue(node, "ProblemType") else {
            throw NCIPError("a Problem has no ProblemType")
        }
        return NCIPProblem(
            type: type, detail: Self.optionalValue(node, "ProblemDetail"),
            element: Self.optionalValue(node, "ProblemElement"), value: Self.optionalValue(node, "ProblemValue"))
    }

    /// Name, email and blocks from `UserOptionalFields`, as far as the ILS sent them.
    private static func patron(_ fields: XMLNode?) -> NCIPPatron {
        guard let fields else { return NCIPPatron() }
        var patron = NCIPPatron()
        if let personal = fields.child("NameInformation")?.child("PersonalNameInformation") {
            if let structured = personal.child("StructuredPersonalUserName") {
                let parts = ["Prefix", "GivenName", "Initials", "Surname", "Suffix"].compactMap {
                    Self.optionalValue(structured, $0)
                }
                patron.name = parts.isEmpty ? nil : parts.joined(separator: " ")
            }
            patron.name = patron.name ?? Self.optionalValue(personal, "UnstructuredPersonalUserName")
        }
        for address in fields.children("UserAddressInformation") {
            guard let electronic = address.child("ElectronicAddress"),
                let data = Self.optionalValue(electronic, "ElectronicAddressData")
            else { continue }
            let type = Self.optionalValue(electronic, "ElectronicAddressType")?.lowercased() ?? ""
            if ["mailto", "mailserver", "email", "electronic mail address"].contains(type) || data.contains("@") {
                patron.email = data.hasPrefix("mailto:") ? String(data.dropFirst(7)) : data
                break
            }
        }
        patron.blocks = fields.children("BlockOrTrap").compactMap { Self.optionalValue($0, "BlockOrTrapType") }
        return patron
    }
}
