import Testing

@testable import InterloanServer

@Suite struct PostgresSettingsTests {
    @Test func connectionsComeFromTheEnvironmentWithinBounds() throws {
        #expect(try Settings.fromEnvironment([:]).postgresConnections == 16)
        #expect(try Settings.fromEnvironment(["INTERLOAN_POSTGRES_CONNECTIONS": "40"]).postgresConnections == 40)
        for bad in ["1", "501", "many", "-4", "99999999999999999999", "8 "] {
            #expect {
                try Settings.fromEnvironment(["INTERLOAN_POSTGRES_CONNECTIONS": bad])
            } throws: { error in
                (error as? SettingsError)?.variable == "INTERLOAN_POSTGRES_CONNECTIONS"
            }
        }
    }
}
