import Foundation
import Testing
import Vapor

@testable import InterloanServer

/// The check every API answer in the tests goes through names what departs from the OpenAPI document.
@Suite struct APIContractTests {
    static func mismatches(_ method: HTTPMethod, _ path: String, _ status: HTTPResponseStatus, _ json: String)
        -> [String]
    {
        APIContract.mismatches(method, path, status: status, body: Data(json.utf8))
    }

    @Test func anUndeclaredFieldAWrongTypeAndAMissingFieldAreEachNamed() {
        let found = Self.mismatches(
            .GET, "/api/v1/libraries/BOR", .ok, #"{"symbol": "BOR", "member": "yes", "colour": "red"}"#)
        #expect(found.contains("$: required name is missing"))
        #expect(found.contains("$.member: \"yes\" is not boolean"))
        #expect(found.contains("$: colour is not in the schema"))
        #expect(found.count == 3)
    }

    @Test func nestedItemsEnumsNullsAndDatesAreHeldToTheirSchemas() {
        let found = Self.mismatches(
            .GET, "/api/v1/libraries/BOR/availability", .ok,
            #"{"symbol": "BOR", "today": "soon", "current": {"lending": "sometimes"}, "history": [{"lending": "all", "from": null, "until": 7}]}"#
        )
        #expect(found.contains("$.today: \"soon\" is not a date"))
        #expect(found.contains { $0.hasPrefix("$.current.lending: \"sometimes\" is not one of") })
        #expect(found.contains("$.history[0].until: 7 is not string or null"))
        #expect(found.count == 3)
    }

    @Test func aStatusTheOperationDoesNotDeclareIsNamed() {
        let found = Self.mismatches(.GET, "/api/v1/libraries", .conflict, #"{"error": "conflict", "message": "m"}"#)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("the operation declares no 409 answer") == true)
    }

    @Test func successOnAnUndocumentedPathAndRefusalsOutsideTheErrorShapeAreNamed() {
        #expect(Self.mismatches(.GET, "/api/v1/secrets", .ok, "{}") == ["no operation is documented for it"])
        #expect(Self.mismatches(.GET, "/api/v1/secrets", .notFound, #"{"reason": "gone"}"#).count == 3)
        #expect(Self.mismatches(.GET, "/api/v1/secrets", .notFound, #"{"error": "notFound", "message": "m"}"#) == [])
    }

    @Test func aBodyWhereNoneIsDeclaredAndNoBodyWhereOneIsAreNamed() {
        #expect(
            Self.mismatches(.DELETE, "/api/v1/pages/3", .noContent, "{}") == ["a body where the document declares none"]
        )
        #expect(Self.mismatches(.GET, "/api/v1/libraries", .ok, "") == ["no body where the document declares one"])
        #expect(Self.mismatches(.GET, "/api/v1/libraries", .ok, "<html>") == ["the body is not JSON"])
    }
}
