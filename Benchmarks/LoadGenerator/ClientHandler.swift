import NIOCore
import NIOHTTP1

/// One closed-loop client on one keep-alive connection: sends its script's next request when the previous answer
/// has arrived, until the deadline, then reports what it measured.
final class ClientHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private var script: Script
    private let host: String
    private let cookie: String
    private let deadline: NIODeadline
    private let done: EventLoopPromise<WorkerResult>
    private var result = WorkerResult()
    private var current: PlannedRequest?
    private var sentAt = NIODeadline.now()
    private var status: HTTPResponseStatus = .ok
    private var body = ByteBuffer()
    private var isFinished = false

    init(script: Script, host: String, deadline: NIODeadline, done: EventLoopPromise<WorkerResult>) {
        self.script = script
        self.host = host
        self.cookie = script.options.cookie
        self.deadline = deadline
        self.done = done
    }

    func channelActive(context: ChannelHandlerContext) {
        self.send(self.script.restart(), context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            self.status = head.status
            self.body.clear()
        case .body(var part):
            self.body.writeBuffer(&part)
        case .end:
            let elapsed = NIODeadline.now() - self.sentAt
            guard let current = self.current else { return }
            var next: PlannedRequest
            if self.status == current.expect {
                self.result.latencies.append(Double(elapsed.nanoseconds) / 1e9)
                do {
                    next = try self.script.next(after: self.body)
                } catch {
                    self.result.fail("\(error)")
                    next = self.script.restart()
                }
            } else {
                let text = String(buffer: self.body).prefix(200)
                self.result.fail("\(current.method) \(current.path) answered \(self.status.code): \(text)")
                next = self.script.restart()
            }
            guard NIODeadline.now() < self.deadline else {
                self.current = nil
                self.finish()
                context.close(promise: nil)
                return
            }
            self.send(next, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.result.fail("\(error)")
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if self.current != nil { self.result.fail("the server closed the connection") }
        self.current = nil
        self.finish()
    }

    private func finish() {
        guard !self.isFinished else { return }
        self.isFinished = true
        self.done.succeed(self.result)
    }

    private func send(_ request: PlannedRequest, context: ChannelHandlerContext) {
        let body = request.body.map { ByteBuffer(string: $0) }
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: self.host)
        headers.add(name: "Content-Length", value: String(body?.readableBytes ?? 0))
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        if let token = request.token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        if !self.cookie.isEmpty { headers.add(name: "Cookie", value: self.cookie) }
        self.current = request
        self.sentAt = .now()
        context.write(
            self.wrapOutboundOut(.head(HTTPRequestHead(version: .http1_1, method: request.method, uri: request.path, headers: headers))),
            promise: nil)
        if let body { context.write(self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
    }
}
