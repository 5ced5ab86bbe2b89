import NIOCore
import NIOHTTP1
import NIOPosix

/// `interloan-load --ncip-responder PORT`: an ILS for the NCIP benchmark, answering every NCIP message on
/// loopback at once with a fixed success for its service, as cheaply as it can, so that what is measured is the
/// server's side of the calls.
enum NCIPResponder {
    static func run(port: Int) async throws -> Never {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(AnswerHandler())
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        print("NCIP responder on 127.0.0.1:\(port)")
        try await channel.closeFuture.get()
        fatalError("the NCIP responder's socket closed")
    }

    /// The fixed answer to a message whose body names `service`, or nil for a message that is no known call.
    static func answer(to body: ByteBuffer) -> String? {
        let text = String(buffer: body)
        let services = ["LookupUser", "AcceptItem", "CheckOutItem", "CheckInItem", "DeleteItem"]
        guard let service = services.first(where: { text.contains("<\($0)>") || text.contains(":\($0)>") }) else {
            return nil
        }
        let content =
            switch service {
            case "LookupUser": "<UserId><UserIdentifierValue>P</UserIdentifierValue></UserId>"
            case "CheckOutItem":
                "<ItemId><ItemIdentifierValue>I</ItemIdentifierValue></ItemId>"
                    + "<UserId><UserIdentifierValue>U</UserIdentifierValue></UserId>"
                    + "<DateDue>2099-12-31T23:59:00Z</DateDue>"
            default: "<ItemId><ItemIdentifierValue>I</ItemIdentifierValue></ItemId>"
            }
        return #"<?xml version="1.0" encoding="UTF-8"?><NCIPMessage xmlns="http://www.niso.org/2008/ncip" "#
            + #"version="http://www.niso.org/schemas/ncip/v2_02/ncip_v2_02.xsd">"#
            + "<\(service)Response>\(content)</\(service)Response></NCIPMessage>"
    }

    private final class AnswerHandler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private var body = ByteBuffer()
        private var keepAlive = true

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch self.unwrapInboundIn(data) {
            case .head(let head):
                self.body.clear()
                self.keepAlive = head.isKeepAlive
            case .body(var part):
                self.body.writeBuffer(&part)
            case .end:
                let answer = NCIPResponder.answer(to: self.body)
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "application/xml; charset=utf-8")
                headers.add(name: "Content-Length", value: String(answer?.utf8.count ?? 0))
                if !self.keepAlive { headers.add(name: "Connection", value: "close") }
                let head = HTTPResponseHead(
                    version: .http1_1, status: answer == nil ? .badRequest : .ok, headers: headers)
                context.write(self.wrapOutboundOut(.head(head)), promise: nil)
                if let answer {
                    context.write(self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: answer)))), promise: nil)
                }
                let keepAlive = self.keepAlive
                // The completion runs on the channel's event loop, where the context may be used.
                let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
                context.writeAndFlush(self.wrapOutboundOut(.end(nil))).whenComplete { _ in
                    if !keepAlive { bound.value.close(promise: nil) }
                }
            }
        }
    }
}
