import Foundation
import InterloanXML

/// A Request: a requester asks a supplier for an item on behalf of a patron.
public struct RequestMessage: Sendable, Equatable {
    public var header: MessageHeader
    public var item: ItemDescription
    public var requestType: RequestType
    public var service: RequestedService
    public var previousRequestID: String?
    public var needBefore: Date?
    /// The terms a copy is asked under, e.g. `US-CCG` or `US-CCL`.
    public var copyrightCompliance: String?
    public var note: String?
    /// The requesting library's name as it introduces itself.
    public var requesterName: String?
    public var patron: PatronInfo?

    public init(
        header: MessageHeader, item: ItemDescription, service: RequestedService, requestType: RequestType = .new,
        previousRequestID: String? = nil, needBefore: Date? = nil, copyrightCompliance: String? = nil,
        note: String? = nil, requesterName: String? = nil, patron: PatronInfo? = nil
    ) {
        self.header = header
        self.item = item
        self.requestType = requestType
        self.service = service
        self.previousRequestID = previousRequestID
        self.needBefore = needBefore
        self.copyrightCompliance = copyrightCompliance
        self.note = note
        self.requesterName = requesterName
        self.patron = patron
    }

    func write(to writer: inout XMLStreamWriter) {
        writer.open("request")
        self.header.write(to: &writer)
        self.item.writeBibliographic(to: &writer)
        self.item.writePublication(to: &writer)
        writer.open("serviceInfo")
        writer.element("requestType", self.requestType.rawValue)
        writer.element("requestingAgencyPreviousRequestId", optional: self.previousRequestID)
        writer.element("serviceType", self.service.rawValue)
        writer.element("needBeforeDate", date: self.needBefore)
        writer.element("copyrightCompliance", optional: self.copyrightCompliance)
        writer.element("note", optional: self.note)
        writer.close("serviceInfo")
        if let name = self.requesterName {
            writer.open("requestingAgencyInfo")
            writer.element("name", name)
            writer.close("requestingAgencyInfo")
        }
        self.patron?.write(to: &writer)
        writer.close("request")
    }

    init(_ node: XMLNode) throws(ISO18626Error) {
        let service = node.child("serviceInfo")
        self.init(
            header: try MessageHeader(node.child("header") ?? XMLNode(namespace: "", name: "header")),
            item: ItemDescription(
                bibliographic: node.child("bibliographicInfo"), publication: node.child("publicationInfo")),
            service: try service?.code("serviceType", RequestedService.self) ?? .loan,
            requestType: try service?.code("requestType", RequestType.self) ?? .new,
            previousRequestID: service?.value("requestingAgencyPreviousRequestId"),
            needBefore: service?.date("needBeforeDate"), copyrightCompliance: service?.value("copyrightCompliance"),
            note: service?.value("note"),
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

    func writeBibliographic(to writer: inout XMLStreamWriter) {
        writer.open("bibliographicInfo")
        writer.element("title", optional: self.title)
        writer.element("author", optional: self.author)
        writer.element("edition", optional: self.edition)
        writer.element("titleOfComponent", optional: self.titleOfComponent)
        writer.element("authorOfComponent", optional: self.authorOfComponent)
        writer.element("volume", optional: self.volume)
        writer.element("issue", optional: self.issue)
        writer.element("pagesRequested", optional: self.pages)
        for identifier in self.identifiers {
            writer.open("bibliographicItemId")
            writer.element("bibliographicItemIdentifier", identifier.value)
            writer.element("bibliographicItemIdentifierCode", identifier.code)
            writer.close("bibliographicItemId")
        }
        writer.close("bibliographicInfo")
    }

    func writePublication(to writer: inout XMLStreamWriter) {
        guard self.publisher != nil || self.publicationDate != nil else { return }
        writer.open("publicationInfo")
        writer.element("publisher", optional: self.publisher)
        writer.element("publicationDate", optional: self.publicationDate)
        writer.close("publicationInfo")
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

    func write(to writer: inout XMLStreamWriter) {
        writer.open("patronInfo")
        writer.element("patronId", optional: self.id)
        writer.element("surname", optional: self.surname)
        writer.element("givenName", optional: self.givenName)
        writer.close("patronInfo")
    }

    init(_ node: XMLNode) {
        self.init(id: node.value("patronId"), surname: node.value("surname"), givenName: node.value("givenName"))
    }
}

extension String {
    var nonEmpty: String? { self.isEmpty ? nil : self }
}
