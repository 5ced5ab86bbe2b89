/// Which libraries a report counts: everyone, or the libraries of one library or region filter; and which service
/// type, when one is chosen.
public struct ReportScope: Sendable, Equatable {
    /// The libraries counted; nil for every library.
    public var libraries: Set<String>?
    public var serviceType: ServiceType?

    public init(libraries: Set<String>? = nil, serviceType: ServiceType? = nil) {
        self.libraries = libraries
        self.serviceType = serviceType
    }

    public func includes(_ library: String) -> Bool {
        self.libraries?.contains(library) ?? true
    }

    public func includes(_ facts: RequestFacts) -> Bool {
        self.serviceType.map { $0 == facts.serviceType } ?? true
    }
}

/// The side of a loan a figure counts: requests a library placed, or requests it was asked to fill.
public enum ReportSide: String, Sendable, CaseIterable, Codable {
    case borrowing
    case lending
}
