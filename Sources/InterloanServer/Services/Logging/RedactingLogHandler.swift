import Logging

/// Wraps every log handler of the process so that the values bound to SQL statements never reach a log line:
/// SQLKit's drivers log them (as `binds`) beside each query at their query level, and they carry patrons'
/// names, addresses and barcodes. The statement itself, with its placeholders, is kept.
public struct RedactingLogHandler<Wrapped: LogHandler>: LogHandler {
    /// The metadata keys that are dropped from every line.
    public static var redactedKeys: Set<String> { ["binds"] }

    private var wrapped: Wrapped

    public init(_ wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    public var logLevel: Logger.Level {
        get { self.wrapped.logLevel }
        set { self.wrapped.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { self.wrapped.metadata }
        set { self.wrapped.metadata = newValue.filter { !Self.redactedKeys.contains($0.key) } }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.wrapped[metadataKey: key] }
        set { if !Self.redactedKeys.contains(key) { self.wrapped[metadataKey: key] = newValue } }
    }

    public func log(event: LogEvent) {
        var event = event
        event.metadata = event.metadata?.filter { !Self.redactedKeys.contains($0.key) }
        self.wrapped.log(event: event)
    }
}
