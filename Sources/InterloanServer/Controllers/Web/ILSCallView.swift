import Foundation
import NCIP

/// An NCIP call as the request page shows it, with what staff may do about it.
struct ILSCallView: Encodable {
    var id: Int
    var service: String
    var state: String
    var queued: String
    var problem: String?
    /// For a patron lookup that succeeded: who the ILS says the patron is.
    var patron: String?
    var sent: String?
    var received: String?
    var mayRetry: Bool
    var maySkip: Bool

    init(_ call: ILSCallRecord) {
        self.id = call.id ?? 0
        self.service = call.service
        self.state = call.state.rawValue
        self.queued = Timestamp.string(call.createdAt).replacingOccurrences(of: "T", with: " ")
            .replacingOccurrences(of: "Z", with: "")
        self.problem = call.problem
        self.sent = call.sent
        self.received = call.received
        self.mayRetry = call.state == .problem
        self.maySkip = call.state == .problem || call.state == .pending
        if call.service == NCIPService.lookupUser.rawValue, call.state == .done, let received = call.received,
            let patron = (try? NCIPDecoder.decode(Array(received.utf8), answering: .lookupUser))?.patron
        {
            let blocks = patron.blocks.isEmpty ? "no blocks" : "blocked: " + patron.blocks.joined(separator: ", ")
            self.patron = [patron.name, patron.email, blocks].compactMap { $0 }.joined(separator: "; ")
        }
    }
}
