import Foundation
import ISO18626
import InterloanXML
import Vapor

/// `POST /iso18626`: the endpoint partners post ISO 18626 messages to. Each message is answered at once with its
/// confirmation: OK once applied, or ERROR naming the problem, with HTTP 200 as peers expect. Unauthenticated
/// senders get 401, bodies over 1 MiB 413, other media types 415, each with an ERROR confirmation.
struct ISO18626Controller: RouteCollection {
    static let maximumBody: ByteCount = "1mb"

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, APIURL.iso18626, body: .collect(maxSize: Self.maximumBody), use: self.receive)
    }

    @Sendable func receive(_ request: Request) async throws -> Response {
        let received = request.application.clock.now()
        let codec = MessageCodec()
        guard let mediaType = request.headers.contentType,
            mediaType.subType == "xml", mediaType.type == "application" || mediaType.type == "text"
        else {
            return self.answer(
                .request, error: ISO18626Error(.badlyFormedMessage, "send the message as application/xml"),
                received: received, status: .unsupportedMediaType)
        }
        // The route collects at most 1 MiB; this also holds when a body arrives already collected.
        guard request.body.data?.readableBytes ?? 0 <= Self.maximumBody.value else {
            return self.answer(
                .request, error: ISO18626Error(.badlyFormedMessage, "the message is larger than 1 MiB"),
                received: received, status: .payloadTooLarge)
        }
        // A credential in the header is checked before a byte of the body is read: an unknown sender costs no parse.
        var headerPartner: Partner?
        if let token = request.headers.bearerAuthorization?.token {
            guard let partner = try await request.partners.partner(credential: token) else {
                return self.answer(.request, error: Self.unknownSender, received: received, status: .unauthorized)
            }
            headerPartner = partner
        }
        let bytes = request.body.data.map { Array(buffer: $0) } ?? []
        let message: ISO18626Message
        do {
            message = try codec.decode(bytes)
        } catch {
            return self.answer(Self.confirmationKind(of: bytes), error: error, received: received)
        }
        let kind = Self.confirmationKind(of: message)
        if headerPartner == nil { headerPartner = try await self.sender(of: message, for: request) }
        guard let partner = headerPartner else {
            return self.answer(kind, to: message, error: Self.unknownSender, received: received, status: .unauthorized)
        }
        if let claimed = Self.senderAgency(of: message), !PartnerInbox.same(claimed, partner.agency) {
            return self.answer(
                kind, to: message,
                error: ISO18626Error(
                    .unrecognisedDataValue,
                    "the message is sent as \(claimed), but the credential is \(partner.agency)'s"),
                received: received)
        }
        let inbox = PartnerInbox(request: request, partner: partner)
        do {
            let error = try await inbox.apply(message)
            return self.answer(kind, to: message, error: error, received: received)
        } catch {
            // The same message applied by a concurrent delivery is a duplicate; anything else that raced with
            // this change (a staff action on the same request) is worth sending again.
            if try await inbox.alreadyApplied(message) {
                return self.answer(kind, to: message, error: nil, received: received)
            }
            guard case APIError.staleVersion = error else { throw error }
            return self.answer(
                kind, to: message,
                error: ISO18626Error(
                    .unrecognisedDataValue, "the request changed at the same moment; send the message again"),
                received: received, status: .conflict)
        }
    }

    private static let unknownSender = ISO18626Error(
        .unrecognisedDataValue,
        "the sender is not a registered partner: send its credential as 'Authorization: Bearer <credential>'")

    /// The partner whose credential came inside the message, as its header's security code (for partners that
    /// cannot set an HTTP header).
    private func sender(of message: ISO18626Message, for request: Request) async throws -> Partner? {
        if let code = Self.header(of: message)?.securityCode {
            return try await request.partners.partner(credential: code)
        }
        return nil
    }

    private func answer(
        _ kind: Confirmation.Kind, to message: ISO18626Message? = nil, error: ISO18626Error?, received: Date,
        status: HTTPResponseStatus = .ok
    ) -> Response {
        let header = message.flatMap(Self.header)
        var reason: ReasonForMessage?
        var action: RequesterAction?
        if case .supplyingAgencyMessage(let incoming) = message { reason = incoming.reason }
        if case .requestingAgencyMessage(let incoming) = message { action = incoming.action }
        let confirmation = Confirmation(
            kind: kind, supplyingAgency: header?.supplyingAgency, requestingAgency: header?.requestingAgency,
            timestamp: received, requestingAgencyRequestID: header?.requestingAgencyRequestID,
            timestampReceived: received,
            error: error, reasonForMessage: reason, action: action)
        let wrapped: ISO18626Message
        switch kind {
        case .request: wrapped = .requestConfirmation(confirmation)
        case .supplyingAgencyMessage: wrapped = .supplyingAgencyMessageConfirmation(confirmation)
        case .requestingAgencyMessage: wrapped = .requestingAgencyMessageConfirmation(confirmation)
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/xml; charset=utf-8")
        return Response(status: status, headers: headers, body: .init(data: Data(MessageCodec().encode(wrapped))))
    }

    private static func header(of message: ISO18626Message) -> MessageHeader? {
        switch message {
        case .request(let incoming): return incoming.header
        case .supplyingAgencyMessage(let incoming): return incoming.header
        case .requestingAgencyMessage(let incoming): return incoming.header
        default: return nil
        }
    }

    /// The agency the message claims to come from: the requester, or the supplier for a supplier's message.
    private static func senderAgency(of message: ISO18626Message) -> AgencyID? {
        switch message {
        case .supplyingAgencyMessage(let incoming): return incoming.header.supplyingAgency
        default: return self.header(of: message)?.requestingAgency
        }
    }

    private static func confirmationKind(of message: ISO18626Message) -> Confirmation.Kind {
        switch message {
        case .supplyingAgencyMessage, .supplyingAgencyMessageConfirmation: return .supplyingAgencyMessage
        case .requestingAgencyMessage, .requestingAgencyMessageConfirmation: return .requestingAgencyMessage
        default: return .request
        }
    }

    /// For a message that could not be decoded: the confirmation its element asks for, when that much is readable.
    private static func confirmationKind(of bytes: [UInt8]) -> Confirmation.Kind {
        guard let root = try? XMLReader().parse(bytes) else { return .request }
        let name = root.name == "ISO18626Message" ? root.children.first?.name : root.name
        switch name {
        case "supplyingAgencyMessage": return .supplyingAgencyMessage
        case "requestingAgencyMessage": return .requestingAgencyMessage
        default: return .request
        }
    }
}
