import NIOCore
import NIOHTTP1

/// One client on one keep-alive connection, until the deadline, then reports what it measured.
///
/// Closed loop (no `--rate`): the script's next request goes as soon as the previous answer has arrived, and a
/// latency is measured from sending. At a fixed rate: the client's requests are due at fixed intervals; each goes
/// at its due time, or at the previous answer if that comes later, and its latency is measured from the due time,
/// so a slow answer counts against every request it held up (no coordinated omission).
final class ClientHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private var script: Script
    private let host: String
    private let cookie: String
    private let start: NIODeadline
    private let deadline: NIODeadline
    /// Time between this client's due times at a fixed rate; nil in a closed loop.
    private let interval: TimeAmount?
    /// When the request in flight, or the next one, is due.
    private var dueAt: NIODeadline
    private let done: EventLoopPromise<WorkerResult>
    private var result = WorkerResult()
    private var current: PlannedRequest?
    private var sentAt = NIODeadline.now()
    private var status: HTTPResponseStatus = .ok
    private var body = ByteBuffer()
    private var isFinished = false

    init(
        script: Script, host: String, start: NIODeadline, deadline: NIODeadline, done: EventLoopPromise<WorkerResult>
    ) {
        self.script = script
        self.host = host
        self.cookie = script.options.cookie
        self.start = start
        self.deadline = deadline
        self.done = done
        let options = script.options
        if options.rate > 0 {
            let interval = TimeAmount.nanoseconds(Int64(1e9 * Double(options.clients) / options.rate))
            self.interval = interval
            // Clients' due times are spread over one interval so the load arrives evenly, not in bursts.
            self.dueAt = start + .nanoseconds(interval.nanoseconds * Int64(script.index) / Int64(options.clients))
        } else {
            self.interval = nil
            self.dueAt = start
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        self.sendWhenDue(self.script.restart(), context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            self.status = head.status
            self.body.clear()
        case .body(var part):
            self.body.writeBuffer(&part)
        case .end:
            let elapsed = NIODeadline.now() - (self.interval == nil ? self.sentAt : self.dueAt)
            guard let current = self.current else { return }
            var next: PlannedRequest
            if self.status == current.expect {
                self.result.record(
                    Double(elapsed.nanoseconds) / 1e9, of: current.label,
                    at: Double((NIODeadline.now() - self.start).nanoseconds) / 1e9)
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
            if let interval = self.interval { self.dueAt = self.dueAt + interval }
            guard NIODeadline.now() < self.deadline, self.dueAt < self.deadline else {
                self.current = nil
                self.finish()
                context.close(promise: nil)
                return
            }
            self.sendWhenDue(next, context: context)
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

    private func sendWhenDue(_ request: PlannedRequest, context: ChannelHandlerContext) {
        guard self.interval != nil, self.dueAt > .now() else { return self.send(request, context: context) }
        self.current = request
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(deadline: self.dueAt) {
            let (handler, context) = loopBound.value
            handler.send(request, context: context)
        }
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
            self.wrapOutboundOut(
                .head(HTTPRequestHead(version: .http1_1, method: request.method, uri: request.path, headers: headers))),
            promise: nil)
        if let body { context.write(self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
    }
}
