/// Why bytes are not a document this reader accepts, with the byte offset where reading stopped.
public struct XMLSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var offset: Int

    public var description: String { "\(self.message) (at byte \(self.offset))" }
}
