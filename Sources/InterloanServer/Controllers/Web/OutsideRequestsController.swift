import InterloanCore
import Vapor

/// `/out-of-state`: the public form for libraries outside the consortium that have no ISO 18626 system. The form
/// creates nothing: it mails a confirmation link to the contact given; confirming creates the request, and the
/// library follows it at a private link. Sending is throttled per address and per client like sign-ins.
struct OutsideRequestsController: RouteCollection {
    struct FormPage: Encodable {
        var values: [String: String]
        var errors: [String: String]
        var summary: [String]
    }

    struct MessagePage: Encodable {
        var title: String
        var message: String
        var link: String?
    }

    struct ConfirmPage: Encodable {
        var token: String
        var libraryName: String
        var title: String
    }

    struct FollowPage: Encodable {
        var number: String
        var title: String
        var author: String?
        var kind: String
        var libraryName: String
        var status: String
        var dueDate: String?
        var shipments: [ShipmentLine]
        var returnTo: ReturnAddress?
    }

    struct ShipmentLine: Encodable {
        var direction: String
        var day: String
        var carrier: String
        var tracking: String?
    }

    struct ReturnAddress: Encodable {
        var name: String
        var email: String
    }

    let throttle: LoginThrottle

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.outOfState, use: self.form)
        routes.post(SiteURL.outOfState, use: self.send)
        routes.get(SiteURL.outOfStateConfirm, use: self.confirmForm)
        routes.post(SiteURL.outOfStateConfirm, use: self.confirm)
        routes.get(SiteURL.outOfStateRequest(.key), use: self.follow)
    }

    @Sendable func form(_ request: Request) async throws -> Response {
        try await self.render(request, values: ["serviceType": "loan"], errors: [], status: .ok)
    }

    @Sendable func send(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        let now = request.application.clock.now()
        let referral: OutsideReferral
        switch OutsideReferral.check(form, now: now) {
        case .success(let checked): referral = checked
        case .failure(.invalidFields(let errors)):
            return try await self.render(request, values: form, errors: errors, status: .unprocessableEntity)
        case .failure(let error): throw error
        }
        let address = ClientAddress.of(request)
        if let wait = self.throttle.delay(for: referral.contactEmail, from: address, at: now) {
            return try await self.render(
                request, values: form,
                errors: [FieldError(field: "contactEmail", message: "too many requests: try again in \(wait) seconds")],
                status: .tooManyRequests)
        }
        // Each mail sent counts, so the form cannot be used to flood an address or to send from one place.
        self.throttle.recordFailure(for: referral.contactEmail, from: address, at: now)
        guard let cookies = request.browserCookies else { throw Abort(.internalServerError) }
        try await OutsideReferrals(request: request).mailConfirmation(referral, token: try referral.token(cookies))
        return try await WebPage.render(
            "outside-message",
            MessagePage(
                title: "Check your mail",
                message:
                    "We sent a link to \(referral.contactEmail). Open it within three days and confirm: only then does the request reach the resource sharing team.",
                link: nil),
            title: "Check your mail", for: request)
    }

    @Sendable func confirmForm(_ request: Request) async throws -> Response {
        let token = request.query[String.self, at: "t"] ?? ""
        guard let cookies = request.browserCookies,
            let referral = OutsideReferral.read(token, cookies, now: request.application.clock.now())
        else { return try await self.expired(request) }
        return try await WebPage.render(
            "outside-confirm",
            ConfirmPage(token: token, libraryName: referral.libraryName, title: referral.item["title"] ?? ""),
            title: "Confirm your request", for: request)
    }

    @Sendable func confirm(_ request: Request) async throws -> Response {
        let token = (try? request.content.get(String.self, at: "t")) ?? ""
        guard let cookies = request.browserCookies,
            let referral = OutsideReferral.read(token, cookies, now: request.application.clock.now())
        else { return try await self.expired(request) }
        switch try await OutsideReferrals(request: request).confirm(referral, token: token) {
        case .created(let stored, let link):
            return try await WebPage.render(
                "outside-message",
                MessagePage(
                    title: "Request \(stored.number) is with the team",
                    message:
                        "The resource sharing team will find a library to lend it. Keep this private link to follow the request; we also mailed it to \(referral.contactEmail).",
                    link: link),
                title: "Request sent", for: request)
        case .alreadyConfirmed:
            return try await WebPage.render(
                "outside-message",
                MessagePage(
                    title: "Already confirmed",
                    message: "This request was confirmed before; its private link is in the mail we sent then.",
                    link: nil),
                title: "Already confirmed", for: request)
        }
    }

    @Sendable func follow(_ request: Request) async throws -> Response {
        guard
            let (record, stored) = try await OutsideReferrals(request: request).follow(
                request.parameters.get("token") ?? "")
        else {
            throw Abort(.notFound, reason: "This link opens no request. Check that it was copied whole.")
        }
        let directory = request.application.libraryDirectory
        let library = try await directory.library(id: record.libraryID, on: request.fluentReads)
        let state = stored.state
        var returnTo: ReturnAddress?
        if state.serviceType == .loan, WorkQueue.onLoanAtBorrower.contains(state.status),
            let symbol = state.currentLender,
            let lender = try await directory.library(symbol: symbol, on: request.fluentReads)
        {
            returnTo = ReturnAddress(name: lender.name, email: lender.contactEmail)
        }
        let page = FollowPage(
            number: stored.number, title: stored.row.title, author: stored.row.author,
            kind: state.serviceType == .copy ? "Copy" : "Loan", libraryName: library?.name ?? "",
            status: state.status.label, dueDate: state.dueDate?.description,
            shipments: state.shipments.map {
                ShipmentLine(
                    direction: $0.direction == .forward ? "Sent to you" : "Sent back", day: $0.shippedOn.description,
                    carrier: $0.carrier.label, tracking: $0.trackingNumber)
            }, returnTo: returnTo)
        return try await WebPage.render("outside-request", page, title: "Request \(stored.number)", for: request)
    }

    private func expired(_ request: Request) async throws -> Response {
        try await WebPage.render(
            "outside-message",
            MessagePage(
                title: "This link has expired",
                message: "Confirmation links work for three days. Fill in the form again to get a new one.",
                link: SiteURL.outOfState.path),
            title: "Link expired", status: .gone, for: request)
    }

    private func render(
        _ request: Request, values: [String: String], errors: [FieldError], status: HTTPResponseStatus
    ) async throws -> Response {
        let byField = FieldError.messagesByField(errors)
        var kept = values
        kept["_csrf"] = nil
        if kept["serviceType"] == nil { kept["serviceType"] = "loan" }
        return try await WebPage.render(
            "outside-form",
            FormPage(values: kept, errors: byField, summary: errors.map { "\($0.field): \($0.message)" }),
            title: "Borrow from our libraries", status: status, for: request)
    }
}
