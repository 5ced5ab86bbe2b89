import Foundation
import InterloanCore
import NCIP

/// A library's connection to its ILS as staff set it, checked; the secret is only ever written, never read back.
struct ILSConnection: Sendable, Equatable {
    /// How Interloan talks to the ILS: not at all, or NCIP 2.02.
    enum ProtocolKind: String, Sendable, CaseIterable {
        case none
        case ncip
    }

    /// What a write does to the stored secret.
    enum SecretChange: Sendable, Equatable {
        case keep
        case clear
        case set(String)
    }

    var protocolKind = ProtocolKind.none
    var endpoint: String?
    var fromAgencyID: String?
    var toAgencyID: String?
    var authentication = SecretChange.keep
    var applicationProfileType: String?
    var lendingPatronID: String?
    /// The calls switched on; every call is on unless switched off.
    var events = Set(NCIPService.allCases)

    static let fields: Set<String> = [
        "protocol", "endpoint", "fromAgencyId", "toAgencyId", "authentication", "applicationProfileType",
        "lendingPatronId", "events",
    ]

    /// The connection in a `PUT` body; every problem found is named, each with its field.
    static func parse(_ body: [String: JSONValue]) throws -> ILSConnection {
        var errors: [FieldError] = body.keys.filter { !Self.fields.contains($0) }.sorted().map {
            FieldError(field: String($0.prefix(64)), message: "not a field of an ILS connection")
        }
        var connection = ILSConnection()
        switch body["protocol"] {
        case nil, .null?: break
        case .string(let text)? where ProtocolKind(rawValue: text) != nil:
            connection.protocolKind = ProtocolKind(rawValue: text)!
        default: errors.append(FieldError(field: "protocol", message: "must be ncip or none"))
        }
        connection.endpoint = Self.text(body["endpoint"], "endpoint", longest: 2048, errors: &errors)
        if case .string(let text)? = body["endpoint"], !text.isEmpty, !Self.isEndpoint(text) {
            connection.endpoint = nil
            errors.append(
                FieldError(field: "endpoint", message: "must be an http or https address without user or fragment"))
        }
        connection.fromAgencyID = Self.text(body["fromAgencyId"], "fromAgencyId", longest: 100, errors: &errors)
        connection.toAgencyID = Self.text(body["toAgencyId"], "toAgencyId", longest: 100, errors: &errors)
        connection.applicationProfileType = Self.text(
            body["applicationProfileType"], "applicationProfileType", longest: 100, errors: &errors)
        connection.lendingPatronID = Self.text(
            body["lendingPatronId"], "lendingPatronId", longest: 100, errors: &errors)
        switch body["authentication"] {
        case nil: connection.authentication = .keep
        case .null?: connection.authentication = .clear
        case .string?:
            let secret = Self.text(body["authentication"], "authentication", longest: 1024, errors: &errors)
            connection.authentication = secret.map { .set($0) } ?? .clear
        default: errors.append(FieldError(field: "authentication", message: "must be text, or null to remove it"))
        }
        connection.events = Self.events(body["events"], errors: &errors)
        if connection.protocolKind == .ncip {
            for (field, value) in [
                ("endpoint", connection.endpoint), ("fromAgencyId", connection.fromAgencyID),
                ("toAgencyId", connection.toAgencyID),
            ] where value == nil && !errors.contains(where: { $0.field == field }) {
                errors.append(FieldError(field: field, message: "required when protocol is ncip"))
            }
            if connection.events.contains(.checkOutItem), connection.lendingPatronID == nil,
                !errors.contains(where: { $0.field == "lendingPatronId" })
            {
                errors.append(
                    FieldError(
                        field: "lendingPatronId",
                        message: "required while checkOutItem is on: the ILS patron lent items are checked out to"))
            }
        }
        guard errors.isEmpty else { throw APIError.invalidFields(errors) }
        return connection
    }

    /// Text of at most `longest` characters (Unicode scalars, as JSON Schema counts them) without control
    /// characters; nil when absent, null or blank.
    private static func text(_ value: JSONValue?, _ field: String, longest: Int, errors: inout [FieldError])
        -> String?
    {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?:
            guard text.unicodeScalars.count <= longest else {
                errors.append(FieldError(field: field, message: "at most \(longest) characters"))
                return nil
            }
            guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                errors.append(FieldError(field: field, message: "must not hold control characters"))
                return nil
            }
            return text.allSatisfy(\.isWhitespace) ? nil : text
        default:
            errors.append(FieldError(field: field, message: "must be text"))
            return nil
        }
    }

    private static func isEndpoint(_ text: String) -> Bool {
        guard !text.unicodeScalars.contains(where: { $0.value <= 0x20 }), let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(),
            ["http", "https"].contains(scheme), let host = components.host, !host.isEmpty,
            components.user == nil, components.password == nil, components.fragment == nil
        else { return false }
        return true
    }

    private static func events(_ value: JSONValue?, errors: inout [FieldError]) -> Set<NCIPService> {
        var events = Set(NCIPService.allCases)
        switch value {
        case nil, .null?: break
        case .object(let switches)?:
            for (name, setting) in switches.sorted(by: { $0.key < $1.key }) {
                guard let service = NCIPService.allCases.first(where: { $0.eventName == name }) else {
                    errors.append(
                        FieldError(
                            field: "events.\(name.prefix(64))",
                            message:
                                "not an event: one of \(NCIPService.allCases.map(\.eventName).joined(separator: ", "))"
                        ))
                    continue
                }
                guard case .bool(let on) = setting else {
                    errors.append(FieldError(field: "events.\(name)", message: "must be true or false"))
                    continue
                }
                if !on { events.remove(service) }
            }
        default:
            errors.append(FieldError(field: "events", message: "must be an object of true or false for each call"))
        }
        return events
    }
}

extension NCIPService {
    /// The name of the switch for this call in an ILS connection (`lookupUser`, `acceptItem`, ...).
    var eventName: String { self.rawValue.prefix(1).lowercased() + self.rawValue.dropFirst() }
}
