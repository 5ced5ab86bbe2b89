import Foundation
import NIOCore
import Testing
import VaporTesting

@testable import InterloanServer

/// A person in a browser: keeps the cookies the server sets (and drops the ones it expires), reads the CSRF token
/// from each form page.
struct WebClient {
    let context: TestContext
    var cookies: [String: String] = [:]

    /// The session cookie's value, if the browser holds one.
    var sessionCookie: String? { self.cookies["interloan_session"] }

    init(_ context: TestContext) {
        self.context = context
    }

    /// GET a page; returns the status, the HTML and the Location header.
    mutating func get(_ path: String) async throws -> (status: HTTPResponseStatus, html: String, location: String?) {
        try await self.send(.GET, path, form: nil)
    }

    /// POST a form with this session's CSRF token (read from `tokenFrom`) unless `csrf` is given.
    mutating func post(_ path: String, _ fields: [String: String], csrf: String? = nil, tokenFrom page: String = "/")
        async throws -> (status: HTTPResponseStatus, html: String, location: String?)
    {
        var form = fields
        if let csrf {
            form["_csrf"] = csrf
        } else {
            form["_csrf"] = Self.csrf(in: try await self.get(page).html)
        }
        return try await self.send(.POST, path, form: form)
    }

    /// POST an already encoded form body as another site's page would: no CSRF token of this one.
    mutating func post(_ path: String, encodedForm: String) async throws
        -> (status: HTTPResponseStatus, html: String, location: String?)
    {
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await self.send(.POST, path, headers: headers, body: ByteBuffer(string: encodedForm))
    }

    /// POST a multipart form with one file, as a browser uploads it, with this session's CSRF token.
    mutating func upload(
        _ path: String, fileField: String, fileName: String, contents: String, fields: [String: String] = [:],
        tokenFrom page: String
    ) async throws -> (status: HTTPResponseStatus, html: String, location: String?) {
        var parts = fields
        if parts["_csrf"] == nil { parts["_csrf"] = Self.csrf(in: try await self.get(page).html) }
        let boundary = "----interloan-test-boundary"
        var body = ""
        for (name, value) in parts.sorted(by: { $0.key < $1.key }) {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(fileField)\"; filename=\"\(fileName)\"\r\n"
        body += "Content-Type: application/octet-stream\r\n\r\n\(contents)\r\n--\(boundary)--\r\n"
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await self.send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    /// POST a multipart form whose file part is `bytes` of `fileType`, the fields (with this session's CSRF token)
    /// first, as a browser sends a form whose file input comes last.
    mutating func upload(
        _ path: String, fileField: String, fileType: String, bytes: [UInt8], fields: [String: String] = [:],
        tokenFrom page: String
    ) async throws -> (status: HTTPResponseStatus, html: String, location: String?) {
        var parts = fields
        if parts["_csrf"] == nil { parts["_csrf"] = Self.csrf(in: try await self.get(page).html) }
        let boundary = "----interloan-test-boundary"
        var body = ByteBuffer()
        for (name, value) in parts.sorted(by: { $0.key < $1.key }) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(fileField)\"; filename=\"copy\"\r\n")
        body.writeString("Content-Type: \(fileType)\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await self.send(.POST, path, headers: headers, body: body)
    }

    @discardableResult
    mutating func signIn(_ email: String, password: String = testPassword) async throws
        -> (status: HTTPResponseStatus, html: String, location: String?)
    {
        try await self.post("/login", ["email": email, "password": password], tokenFrom: "/login")
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: #"name="_csrf" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    private mutating func send(_ method: HTTPMethod, _ path: String, form: [String: String]?) async throws
        -> (status: HTTPResponseStatus, html: String, location: String?)
    {
        var headers = HTTPHeaders()
        var body: ByteBuffer?
        if let form {
            headers.contentType = .urlEncodedForm
            let encoded = form.sorted { $0.key < $1.key }.map { key, value in
                "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            }.joined(separator: "&")
            body = ByteBuffer(string: encoded)
        }
        return try await self.send(method, path, headers: headers, body: body)
    }

    private mutating func send(_ method: HTTPMethod, _ path: String, headers given: HTTPHeaders, body: ByteBuffer?)
        async throws -> (status: HTTPResponseStatus, html: String, location: String?)
    {
        var headers = given
        if !self.cookies.isEmpty {
            headers.add(
                name: .cookie,
                value: self.cookies.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: "; "))
        }
        var result: (HTTPResponseStatus, String, String?) = (.internalServerError, "", nil)
        var setCookies: [String] = []
        try await self.context.app.testing().test(method, path, headers: headers, body: body) { response in
            result = (response.status, String(buffer: response.body), response.headers.first(name: .location))
            setCookies = response.headers[.setCookie]
        }
        for setCookie in setCookies {
            let pair = setCookie.prefix { $0 != ";" }
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals])
            let value = String(pair[pair.index(after: equals)...])
            if value.isEmpty || setCookie.contains("Max-Age=0") || setCookie.contains("1970") {
                self.cookies[name] = nil
            } else {
                self.cookies[name] = value
            }
        }
        return result
    }
}
