import Foundation

/// A Request: a requester asks a supplier for an item on behalf of a patron.
public struct RequestMessage: Sendable, Equatable {
    public var header: MessageHeader
    public var item: ItemDescription
    public var requestType: RequestType
    public var service: RequestedService
    public var previousRequestID: String?
    public var needBefore: Date?
    public var note: String?
    /// The requesting library's name as it introduces itself.
    public var requesterName: String?
    public var patron: PatronInfo?

    public init(
        header: MessageHeader, item: ItemDescription, service: RequestedService, requestType: RequestType = .new,
        previousRequestID: String? = nil, needBefore: Date? = nil, note: String? = nil, requesterName: String? = nil,
        patron: PatronInfo? = nil
    ) {
        self.header = header
        self.item = item
        self.requestType = requestType
        self.service = service
        self.previousRequestID = previousRequestID
        self.needBefore = needBefore
        self.note = note
        self.requesterName = requesterName
        self.patron = patron
    }

    func node() -> XMLNode {
        .iso(
            "request",
            [
                self.header.node(),
                self.item.bibliographicNode(),
                self.item.publicationNode(),
                .iso(
                    "serviceInfo",
                    [
                        .iso("requestType", text: self.requestType.rawValue),
                        .iso("requestingAgencyPreviousRequestId", optional: self.previousRequestID),
                        .iso("serviceType", text: self.service.rawValue),
                        .iso("needBeforeDate", date: self.needBefore),
                        .iso("note", optional: self.note),
                    ]),
                self.requesterName.map { .iso("requestingAgencyInfo", [.iso("name", text: $0)]) },
                self.patron?.node(),
            ])
    }

    init(_ node: XMLNode) throws(ISO18626Error) {
        let service = node.child("serviceInfo")
        self.init(
            header: try MessageHeader(node.child("header") ?? XMLNode(namespace: "", name: "header")),
            item: ItemDescription(bibliographic: node.child("bibliographicInfo"), publication: node.child("publicationInfo")),
            service: try service?.code("serviceType", RequestedService.self) ?? .loan,
            requestType: try service?.code("requestType", RequestType.self) ?? .new,
            previousRequestID: service?.value("requestingAgencyPreviousRequestId"),
            needBefore: service?.date("needBeforeDate"), note: service?.value("note"),
            requesterName: node.child("requestingAgencyInfo")?.value("name"),
            patron: node.child("patronInfo").map(PatronInfo.init))
    }
}

/// What is asked for: the bibliographic and publication details Interloan keeps.
public struct ItemDescription: Sendable, Equatable {
    public var title: String?
    public var author: String?
    public var titleOfComponent: String?
    public var authorOfComponent: String?
    public var volume: String?
    public var issue: String?
    public var pages: String?
    public var edition: String?
    public var publisher: String?
    public var publicationDate: String?
    /// Identifiers by code (`ISBN`, `ISSN`, `OCLC`, ...), in document order.
    public var identifiers: [(code: String, value: String)]

    public init(
        title: String? = nil, author: String? = nil, titleOfComponent: String? = nil, authorOfComponent: String? = nil,
        volume: String? = nil, issue: String? = nil, pages: String? = nil, edition: String? = nil,
        publisher: String? = nil, publicationDate: String? = nil, identifiers: [(code: String, value: String)] = []
    ) {
        self.title = title
        self.author = author
        self.titleOfComponent = titleOfComponent
        self.authorOfComponent = authorOfComponent
        self.volume = volume
        self.issue = issue
        self.pages = pages
        self.edition = edition
        self.publisher = publisher
        self.publicationDate = publicationDate
        self.identifiers = identifiers
    }

    /// The first identifier with `code`, compared without regard to case.
    public func identifier(_ code: String) -> String? {
        self.identifiers.first { $0.code.caseInsensitiveCompare(code) == .orderedSame }?.value
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.title == rhs.title && lhs.author == rhs.author && lhs.titleOfComponent == rhs.titleOfComponent
            && lhs.authorOfComponent == rhs.authorOfComponent && lhs.volume == rhs.volume && lhs.issue == rhs.issue
            && lhs.pages == rhs.pages && lhs.edition == rhs.edition && lhs.publisher == rhs.publisher
            && lhs.publicationDate == rhs.publicationDate
            && lhs.identifiers.map { "\($0.code)=\($0.value)" } == rhs.identifiers.map { "\($0.code)=\($0.value)" }
    }

    func bibliographicNode() -> XMLNode {
        .iso(
            "bibliographicInfo",
            [
                .iso("title", optional: self.title), .iso("author", optional: self.author),
                .iso("edition", optional: self.edition),
                .iso("titleOfComponent", optional: self.titleOfComponent),
                .iso("authorOfComponent", optional: self.authorOfComponent),
                .iso("volume", optional: self.volume), .iso("issue", optional: self.issue),
                .iso("pagesRequested", optional: self.pages),
            ]
                + self.identifiers.map { identifier in
                    .iso(
                        "bibliographicItemId",
                        [
                            .iso("bibliographicItemIdentifier", text: identifier.value),
                            .iso("bibliographicItemIdentifierCode", text: identifier.code),
                        ])
                })
    }

    func publicationNode() -> XMLNode? {
        guard self.publisher != nil || self.publicationDate != nil else { return nil }
        return .iso(
            "publicationInfo",
            [.iso("publisher", optional: self.publisher), .iso("publicationDate", optional: self.publicationDate)])
    }

    init(bibliographic: XMLNode?, publication: XMLNode?) {
        self.init(
            title: bibliographic?.value("title"), author: bibliographic?.value("author"),
            titleOfComponent: bibliographic?.value("titleOfComponent"),
            authorOfComponent: bibliographic?.value("authorOfComponent"),
            volume: bibliographic?.children("volume").first?.text.nonEmpty, issue: bibliographic?.value("issue"),
            pages: bibliographic?.value("pagesRequested"), edition: bibliographic?.value("edition"),
            publisher: publication?.value("publisher"), publicationDate: publication?.value("publicationDate"),
            identifiers: (bibliographic?.children("bibliographicItemId") ?? []).compactMap { node in
                guard let value = node.value("bibliographicItemIdentifier") else { return nil }
                return (node.value("bibliographicItemIdentifierCode") ?? "", value)
            })
    }
}

/// The patron a request is for; kept only while the request is active.
public struct PatronInfo: Sendable, Equatable {
    public var id: String?
    public var surname: String?
    public var givenName: String?

    public init(id: String? = nil, surname: String? = nil, givenName: String? = nil) {
        self.id = id
        self.surname = surname
        self.givenName = givenName
    }

    func node() -> XMLNode {
        .iso(
            "patronInfo",
            [.iso("patronId", optional: self.id), .iso("surname", optional: self.surname),
                .iso("givenName", optional: self.givenName)])
    }

    init(_ node: XMLNode) {
        self.init(id: node.value("patronId"), surname: node.value("surname"), givenName: node.value("givenName"))
    }
}

extension String {
    var nonEmpty: String? { self.isEmpty ? nil : self }
}
