import Foundation
import NCIP
import NIOCore
import Vapor

/// One NCIP call over HTTP to a library's ILS: the message POSTed to the connection's endpoint and the answer read.
/// What was sent and received is kept for staff to see, with the connection's secret masked in both; an answer
/// that is not NCIP is not kept, only why it was refused.
struct NCIPClient: Sendable {
    let client: any Client
    /// How long the ILS has to answer.
    var timeout = TimeAmount.seconds(20)
    /// The largest answer read; a LookupUser answer with a patron's loans is a few kilobytes.
    static let largestAnswer = 1 << 20
    static let mask = "********"

    /// A call as it went: what was sent, what came back, and either the answer read or why there is none.
    struct Exchange: Sendable, Equatable {
        var sent: String
        var received: String?
        var response: NCIPResponse?
        /// Why no answer could be read: the ILS not set up, unreachable, too slow, or answering with no NCIP.
        var failure: String?
    }

    func call(_ request: NCIPRequest, on connection: ILSConnectionRecord) async -> Exchange {
        guard connection.protocolName == ILSConnection.ProtocolKind.ncip.rawValue,
            let endpoint = connection.endpoint, let from = connection.fromAgencyID, let to = connection.toAgencyID
        else {
            return Exchange(sent: "", failure: "the library has no NCIP connection set up")
        }
        let header = NCIPHeader(
            fromAgencyId: from, toAgencyId: to, authentication: connection.authentication,
            applicationProfileType: connection.applicationProfileType)
        let body = NCIPEncoder.encode(request, header: header)
        var exchange = Exchange(sent: Self.masked(body, secret: connection.authentication))
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/xml; charset=utf-8")
        let response: ClientResponse
        do {
            response = try await self.client.send(
                ClientRequest(
                    method: .POST, url: URI(string: endpoint), headers: headers, body: ByteBuffer(bytes: body),
                    timeout: self.timeout, byteBufferAllocator: ByteBufferAllocator()))
        } catch {
            exchange.failure = Self.unreachable(error, endpoint: endpoint, timeout: self.timeout)
            return exchange
        }
        let bytes = response.body.map { Array($0.readableBytesView.prefix(Self.largestAnswer + 1)) } ?? []
        guard bytes.count <= Self.largestAnswer else {
            exchange.failure = "HTTP \(response.status.code): the answer is over \(Self.largestAnswer / 1024) KiB"
            return exchange
        }
        do {
            exchange.response = try NCIPDecoder.decode(bytes, answering: request.service)
            // Kept only when it is NCIP: an address that is no ILS must not let staff read what else answers there.
            exchange.received = Self.masked(bytes, secret: connection.authentication)
        } catch {
            exchange.failure = "HTTP \(response.status.code): \(error.description)"
        }
        return exchange
    }

    /// The document as text with every occurrence of `secret` (as written or XML-escaped) masked.
    static func masked(_ bytes: [UInt8], secret: String?) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        guard let secret, !secret.isEmpty else { return text }
        let escaped = secret.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        for form in Set([secret, escaped]) { text = text.replacingOccurrences(of: form, with: Self.mask) }
        return text
    }

    private static func unreachable(_ error: any Error, endpoint: String, timeout: TimeAmount) -> String {
        let seconds = timeout.nanoseconds / 1_000_000_000
        if "\(error)".localizedCaseInsensitiveContains("timeout") || "\(error)".contains("deadlineExceeded") {
            return "\(endpoint) did not answer within \(seconds) s"
        }
        return "\(endpoint) could not be reached: \(error)"
    }
}
