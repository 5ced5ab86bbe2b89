import InterloanCore
import Vapor

/// Every error a client may see, with its HTTP status and the JSON body that explains it.
enum APIError: Error {
    case malformedBody(String)
    case unauthorized(String)
    case forbidden(String)
    case notFound(String)
    case conflict(String, allowed: [Action])
    case staleVersion
    case invalidFields([FieldError])
    /// The body is not of a type the route takes, or not of the type it claims.
    case unsupportedMediaType(String)
    /// The body is larger than the route takes; nothing of it was kept.
    case tooLarge(String)
    /// What was asked for existed but is no longer there to have.
    case gone(String)

    var status: HTTPResponseStatus {
        switch self {
        case .malformedBody: return .badRequest
        case .unauthorized: return .unauthorized
        case .forbidden: return .forbidden
        case .notFound: return .notFound
        case .conflict, .staleVersion: return .conflict
        case .invalidFields: return .unprocessableEntity
        case .unsupportedMediaType: return .unsupportedMediaType
        case .tooLarge: return .payloadTooLarge
        case .gone: return .gone
        }
    }

    var body: ErrorBody {
        switch self {
        case .malformedBody(let message):
            return ErrorBody(error: "malformedBody", message: message)
        case .unauthorized(let message):
            return ErrorBody(error: "unauthorized", message: message)
        case .forbidden(let message):
            return ErrorBody(error: "forbidden", message: message)
        case .notFound(let message):
            return ErrorBody(error: "notFound", message: message)
        case .conflict(let message, let allowed):
            return ErrorBody(error: "notAllowed", message: message, allowedActions: allowed.map(\.rawValue))
        case .staleVersion:
            return ErrorBody(
                error: "conflict",
                message: "the request was changed by someone else at the same time; reload it and try again")
        case .invalidFields(let fields):
            let names = fields.map(\.field).joined(separator: ", ")
            return ErrorBody(error: "invalidFields", message: "invalid fields: \(names)", fields: fields)
        case .unsupportedMediaType(let message):
            return ErrorBody(error: "unsupportedMediaType", message: message)
        case .tooLarge(let message):
            return ErrorBody(error: "tooLarge", message: message)
        case .gone(let message):
            return ErrorBody(error: "gone", message: message)
        }
    }

    /// The message and every field's complaint, in one sentence for people and partners.
    var explanation: String {
        let body = self.body
        guard let fields = body.fields, !fields.isEmpty else { return body.message }
        return fields.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
    }

    init(_ error: LifecycleError) {
        switch error {
        case .notAllowed(let reason, let allowed): self = .conflict(reason, allowed: allowed)
        case .invalidFields(let fields): self = .invalidFields(fields)
        }
    }
}

/// The JSON shape of every error response.
struct ErrorBody: Content {
    var error: String
    var message: String
    var fields: [FieldError]?
    var allowedActions: [String]?
}

/// Turns every error into an answer that names the problem and never leaks SQL or stack traces: JSON for the
/// API, an HTML page for people.
///
/// A future-based middleware, not an `AsyncMiddleware`: that one runs every request, errors or not, in a task of
/// its own, two more trips between the event loop and the task pool per request.
struct APIErrorMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).flatMapError { error in
            let response = self.response(for: error, on: request)
            let path = request.url.path
            guard !path.hasPrefix("/api/"), path != APIURL.health.path, path != APIURL.ready.path else {
                return request.eventLoop.makeSucceededFuture(response)
            }
            return request.eventLoop.makeFutureWithTask { await self.page(for: response, on: request) }
        }
    }

    /// The error as a page for people, with the message of its JSON answer.
    private func page(for response: Response, on request: Request) async -> Response {
        let body = (try? JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body.buffer ?? ByteBuffer())))
        let page = ErrorPage(
            title: response.status.code == 404 ? "Not found" : response.status.reasonPhrase,
            message: body.map { body in
                body.fields.map { $0.map { "\($0.field): \($0.message)" }.joined(separator: "; ") } ?? body.message
            } ?? "Something went wrong.")
        do {
            let rendered = try await WebPage.render(
                "error", page, title: page.title, status: response.status, for: request)
            // What the error says besides its body (`Allow`, `WWW-Authenticate`) holds for the page too.
            for (name, value) in response.headers
            where name.lowercased() != "content-type" && name.lowercased() != "content-length" {
                rendered.headers.replaceOrAdd(name: name, value: value)
            }
            return rendered
        } catch {
            // The JSON answer still names the problem when the error page itself cannot be rendered.
            request.logger.error("the error page failed: \(String(reflecting: error))")
            return response
        }
    }

    func response(for error: any Error, on request: Request) -> Response {
        let status: HTTPResponseStatus
        let body: ErrorBody
        var headers = HTTPHeaders()
        switch error {
        case let error as APIError:
            status = error.status
            body = error.body
            if case .unauthorized = error { headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer") }
        case let error as LifecycleError:
            let apiError = APIError(error)
            status = apiError.status
            body = apiError.body
        case is DecodingError:
            status = .badRequest
            body = ErrorBody(error: "malformedBody", message: "the body is not valid JSON of the expected shape")
        case let abort as any AbortError where abort.status.code < 500:
            status = abort.status
            headers = abort.headers
            body = ErrorBody(error: "http\(abort.status.code)", message: abort.reason)
        default:
            request.logger.error("unexpected error: \(String(reflecting: error))")
            status = .internalServerError
            body = ErrorBody(error: "internal", message: "something went wrong on our side; it has been logged")
        }
        headers.contentType = .json
        let data = (try? JSONEncoder().encode(body)) ?? Data("{\"error\":\"internal\"}".utf8)
        return Response(status: status, headers: headers, body: .init(data: data))
    }
}
