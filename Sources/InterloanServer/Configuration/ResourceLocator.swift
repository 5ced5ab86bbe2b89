import Foundation

/// Finds the folder that holds `Resources/Views` and `Public`, so the binary serves its pages from any working
/// directory: `INTERLOAN_RESOURCES` if set, else the working directory, else the nearest ancestor of the
/// executable (a checkout's `.build/debug/interloan` finds the checkout).
enum ResourceLocator {
    static func root(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        if let configured = environment["INTERLOAN_RESOURCES"], !configured.isEmpty {
            let url = URL(fileURLWithPath: configured, isDirectory: true)
            guard self.holdsResources(url) else {
                throw SettingsError(
                    variable: "INTERLOAN_RESOURCES", problem: "has no Resources/Views folder: \(configured)")
            }
            return url
        }
        let candidates =
            [URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)]
            + self.ancestors(of: self.executable())
        guard let found = candidates.first(where: self.holdsResources) else {
            throw SettingsError(
                variable: "INTERLOAN_RESOURCES",
                problem: "is not set and no Resources/Views folder was found beside the working directory or the binary"
            )
        }
        return found
    }

    static func holdsResources(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(
            atPath: url.appendingPathComponent("Resources/Views").path, isDirectory: &isDirectory)
            && isDirectory.boolValue
    }

    static func executable() -> URL {
        // Without /proc (not Linux), the path the binary was started by is the next best guess.
        let link =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: link).resolvingSymlinksInPath()
    }

    static func ancestors(of url: URL) -> [URL] {
        var result: [URL] = []
        var current = url.deletingLastPathComponent()
        while current.path != "/" && !current.path.isEmpty {
            result.append(current)
            current = current.deletingLastPathComponent()
        }
        return result
    }
}
