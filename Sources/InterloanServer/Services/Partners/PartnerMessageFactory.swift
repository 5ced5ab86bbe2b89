import Foundation
import ISO18626
import InterloanCore

/// Turns drafts into ISO 18626 v1.2 messages: the header names the consortium and the partner, and the request
/// ids are Interloan's `IL-` number on our side and the partner's own id on theirs.
struct PartnerMessageFactory: Sendable {
    /// The consortium's agency, as partners address it.
    let consortium: AgencyID
    let consortiumName: String
    let now: Date

    func message(_ draft: PartnerDraft, to partner: Partner, about stored: StoredRequest) -> ISO18626Message {
        switch draft {
        case .request:
            return .request(self.request(to: partner, about: stored))
        case .requesting(let action, let note):
            let header = MessageHeader(
                supplyingAgency: partner.agency, requestingAgency: self.consortium, timestamp: self.now,
                requestingAgencyRequestID: stored.number)
            return .requestingAgencyMessage(RequestingAgencyMessage(header: header, action: action, note: note))
        case .supplying(let supplying):
            return .supplyingAgencyMessage(self.supplying(supplying, to: partner, about: stored))
        }
    }

    /// The answer to a partner's StatusRequest: the request's state as ISO 18626 statuses name it.
    func statusResponse(to partner: Partner, about stored: StoredRequest) -> ISO18626Message {
        let draft = SupplyingDraft(
            .statusRequestResponse, Self.supplierStatus(of: stored.state), dueDate: stored.state.dueDate)
        return .supplyingAgencyMessage(self.supplying(draft, to: partner, about: stored))
    }

    private func request(to partner: Partner, about stored: StoredRequest) -> RequestMessage {
        let row = stored.row
        var identifiers: [(code: String, value: String)] = []
        if let isbn = row.isbn { identifiers.append(("ISBN", isbn)) }
        if let issn = row.issn { identifiers.append(("ISSN", issn)) }
        if let oclc = row.oclcNumber { identifiers.append(("OCLC", oclc)) }
        let item = ItemDescription(
            title: row.journalTitle ?? row.title, author: row.author, titleOfComponent: row.articleTitle,
            volume: row.volume, issue: row.issue, pages: row.pages, publicationDate: row.publicationDate,
            identifiers: identifiers)
        let header = MessageHeader(
            supplyingAgency: partner.agency, requestingAgency: self.consortium, timestamp: self.now,
            requestingAgencyRequestID: stored.number)
        return RequestMessage(
            header: header, item: item, service: stored.state.serviceType == .copy ? .copy : .loan,
            needBefore: row.neededBy.flatMap(Day.init).map(Self.endOfDay),
            copyrightCompliance: stored.state.serviceType == .copy ? row.copyrightCompliance : nil, note: row.notes,
            requesterName: self.consortiumName)
    }

    private func supplying(_ draft: SupplyingDraft, to partner: Partner, about stored: StoredRequest)
        -> SupplyingAgencyMessage
    {
        let header = MessageHeader(
            supplyingAgency: self.consortium, requestingAgency: partner.agency, timestamp: self.now,
            requestingAgencyRequestID: stored.row.externalRequestID ?? stored.number,
            supplyingAgencyRequestID: stored.number)
        let delivery = draft.shipment.map { shipment in
            DeliveryInfo(
                dateSent: Self.endOfDay(shipment.shippedOn), itemID: shipment.trackingNumber,
                sentVia: shipment.carrier == .electronic ? Self.electronicSentVia : shipment.carrier.rawValue)
        }
        return SupplyingAgencyMessage(
            header: header, reason: draft.reason, status: draft.status, lastChange: self.now, answer: draft.answer,
            note: draft.note, reasonUnfilled: draft.reasonUnfilled, dueDate: draft.dueDate.map(Self.endOfDay),
            delivery: delivery)
    }

    /// How a file delivered through a link is named in `sentVia`, beside its address in `itemId`: the value
    /// the ISO 18626 SentVia list gives for delivery by URL.
    static let electronicSentVia = "URL"

    /// Dates without a time travel as the day's last second in UTC, as ISO 18626 implementers agree.
    static func endOfDay(_ day: Day) -> Date {
        day.date.addingTimeInterval(86_399)
    }

    static func supplierStatus(of state: RequestState) -> SupplierStatus {
        switch state.status {
        case .submitted, .copyrightReview, .needsLender, .sentToLender: return .requestReceived
        case .conditional: return .expectToSupply
        case .willSupply, .cancelRequested: return .willSupply
        case .shipped, .received, .renewalRequested, .returned:
            return state.serviceType == .copy ? .copyCompleted : .loaned
        case .recalled: return .recalled
        case .completed: return state.serviceType == .copy ? .copyCompleted : .loanCompleted
        case .cancelled: return .cancelled
        case .lost, .damaged: return .completedWithoutReturn
        }
    }
}
