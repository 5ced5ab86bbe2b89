import Foundation
import Testing

@testable import InterloanServer

/// The hand-written JSON of a request is byte for byte what the API's JSONEncoder writes for it.
@Suite struct RequestResourceJSONTests {
    /// The encoder `configure` installs for every other response.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static let bare = #"""
        {"allowedActions":[],"borrower":"ALDF","createdAt":"2026-11-30T13:38:40Z","id":"IL-K471T9","lenders":[],
        "renewals":[],"serviceType":"loan","shipments":[],"status":"needsLender","title":"x",
        "updatedAt":"2026-11-30T13:38:40Z","version":1}
        """#

    static let full = #"""
        {"allowedActions":["cancel","route"],"articleTitle":"On \"quotes\" and \\ back\\slashes","author":"Zoë Ünal 🐟",
        "borrower":"ALDF","createdAt":"2026-11-30T13:38:40Z","currentLender":"BRKV","dueDate":"2027-01-15",
        "expectedArrival":"2026-12-02","externalRequestId":"ext/42","id":"IL-K471T9","isbn":"9798000000001",
        "issn":"1234-5678","issue":"3","journalTitle":"J\u0001\u001f\b\f\n\r\t end","neededBy":"2027-02-01",
        "notes":"line one\nline two\u007f\u2028","oclcNumber":"123","pages":"1-9","volume":"12",
        "lenders":[{"symbol":"BRKV","outcome":"unfilled","reason":"not-held","note":"n","askedAt":"2026-11-30T13:38:40Z",
        "answeredAt":"2026-12-01T09:00:00Z"},{"symbol":"CLMN","outcome":"asked","askedAt":"2026-12-01T09:00:00Z"}],
        "patron":{"id":"P-1","name":"A. Reader","email":"a@example.org"},
        "shipments":[{"direction":"forward","carrier":"courier","trackingNumber":"T/1","shippedOn":"2026-12-01",
        "from":"CLMN","to":"ALDF","expectedArrival":"2026-12-03"},{"direction":"return","carrier":"usps",
        "shippedOn":"2026-12-20","from":"ALDF","to":"CLMN"}],
        "renewals":[{"requestedOn":"2026-12-10","desiredDueDate":"2027-02-15","status":"approved",
        "answeredOn":"2026-12-11","newDueDate":"2027-02-10","note":"ok"},{"requestedOn":"2027-02-01",
        "desiredDueDate":"2027-03-01","status":"pending"}],
        "serviceType":"copy","status":"shipped","title":"Title","updatedAt":"2026-12-01T09:00:00Z","version":7}
        """#

    @Test(arguments: [bare, full, #"{"patron":{}}"#])
    func handWrittenJSONIsWhatJSONEncoderWrites(_ source: String) throws {
        var object = try JSONSerialization.jsonObject(with: Data(Self.bare.utf8)) as! [String: Any]
        let overrides = try JSONSerialization.jsonObject(with: Data(source.utf8)) as! [String: Any]
        object.merge(overrides) { _, new in new }
        let resource = try JSONDecoder().decode(
            RequestResource.self, from: JSONSerialization.data(withJSONObject: object))
        let expected = String(decoding: try Self.encoder.encode(resource), as: UTF8.self)
        #expect(String(decoding: resource.json().bytes, as: UTF8.self) == expected)
    }

    @Test func eventDetailsAreWrittenAsJSONEncoderWritesThemAndReadBack() throws {
        let details = ["note": "a \"quoted\" note/with\nlines \u{1}", "lender": "BRKV", "Zeta": "é 🐟", "a": ""]
        let text = EventDetails.encode(details)
        #expect(text == String(decoding: try Self.encoder.encode(details), as: UTF8.self))
        #expect(EventDetails.decode(text) == details)
        #expect(EventDetails.encode([:]) == "{}")
    }
}
