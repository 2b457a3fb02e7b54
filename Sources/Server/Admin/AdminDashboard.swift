public import Foundation
import HTTPTypes
public import Hummingbird
import Logging
import Onboarding
public import OnboardingEngine
public import Store

/// The admin dashboard (`/admin`): server-rendered pages over the same cases the REST API
/// serves — the list with state, deadline, failures and deliveries; one case with its steps,
/// messages and audit trail; and retry, re-send and cancel.
///
/// Administrators sign in like hires, through the portal's OpenID Connect sign-in (purpose
/// `admin`); the callback lets in only holders of a configured app role or group, and every page
/// checks it again. Every change is a POST with the session's synchronizer token and our own
/// Origin. The pages show states, never a secret: sealed secrets, pickup codes and passes are
/// not read here at all.
public struct AdminDashboard: Sendable {
    public static let pageSize = 50

    let signIn: PortalSignIn
    let configuration: PortalConfiguration
    let engine: OnboardingEngine
    let store: any CaseStore
    let recheck: AdministratorRecheck?
    let now: @Sendable () -> Date

    /// - Parameter portal: the first-password portal whose sign-in (and sealing key) the
    ///   dashboard shares: Entra sends both back to `/portal/callback`.
    /// - Parameter recheck: checks the administrator against Entra again at most once a minute
    ///   (account enabled, admin group membership); nil: the ID token's claims for the session's life.
    public init(portal: FirstPasswordPortal, engine: OnboardingEngine, store: any CaseStore, recheck: AdministratorRecheck? = nil,
                now: @escaping @Sendable () -> Date = { Date() }) {
        signIn = portal.signIn
        configuration = portal.configuration
        self.engine = engine
        self.store = store
        self.recheck = recheck
        self.now = now
    }

