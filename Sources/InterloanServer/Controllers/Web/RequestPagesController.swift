import Fluent
import InterloanCore
import Vapor

/// The request page with its Update options, and the actions posted from it.
struct RequestPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.request(.key), use: self.show)
        routes.post(SiteURL.requestAction(.key, action: .key), use: self.act)
        routes.post(SiteURL.requestClaims(.key), use: self.fileClaim)
        routes.post(SiteURL.requestEdit(.key), use: self.edit)
        routes.post(SiteURL.requestILSCall(.key, call: .key, action: .key), use: self.settleILSCall)
    }

    /// Retries or skips an NCIP call from the request page's Local system section.
    @Sendable func settleILSCall(_ request: Request) async throws -> Response {
        let caller = try request.caller
        let stored = try await Self.stored(request, caller: caller)
        let action = request.parameters.get("action") ?? ""
        do {
            let call = try await ILSCallDecisions(request).settle(
                call: request.parameters.get("call").flatMap { Int($0) }, action: action, on: stored, by: caller)
            WebSession.setFlash(
                action == "retry" ? "\(call.service) will be sent again." : "\(call.service) skipped.", on: request)
        } catch let error as APIError {
            WebSession.setFlash("Nothing changed: \(error.explanation).", on: request)
        }
        return request.redirect(to: SiteURL.request(.value(stored.number)).path(fragment: "local-system"))
    }

    /// Files a claim from the request page's form; the outcome is said at the top of the page.
    @Sendable func fileClaim(_ request: Request) async throws -> Response {
        let caller = try request.caller
        let stored = try await Self.stored(request, caller: caller)
        let form = try request.content.decode([String: String].self)
        var body: [String: JSONValue] = [:]
        for name in ["kind", "description", "replacementAmount"] { body[name] = .string(form[name] ?? "") }
        do {
            let claim = try await ClaimBook(request: request).file(body, on: stored, by: caller)
            WebSession.setFlash("\(claim.label) claim filed.", on: request)
        } catch let error as APIError {
            WebSession.setFlash("No claim was filed: \(error.explanation).", on: request)
        }
        return request.redirect(to: SiteURL.request(.value(stored.number)).path(fragment: "claims"))
    }

    /// Corrects the item from the request page's form; a refusal shows the form again with its problems.
    @Sendable func edit(_ request: Request) async throws -> Response {
        let caller = try request.caller
        let stored = try await Self.stored(request, caller: caller)
        let form = try request.content.decode([String: String].self)
        let version = form["_version"].flatMap(Int.init)
        do {
            let saved = try await RequestEditor(request: request).edit(
                stored, form: form, version: version, by: caller)
            WebSession.setFlash(
                saved.version == stored.version ? "Nothing to correct." : "\(saved.number): the item is corrected.",
                on: request)
            return request.redirect(to: SiteURL.request(.value(saved.number)).path)
        } catch APIError.invalidFields(let errors) {
            let view = try await RequestView.make(
                stored, for: caller, request: request,
                failedEdit: RequestView.EditForm(
                    values: form.filter { RequestEditor.fields.contains($0.key) },
                    errors: FieldError.messagesByField(errors)))
            return try await WebPage.render(
                "request", view, title: "\(stored.number) \(stored.row.title)", status: .unprocessableEntity,
                for: request)
        } catch let error as APIError {
            WebSession.setFlash("Nothing changed: \(error.explanation).", on: request)
            return request.redirect(to: SiteURL.request(.value(stored.number)).path)
        }
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let caller = try request.caller
        let stored = try await Self.stored(request, caller: caller)
        let view = try await RequestView.make(stored, for: caller, request: request)
        return try await WebPage.render("request", view, title: "\(stored.number) \(stored.row.title)", for: request)
    }

    @Sendable func act(_ request: Request) async throws -> Response {
        let caller = try request.caller
        let stored = try await Self.stored(request, caller: caller)
        guard let action = Action(rawValue: request.parameters.get("action") ?? "") else {
            throw Abort(.notFound, reason: "There is no such action.")
        }
        var form = try request.content.decode([String: String].self)
        form["_csrf"] = nil
        form["_submit"] = nil
        let returnToQuickUpdate = form.removeValue(forKey: "_return") == "quick"
        let version = form.removeValue(forKey: "_version").flatMap(Int.init)
        let today = Day(request.application.clock.now())
        do {
            if let version, version != stored.version { throw APIError.staleVersion }
            let raw = form.mapValues { RawArgument.string($0) }
            try DocumentDelivery.refuseElectronicWithoutFile(action, raw, number: stored.number)
            let saved = try await RequestService(request).perform(action, with: raw, on: stored, by: caller)
            WebSession.setFlash(
                "\(saved.number) \(action.label): done. The request is now \(saved.state.status.label.lowercased()).",
                on: request)
            return request.redirect(
                to: returnToQuickUpdate ? SiteURL.quickUpdate.path : SiteURL.request(.value(saved.number)).path)
        } catch let error as APIError {
            let failed: ActionForm
            switch error {
            case .invalidFields(let fields):
                failed = ActionForm.make(action, state: stored.state, today: today, input: form, errors: fields)
            default:
                failed = ActionForm.make(
                    action, state: stored.state, today: today, input: form, error: error.body.message)
            }
            let current = try await Self.stored(request, caller: caller)
            let view = try await RequestView.make(current, for: caller, request: request, failed: failed)
            var page = view
            if !page.actions.contains(where: { $0.name == failed.name }) { page.actions.insert(failed, at: 0) }
            return try await WebPage.render(
                "request", page, title: "\(stored.number) \(stored.row.title)", status: error.status, for: request)
        }
    }

    /// The request the path names, if the caller may see it; any other is a plain 404 page.
    static func stored(_ request: Request, caller: Caller) async throws -> StoredRequest {
        do {
            return try await RequestService(request).visibleRequest(request.parameters.get("id") ?? "", to: caller)
        } catch is APIError {
            throw Abort(
                .notFound, reason: "There is no request \(request.parameters.get("id") ?? "") that you can see.")
        }
    }
}
