/// The error types of an ERROR confirmation (the schema's British spelling).
public enum ErrorType: String, Sendable, CaseIterable, Codable {
    case unsupportedActionType = "UnsupportedActionType"
    case unsupportedReasonForMessageType = "UnsupportedReasonForMessageType"
    case unrecognisedDataElement = "UnrecognisedDataElement"
    case unrecognisedDataValue = "UnrecognisedDataValue"
    case badlyFormedMessage = "BadlyFormedMessage"
}

/// Why a message is refused, as its ERROR confirmation states it: the error type and a value naming the problem.
public struct ISO18626Error: Error, Sendable, Equatable, CustomStringConvertible {
    public var type: ErrorType
    public var value: String

    public init(_ type: ErrorType, _ value: String) {
        self.type = type
        self.value = value
    }

    public var description: String { "\(self.type.rawValue): \(self.value)" }
}