    /// `GET /admin`, `GET /admin/sign-in`, `GET /admin/cases/{id}`, `POST /admin/cases/{id}/retry`,
    /// `…/resend`, `…/cancel`, `POST /admin/sign-out`, and the stylesheet.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>, limiter: RateLimiter? = nil) {
        let admin = router.group("admin").add(middleware: AdminResponseMiddleware<Context>(configuration: configuration))
        if let limiter { admin.add(middleware: PageRateLimitMiddleware<Context>(limiter: limiter, isLimited: PageRateLimitMiddleware<Context>.signInOrPost)) }
        admin.get("assets/admin.css") { _, _ in PortalResponse.asset(AdminAssets.css, type: "text/css; charset=utf-8") }
        admin.get { request, _ in try await home(request) }
        admin.get("sign-in") { _, _ in try signIn.start(.admin) }
        admin.post("sign-out") { request, context in await signOut(request, logger: context.logger) }
        admin.get("cases/{id}") { request, context in try await casePage(request, id: context.parameters.get("id") ?? "") }
        for action in AdminAction.allCases {
            admin.post("cases/{id}/\(action.rawValue)") { request, context in
                try await perform(action, request, id: context.parameters.get("id") ?? "", logger: context.logger)
            }
        }
    }

    // MARK: The case list

    func home(_ request: Request) async throws -> Response {
        guard let session = await administrator(request) else {
            return page("sign-in", title: "Sign in", session: nil, [:])
        }
        let query = request.uri.queryParameters
        var filter = CaseFilter(limit: Self.pageSize + 1)
        var selected: CaseState?
        if let text = query.get("state"), !text.isEmpty {
            guard let state = CaseState(rawValue: text) else {
                return message("There is no case state “\(text.prefix(40))”. Choose one of: \(CaseState.allCases.map(\.rawValue).joined(separator: ", ")).",
                               title: "Unknown state", status: .badRequest, session: session)
            }
            filter.states = [state]
            selected = state
        }
        var pageNumber = 1
        if let text = query.get("page") {
            guard let value = Int(text), (1...100_000).contains(value) else {
                return message("The page number must be a whole number from 1.", title: "Unknown page", status: .badRequest, session: session)
            }
            pageNumber = value
        }
        filter.offset = (pageNumber - 1) * Self.pageSize
        var cases = try await store.listCases(filter)
        let hasNext = cases.count > Self.pageSize
        if hasNext { cases.removeLast(cases.count - Self.pageSize) }
        let counts = try await store.countCasesByState()
        var rows: [[String: Any]] = []
        for onboarding in cases {
            rows.append(row(onboarding, deliveries: try await store.deliveries(for: onboarding.id)))
        }
        func link(_ number: Int) -> String {
            var parts: [String] = []
            if let selected { parts.append("state=\(selected.rawValue)") }
            if number > 1 { parts.append("page=\(number)") }
            return "/admin" + (parts.isEmpty ? "" : "?" + parts.joined(separator: "&"))
        }
        var context: [String: Any] = [
            "cases": rows, "hasCases": !rows.isEmpty, "pageNumber": pageNumber,
            "total": counts.values.reduce(0, +), "allSelected": selected == nil,
            "states": CaseState.allCases.map { state -> [String: Any] in
                ["stateName": state.rawValue, "stateCount": counts[state] ?? 0, "stateSelected": state == selected]
            },
        ]
        if let selected { context["selectedState"] = selected.rawValue }
        if pageNumber > 1 { context["previousPage"] = link(pageNumber - 1) }
        if hasNext { context["nextPage"] = link(pageNumber + 1) }
        return page("cases", title: "Onboarding cases", session: session, context)
    }

    func row(_ onboarding: OnboardingCase, deliveries: [DeliveryRecord]) -> [String: Any] {
        var row = hireContext(onboarding)
        row["id"] = onboarding.id.rawValue
        row["mode"] = onboarding.deliveryMode.rawValue
        row["state"] = onboarding.state.rawValue
        row["currentStep"] = onboarding.state.isTerminal ? "—" : onboarding.currentStep?.kind.rawValue ?? "—"
        row.merge(deadlineContext(onboarding)) { $1 }
        let failures = Self.failedAttempts(onboarding)
        row["failures"] = failures
        if let error = Self.lastError(onboarding) { row["lastError"] = error }
        row["deliverySummary"] = Self.summary(deliveries)
        return row
    }

    // MARK: One case

    func casePage(_ request: Request, id: String) async throws -> Response {
        guard let session = await administrator(request) else { return notSignedIn() }
        guard let onboarding = try await existingCase(id) else { return notFound(session) }
        let done = request.uri.queryParameters.get("done").flatMap(AdminAction.init(rawValue:))
        return try await caseResponse(onboarding, session: session, notice: done?.doneText, problem: nil, status: .ok)
    }

    func caseResponse(_ onboarding: OnboardingCase, session: PortalSession, notice: String?, problem: String?, status: HTTPResponse.Status) async throws -> Response {
        let deliveries = try await store.deliveries(for: onboarding.id)
        let audit = try await store.auditTrail(of: onboarding.id)
        var context = hireContext(onboarding)
        context.merge(deadlineContext(onboarding)) { $1 }
        context["id"] = onboarding.id.rawValue
        context["mode"] = onboarding.deliveryMode.rawValue
        context["state"] = onboarding.state.rawValue
        context["source"] = onboarding.source
        context["resends"] = onboarding.resendCount
        context["createdAt"] = time(onboarding.createdAt)
        context["updatedAt"] = time(onboarding.updatedAt)
        if let sam = onboarding.identity.samAccountName { context["sam"] = sam }
        if let reason = onboarding.failureReason { context["failureReason"] = reason }
        if let reason = onboarding.escalationReason { context["escalationReason"] = reason }
        if let notice { context["notice"] = notice }
        if let problem { context["problem"] = problem }
        let current = onboarding.state.isTerminal ? nil : onboarding.currentStep?.kind
        context["steps"] = onboarding.steps.map { step -> [String: Any] in
            var item: [String: Any] = ["kind": step.kind.rawValue, "status": step.status.rawValue, "attempts": step.attempts, "isCurrent": step.kind == current]
            if let next = step.nextAttemptAt, step.status == .pending { item["nextAttempt"] = time(next) }
            if let finished = step.finishedAt { item["finished"] = time(finished) }
            if let error = step.lastError { item["stepError"] = error }
            return item
        }
        context["deliveries"] = deliveries.map { record -> [String: Any] in
            var item: [String: Any] = [
                "sentAt": time(record.firstAttemptAt), "kind": record.kind, "channel": record.channel, "route": record.destination,
                "recipient": record.maskedRecipient, "round": record.round, "deliveryStatus": record.status.rawValue, "statusAt": time(record.updatedAt),
            ]
            if let provider = record.provider { item["provider"] = provider }
            if let detail = record.detail { item["detail"] = detail }
            return item
        }
        context["hasDeliveries"] = !deliveries.isEmpty
        context["audit"] = audit.map { ["at": time($0.at), "actor": $0.actor, "event": $0.event, "auditDetail": $0.detail] }
        let open = !onboarding.state.isTerminal
        context["canRetry"] = [.failed, .escalated, .waiting].contains(onboarding.state)
        context["canResend"] = open && onboarding.step(.prepareCredential).status == .succeeded && onboarding.step(.complete).status != .succeeded
        context["canCancel"] = open
        return page("case", title: "Case of \(context["name"] as? String ?? onboarding.id.rawValue)", status: status, session: session, context)
    }

    // MARK: Actions

    func perform(_ action: AdminAction, _ request: Request, id: String, logger: Logger) async throws -> Response {
        guard let session = await administrator(request) else { return notSignedIn() }
        guard let fields = await FirstPasswordPortal.form(request), signIn.isGenuineForm(fields, of: session, request: request) else {
            logger.notice("admin: a form without this session's token (or from another origin) was refused; nothing changed",
                          metadata: ["admin": "\(session.objectID)", "action": "\(action.rawValue)"])
            return message("This form did not come from your dashboard page. Reload the case and try again; nothing was changed.",
                           title: "Not done", status: .forbidden, session: session)
        }
        guard let onboarding = try await existingCase(id) else { return notFound(session) }
        let actor = Self.actor(session)
        do {
            switch action {
            case .retry:
                _ = try await engine.retry(onboarding.id, actor: actor)
            case .resend:
                _ = try await engine.resend(onboarding.id, actor: actor)
            case .cancel:
                let reason = (fields["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !reason.isEmpty else {
                    return try await caseResponse(onboarding, session: session, notice: nil,
                                                  problem: "Say why the case is cancelled; nothing was changed.", status: .unprocessableContent)
                }
                guard reason.count <= 500 else {
                    return try await caseResponse(onboarding, session: session, notice: nil,
                                                  problem: "The reason is longer than 500 characters; nothing was changed.", status: .unprocessableContent)
                }
                _ = try await engine.cancel(onboarding.id, actor: actor, reason: reason)
            }
        } catch let error as LifecycleError {
            let current = try await store.fetchCase(onboarding.id) ?? onboarding
            return try await caseResponse(current, session: session, notice: nil,
                                          problem: "Not done: \(FirstPasswordPortal.sentence(error.reason))", status: .conflict)
        } catch let error as StoreError where error.code == .conflict {
            let current = try await store.fetchCase(onboarding.id) ?? onboarding
            return try await caseResponse(current, session: session, notice: nil,
                                          problem: "Not done: the engine is working on this case right now. Try again in a moment; nothing was changed.",
                                          status: .conflict)
        }
        logger.info("admin: case changed", metadata: ["case": "\(onboarding.id)", "action": "\(action.rawValue)", "admin": "\(actor)"])
        return Response(status: .seeOther, headers: [.location: "/admin/cases/\(onboarding.id.rawValue)?done=\(action.rawValue)"])
    }

    func signOut(_ request: Request, logger: Logger) async -> Response {
        var response = Response(status: .seeOther, headers: [.location: "/admin"])
        if let session = await signIn.session(request, purpose: .admin), let fields = await FirstPasswordPortal.form(request),
           signIn.isGenuineForm(fields, of: session, request: request) {
            await signIn.endSession(session, on: &response, logger: logger)
        }
        return response
    }

    // MARK: Helpers

    /// The signed-in administrator: a dashboard session whose roles or groups still open it.
    func administrator(_ request: Request) async -> PortalSession? {
        guard let session = await signIn.session(request, purpose: .admin), signIn.isAdministrator(session) else { return nil }
        if let recheck {
            let byGroupsOnly = configuration.adminRoles.isDisjoint(with: session.roles)
            guard await recheck.stillAdministrator(sessionKey: PortalSignIn.digest(session.sessionID), objectID: session.objectID, byGroupsOnly: byGroupsOnly,
                                                   adminGroups: Set(configuration.adminGroups.map { $0.lowercased() }), now: now()) else { return nil }
        }
        return session
    }

    static func actor(_ session: PortalSession) -> String {
        "admin:\(session.preferredUsername ?? session.objectID)"
    }

    func existingCase(_ id: String) async throws -> OnboardingCase? {
        guard !id.isEmpty, id.utf8.count <= 100 else { return nil }
        return try await store.fetchCase(CaseID(rawValue: id))
    }

    func hireContext(_ onboarding: OnboardingCase) -> [String: Any] {
        let identity = onboarding.identity
        var context: [String: Any] = [
            "name": identity.displayName ?? identity.userPrincipalName ?? identity.samAccountName ?? identity.employeeID ?? onboarding.id.rawValue,
        ]
        if let upn = identity.userPrincipalName { context["upn"] = upn }
        if let employeeID = identity.employeeID { context["employeeID"] = employeeID }
        return context
    }

    /// The hire date, the moment the service desk is told, and whether that moment has passed
    /// while the credential is still not delivered.
    func deadlineContext(_ onboarding: OnboardingCase) -> [String: Any] {
        let point = engine.lifecycle.escalationPoint(for: onboarding)
        let delivered = onboarding.step(.deliver).status == .succeeded
        return [
            "hireDate": CaseResource.day(onboarding.hireDate), "deadline": time(point),
            "overdue": !onboarding.state.isTerminal && !delivered && now() >= point,
        ]
    }

    static func failedAttempts(_ onboarding: OnboardingCase) -> Int {
        onboarding.steps.reduce(0) { total, step in total + max(0, step.attempts - (step.status == .succeeded ? 1 : 0)) }
    }

    static func lastError(_ onboarding: OnboardingCase) -> String? {
        onboarding.failureReason ?? onboarding.escalationReason ?? onboarding.currentStep?.lastError ?? onboarding.steps.last { $0.lastError != nil }?.lastError
    }

    static func summary(_ deliveries: [DeliveryRecord]) -> String {
        guard !deliveries.isEmpty else { return "none yet" }
        let counts = Dictionary(grouping: deliveries, by: \.status).mapValues(\.count)
        let parts: [(DeliveryRecord.Status, String)] = [(.delivered, "delivered"), (.accepted, "accepted"), (.sending, "sending"), (.failed, "failed")]
        let text = parts.compactMap { status, word in counts[status].map { "\($0) \(word)" } }.joined(separator: ", ")
        return "\(deliveries.count) message\(deliveries.count == 1 ? "" : "s"): \(text)"
    }

    func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = configuration.timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm zzz"
        return formatter.string(from: date)
    }

    func page(_ template: String, title: String, status: HTTPResponse.Status = .ok, session: PortalSession?, _ context: [String: Any]) -> Response {
        PortalResponse.html(AdminTemplates.render(template, AdminTemplates.values(context, title: title, configuration: configuration, session: session)), status: status)
    }

    func message(_ text: String, title: String, status: HTTPResponse.Status, session: PortalSession?) -> Response {
        page("message", title: title, status: status, session: session, ["message": text])
    }

    func notSignedIn() -> Response {
        page("message", title: "Sign in first", status: .forbidden, session: nil,
             ["message": "You are not signed in to the Firstkey dashboard, or your sign-in has ended. Sign in with an administrator account; nothing was shown or changed.",
              "signInLink": true])
    }

    /// The callback's answer to a dashboard sign-in it refused (e.g. no administrator role).
    static func refusedSignIn(_ reason: String, status: HTTPResponse.Status, configuration: PortalConfiguration) -> Response {
        PortalResponse.html(AdminTemplates.render("message", AdminTemplates.values(["message": reason, "signInLink": true], title: "You cannot open the dashboard",
                                                                                   configuration: configuration, session: nil)), status: status)
    }

    func notFound(_ session: PortalSession) -> Response {
        message("There is no case with this ID.", title: "Not found", status: .notFound, session: session)
    }
}

