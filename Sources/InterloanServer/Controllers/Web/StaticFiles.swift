import Crypto
import Foundation
import Vapor

/// Serves the few files under `Public/` from memory, read once at start-up, with an ETag and a day of caching;
/// no file system access per request.
struct StaticFiles: RouteCollection {
    struct File: Sendable {
        let data: Data
        let contentType: HTTPMediaType
        let etag: String
    }

    let files: [String: File]

    init(publicDirectory: URL) throws {
        var files: [String: File] = [:]
        let types: [String: HTTPMediaType] = [
            "css": .css, "js": HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"]),
            "svg": .svg, "png": .png, "ico": .init(type: "image", subType: "x-icon"),
        ]
        let root = publicDirectory.standardizedFileURL.path
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            let url = publicDirectory.appendingPathComponent(relative)
            guard let type = types[url.pathExtension] else { continue }
            let data = try Data(contentsOf: url)
            let digest = Hex.string(SHA256.hash(data: data).prefix(8))
            files[relative] = File(data: data, contentType: type, etag: "\"\(digest)\"")
        }
        self.files = files
    }

    func boot(routes: any RoutesBuilder) throws {
        for (path, file) in self.files {
            let components = path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
            routes.get(components) { request -> Response in
                if request.headers.first(name: .ifNoneMatch) == file.etag { return Response(status: .notModified) }
                var headers = HTTPHeaders()
                headers.contentType = file.contentType
                headers.replaceOrAdd(name: .eTag, value: file.etag)
                headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=86400")
                return Response(status: .ok, headers: headers, body: .init(data: file.data))
            }
        }
    }
}
