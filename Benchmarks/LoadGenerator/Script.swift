import NIOCore
import NIOHTTP1

/// One request to send, and the status that counts as its success.
struct PlannedRequest {
    let method: HTTPMethod
    let path: String
    let token: String?
    let body: String?
    let expect: HTTPResponseStatus
    /// What the request does, for the latency breakdown of `--details`.
    let label: String
}

/// What one closed-loop client sends, scenario by scenario: each request as soon as the previous one is answered.
/// A lifecycle is place, willSupply, ship, receive, returnShip, checkIn; a failure starts the next one afresh.
struct Script {
    let options: Options
    let index: Int
    private var sequence = 0
    /// The request a lifecycle walks, and how many of its actions were answered.
    private var requestID = ""
    private var step = 0

    private static let actions: [(name: String, byBorrower: Bool, body: String)] = [
        ("willSupply", false, "{}"),
        ("ship", false, #"{"carrier": "courier", "dueDate": "2099-12-31"}"#),
        ("receive", true, "{}"),
        ("returnShip", true, #"{"carrier": "courier"}"#),
        ("checkIn", false, "{}"),
    ]

    private static let shipWithBarcode = #"{"carrier": "courier", "dueDate": "2099-12-31", "itemBarcode": "31234"}"#

    init(options: Options, index: Int) {
        self.options = options
        self.index = index
    }

    /// The request to send first, and after a failure.
    mutating func restart() -> PlannedRequest {
        self.step = 0
        switch self.options.scenario {
        case "health":
            return PlannedRequest(method: .GET, path: "/health", token: nil, body: nil, expect: .ok, label: "health")
        case "page":
            return PlannedRequest(
                method: .GET, path: self.options.path, token: nil, body: nil, expect: .ok, label: "page")
        default: return self.place()
        }
    }

    /// The request after a successful answer whose body is `body`.
    mutating func next(after body: ByteBuffer) throws -> PlannedRequest {
        guard self.options.scenario == "lifecycle" else { return self.restart() }
        if self.step == 0 {
            guard let id = Self.requestID(in: body) else { throw LoadError("no id in the created request") }
            self.requestID = id
        }
        guard self.step < Self.actions.count else { return self.restart() }
        let action = Self.actions[self.step]
        self.step += 1
        let body = self.options.ils && action.name == "ship" ? Self.shipWithBarcode : action.body
        return PlannedRequest(
            method: .POST, path: "/api/v1/requests/\(self.requestID)/actions/\(action.name)",
            token: action.byBorrower ? self.options.borrowerToken : self.options.lenderToken, body: body,
            expect: .ok, label: action.name)
    }

    private mutating func place() -> PlannedRequest {
        self.sequence += 1
        let lenders = self.options.lender.isEmpty ? "" : #", "lenders": ["\#(self.options.lender)"]"#
        let patron = self.options.ils ? #", "patron": {"id": "P-\#(self.index)"}"# : ""
        let body =
            #"{"title": "Load test \#(self.index)-\#(self.sequence)", "isbn": "9798000000001"\#(lenders)\#(patron)}"#
        return PlannedRequest(
            method: .POST, path: "/api/v1/requests", token: self.options.borrowerToken, body: body, expect: .created,
            label: "place")
    }

    /// The `"id":"IL-..."` of a request representation, read without a JSON parser (the load generator shares
    /// the machine with the server, so it spends as little as it can).
    static func requestID(in body: ByteBuffer) -> String? {
        let bytes = Array(body.readableBytesView)
        let marker = Array(#""id":"IL-"#.utf8)
        guard bytes.count > marker.count else { return nil }
        for start in 0...(bytes.count - marker.count) where bytes[start..<start + marker.count].elementsEqual(marker) {
            let idStart = start + marker.count - 3
            guard let end = bytes[idStart...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            return String(decoding: bytes[idStart..<end], as: UTF8.self)
        }
        return nil
    }
}