/// What an administrator can do to a case from its page.
enum AdminAction: String, CaseIterable, Sendable {
    case retry, resend, cancel

    var doneText: String {
        switch self {
        case .retry: "Done: the current step is due again now, with its attempts counted from zero."
        case .resend: "Done: the credential (or portal link) is sent again, as a new message."
        case .cancel: "Done: the case is cancelled; its secrets are wiped."
        }
    }
}

/// The portal's protective headers on every dashboard response, and a page instead of any error.
struct AdminResponseMiddleware<Context: RequestContext>: RouterMiddleware {
    let configuration: PortalConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound || error.status == .methodNotAllowed {
            response = PortalResponse.html(AdminTemplates.render("message", AdminTemplates.values(["message": "There is no such page."], title: "Not found",
                                                                                                  configuration: configuration, session: nil)), status: error.status)
        } catch {
            context.logger.error("admin: the page could not be served", metadata: ["error": "\(error)"])
            response = PortalResponse.html(AdminTemplates.render("message", AdminTemplates.values(
                ["message": "The dashboard cannot answer right now; nothing was changed. Try again in a few minutes."], title: "Something went wrong",
                configuration: configuration, session: nil)), status: .internalServerError)
        }
        for field in PortalResponseMiddleware<Context>.headers { response.headers[field.name] = field.value }
        return response
    }
}
