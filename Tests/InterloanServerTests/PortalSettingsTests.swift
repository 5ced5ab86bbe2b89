import InterloanCore
import Testing

@testable import InterloanServer

/// The environment variables of the patron portal and the copyright rules: defaults, values, and refusals that
/// name the variable.
@Suite struct PortalSettingsTests {
    static let base = ["INTERLOAN_DATABASE": "/tmp/unused.sqlite"]

    static func settings(_ extra: [String: String]) throws -> Settings {
        try Settings.fromEnvironment(Self.base.merging(extra) { _, new in new })
    }

    @Test func theProxyHeaderIsAHeaderName() throws {
        #expect(try Self.settings([:]).patronHeader == "REMOTE_USER")
        #expect(try Self.settings(["INTERLOAN_PATRON_HEADER": "X-Remote-User"]).patronHeader == "X-Remote-User")
        for bad in ["X Remote", "X-User:", "X-\u{7}", String(repeating: "H", count: 65)] {
            #expect(throws: SettingsError.self) { try Self.settings(["INTERLOAN_PATRON_HEADER": bad]) }
        }
    }

    @Test func copyrightRulesDefaultToCONTUAndCanBeTunedOrSwitchedOff() throws {
        #expect(try Self.settings([:]).copyrightRules == .usContu)
        #expect(try Self.settings(["INTERLOAN_COPYRIGHT_RULES": "none"]).copyrightRules == nil)
        let tuned = try Self.settings([
            "INTERLOAN_COPYRIGHT_RULES": "US-CONTU", "INTERLOAN_COPYRIGHT_COPIES": "3",
            "INTERLOAN_COPYRIGHT_YEARS": "4",
        ])
        #expect(tuned.copyrightRules == CopyrightRules(copiesPerTitle: 3, publicationYears: 4))
        for (variable, value) in [
            ("INTERLOAN_COPYRIGHT_RULES", "eu"), ("INTERLOAN_COPYRIGHT_COPIES", "0"),
            ("INTERLOAN_COPYRIGHT_COPIES", "101"), ("INTERLOAN_COPYRIGHT_YEARS", "five"),
            ("INTERLOAN_COPYRIGHT_YEARS", "99999999999999999999"),
        ] {
            #expect(throws: SettingsError.self, "\(variable)=\(value)") { try Self.settings([variable: value]) }
            do {
                _ = try Self.settings([variable: value])
            } catch let error as SettingsError {
                #expect(error.description.hasPrefix(variable))
            }
        }
    }
}
