import Vapor

extension RequestResource {
    /// The response every action and every placed request returns, written with `JSONText`: JSONEncoder's
    /// generic containers were a twelfth of an action's CPU.
    func encodeResponse(for request: Request) async throws -> Response {
        self.response(status: .ok)
    }

    func encodeResponse(status: HTTPStatus, for request: Request) async throws -> Response {
        self.response(status: status)
    }

    private func response(status: HTTPStatus) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: status, headers: headers, body: .init(buffer: ByteBuffer(bytes: self.json().bytes)))
    }

    /// The representation's JSON, keys in sorted order.
    func json() -> JSONText {
        var text = JSONText(capacity: 1024)
        text.raw("{")
        text.key("allowedActions", first: true)
        text.array(self.allowedActions) { $0.string($1) }
        text.key("articleTitle")
        text.string(self.articleTitle)
        text.key("author")
        text.string(self.author)
        text.key("borrower")
        text.string(self.borrower)
        _ = text.member("copyrightCompliance", ifPresent: self.copyrightCompliance)
        _ = text.member("copyrightNote", ifPresent: self.copyrightNote)
        text.key("createdAt")
        text.string(self.createdAt)
        text.key("currentLender")
        text.string(self.currentLender)
        text.key("dueDate")
        text.string(self.dueDate)
        _ = text.member("eissn", ifPresent: self.eissn)
        text.key("expectedArrival")
        text.string(self.expectedArrival)
        text.key("externalRequestId")
        text.string(self.externalRequestId)
        text.key("id")
        text.string(self.id)
        text.key("isbn")
        text.string(self.isbn)
        text.key("issn")
        text.string(self.issn)
        text.key("issue")
        text.string(self.issue)
        text.key("journalTitle")
        text.string(self.journalTitle)
        text.key("lenders")
        text.array(self.lenders) { $0.attempt($1) }
        text.key("neededBy")
        text.string(self.neededBy)
        text.key("notes")
        text.string(self.notes)
        text.key("oclcNumber")
        text.string(self.oclcNumber)
        _ = text.member("openurl", ifPresent: self.openurl)
        text.key("pages")
        text.string(self.pages)
        if let patron = self.patron {
            text.key("patron")
            text.raw("{")
            var first = text.member("email", ifPresent: patron.email, first: true)
            first = text.member("id", ifPresent: patron.id, first: first)
            _ = text.member("name", ifPresent: patron.name, first: first)
            text.raw("}")
        }
        _ = text.member("publicationDate", ifPresent: self.publicationDate)
        text.key("renewals")
        text.array(self.renewals) { $0.renewal($1) }
        text.key("serviceType")
        text.string(self.serviceType)
        text.key("shipments")
        text.array(self.shipments) { $0.journey($1) }
        text.key("status")
        text.string(self.status)
        text.key("title")
        text.string(self.title)
        text.key("updatedAt")
        text.string(self.updatedAt)
        text.key("version")
        text.integer(self.version)
        text.key("volume")
        text.string(self.volume)
        text.raw("}")
        return text
    }
}

extension JSONText {
    fileprivate mutating func attempt(_ attempt: RequestResource.Attempt) {
        self.raw("{")
        var first = self.member("answeredAt", ifPresent: attempt.answeredAt, first: true)
        first = self.member("askedAt", ifPresent: attempt.askedAt, first: first)
        first = self.member("note", ifPresent: attempt.note, first: first)
        self.key("outcome", first: first)
        self.string(attempt.outcome)
        _ = self.member("reason", ifPresent: attempt.reason)
        self.key("symbol")
        self.string(attempt.symbol)
        self.raw("}")
    }

    fileprivate mutating func journey(_ journey: RequestResource.Journey) {
        self.raw("{")
        self.key("carrier", first: true)
        self.string(journey.carrier)
        self.key("direction")
        self.string(journey.direction)
        _ = self.member("expectedArrival", ifPresent: journey.expectedArrival)
        self.key("from")
        self.string(journey.from)
        self.key("shippedOn")
        self.string(journey.shippedOn)
        self.key("to")
        self.string(journey.to)
        _ = self.member("trackingNumber", ifPresent: journey.trackingNumber)
        self.raw("}")
    }

    fileprivate mutating func renewal(_ renewal: RequestResource.RenewalEntry) {
        self.raw("{")
        let first = self.member("answeredOn", ifPresent: renewal.answeredOn, first: true)
        self.key("desiredDueDate", first: first)
        self.string(renewal.desiredDueDate)
        _ = self.member("newDueDate", ifPresent: renewal.newDueDate)
        _ = self.member("note", ifPresent: renewal.note)
        self.key("requestedOn")
        self.string(renewal.requestedOn)
        self.key("status")
        self.string(renewal.status)
        self.raw("}")
    }
}
