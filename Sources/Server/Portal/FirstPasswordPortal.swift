public import Credentials
import Directory
public import Foundation
import HTTPTypes
public import Hummingbird
import Logging
public import Microsoft
import Onboarding
public import OnboardingEngine
public import Store

/// The first-password portal (`/portal`): the hire signs in with Entra ID (passwordless, fresh,
/// as `SignInRequirements` demands), sees their user name and the rules that apply to them,
/// and sets their own first AD password, which nobody else ever holds.
///
/// Every state-changing request is a POST with the session's synchronizer token and, when the
/// browser sends one, our own Origin; the session lives in a sealed, HttpOnly cookie.
public struct FirstPasswordPortal: Sendable {
    public static let maximumBodySize = 16 * 1024

    let signIn: PortalSignIn
    let accounts: any FirstPasswordAccounts
    let configuration: PortalConfiguration

    /// - Parameters:
    ///   - redeemer: redeems the authorization code (`EntraTokenClient`).
    ///   - signingKeys: the tenant's keys, to check the ID token's signature.
    ///   - sealer: seals the sign-in and session cookies (the sealing key).
    ///   - store: where finished sign-ins and live sessions are kept, shared by every instance (the case store).
    public init(configuration: PortalConfiguration, accounts: any FirstPasswordAccounts, redeemer: any AuthorizationCodeRedeeming, signingKeys: EntraSigningKeys,
                sealer: SecretSealer, store: any OneTimeUseStore & SessionStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.configuration = configuration
        self.accounts = accounts
        signIn = PortalSignIn(configuration: configuration, redeemer: redeemer, signingKeys: signingKeys, sealer: sealer, store: store, now: now)
    }

    /// `GET /portal`, `GET /portal/sign-in`, `POST /portal/callback`, `POST /portal/password`,
    /// `POST /portal/sign-out`, and the assets.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>, limiter: RateLimiter? = nil) {
        let portal = router.group("portal").add(middleware: PortalResponseMiddleware<Context>(configuration: configuration))
        if let limiter { portal.add(middleware: PageRateLimitMiddleware<Context>(limiter: limiter, isLimited: PageRateLimitMiddleware<Context>.signInOrPost)) }
        portal.get("assets/portal.css") { _, _ in PortalResponse.asset(PortalAssets.css, type: "text/css; charset=utf-8") }
        portal.get("assets/password-check.js") { _, _ in PortalResponse.asset(PortalAssets.passwordCheck, type: "text/javascript; charset=utf-8") }
        portal.get { request, context in await home(request, logger: context.logger) }
        portal.get("sign-in") { _, _ in try signIn.start(.portal) }
        portal.post("callback") { request, context in try await callback(request, logger: context.logger) }
        portal.post("password") { request, context in try await submit(request, logger: context.logger) }
        portal.post("sign-out") { request, context in try await signOut(request, logger: context.logger) }
    }

    // MARK: Pages

    func home(_ request: Request, logger: Logger) async -> Response {
        guard let session = await signIn.session(request, purpose: .portal) else {
            return page("landing", title: "Set your first password")
        }
        switch await accounts.account(for: Self.user(session)) {
        case .refused(let reason):
            return refused(Self.sentence(reason), status: .forbidden, retry: nil)
        case .ready(let account):
            return passwordPage(account, session: session, errors: [])
        }
    }

    func passwordPage(_ account: PortalAccount, session: PortalSession, errors: [String], status: HTTPResponse.Status = .ok) -> Response {
        let policy = account.policy
        let policyName: String = switch policy.source {
        case .domain: "domain password policy"
        case .fineGrained(let dn): "password policy \(Self.commonName(dn)) (fine-grained)"
        }
        var forbidden = [String]()
        if let sam = account.samAccountName, sam.count >= 3 { forbidden.append(sam.lowercased()) }
        for part in (account.displayName ?? "").split(whereSeparator: { ",.-_#\t ".contains($0) }) where part.count >= 3 {
            forbidden.append(part.lowercased())
        }
        let forbiddenJSON = String(decoding: (try? JSONSerialization.data(withJSONObject: forbidden)) ?? Data("[]".utf8), as: UTF8.self)
        var policyContext: [String: Any] = [
            "minimumLength": policy.minimumLength, "complexity": policy.complexityRequired, "name": policyName,
        ]
        if policy.historyLength > 0 { policyContext["history"] = policy.historyLength }
        if let maximumAge = policy.maximumAge { policyContext["maximumAgeDays"] = Int(maximumAge.secondsValue / 86_400) }
        return page("password", title: "Choose your password", status: status, script: true, [
            "signedInAs": session.preferredUsername ?? session.name ?? account.username,
            "username": account.username, "samAccountName": account.samAccountName as Any,
            "policy": policyContext, "forbidden": forbiddenJSON, "csrf": session.csrf, "caseID": account.caseID.rawValue,
            "errors": errors, "hasErrors": !errors.isEmpty,
        ])
    }

    // MARK: Sign-in

    func callback(_ request: Request, logger: Logger) async throws -> Response {
        guard let fields = await Self.form(request) else {
            return refused("The sign-in response could not be read. Start again.", status: .badRequest, retry: "/portal/sign-in")
        }
        switch await signIn.finish(fields, transactionCookie: signIn.transactionCookie(of: request), logger: logger) {
        case .refused(let reason, let status, let purpose):
            var response = purpose == .admin ? AdminDashboard.refusedSignIn(reason, status: status, configuration: configuration)
                                             : refused(reason, status: status, retry: "/portal/sign-in")
            signIn.clearTransaction(on: &response)
            return response
        case .signedIn(let session):
            var response = Response(status: .seeOther, headers: [.location: session.purpose == .admin ? "/admin" : "/portal"])
            try await signIn.setSession(session, on: &response)
            signIn.clearTransaction(on: &response)
            logger.info("portal: signed in", metadata: ["purpose": "\(session.purpose.rawValue)", "user": "\(session.objectID)"])
            return response
        }
    }

    func signOut(_ request: Request, logger: Logger) async throws -> Response {
        var response = Response(status: .seeOther, headers: [.location: "/portal"])
        if let session = await signIn.session(request, purpose: .portal), let fields = await Self.form(request), signIn.isGenuineForm(fields, of: session, request: request) {
            await signIn.endSession(session, on: &response, logger: logger)
        }
        return response
    }

    // MARK: Setting the password

    func submit(_ request: Request, logger: Logger) async throws -> Response {
        guard let session = await signIn.session(request, purpose: .portal) else {
            return refused("Your sign-in has ended (it lasts \(Int(configuration.sessionLifetime.secondsValue / 60)) minutes). Sign in again; nothing was changed.",
                           status: .forbidden, retry: "/portal/sign-in")
        }
        guard let fields = await Self.form(request), signIn.isGenuineForm(fields, of: session, request: request) else {
            logger.notice("portal: a password form without this session's token was refused; nothing changed", metadata: ["user": "\(session.objectID)"])
            return refused("This form did not come from your portal page. Reload the page and try again; nothing was changed.", status: .forbidden, retry: "/portal")
        }
        let user = Self.user(session)
        guard case .ready(let account) = await accounts.account(for: user) else {
            return await home(request, logger: logger)
        }
        guard fields["case"] == account.caseID.rawValue else {
            return refused("This page is out of date. Reload it; nothing was changed.", status: .conflict, retry: "/portal")
        }
        let password = fields["password"] ?? ""
        var errors: [String] = []
        if password.isEmpty { errors.append("Type a password.") }
        if password != (fields["confirm"] ?? "") { errors.append("The two passwords are not the same.") }
        if password.utf16.count > 256 { errors.append("The password is longer than 256 characters.") }
        if !password.isEmpty { errors += account.policy.violations(of: password, samAccountName: account.samAccountName, displayName: account.displayName) }
        guard errors.isEmpty else { return passwordPage(account, session: session, errors: errors, status: .unprocessableContent) }

        switch await accounts.setPassword(password, for: user, caseID: account.caseID) {
        case .set(let at, _, let deleted):
            var response = page("success", title: "Your password is set", [
                "setAt": Self.time(at, in: configuration.timeZone), "username": account.username,
                "syncMinutes": Self.minutes(configuration.passwordSyncMinutes), "deletedPasses": deleted > 0,
                "noticeSent": accounts.sendsPasswordSetNotices,
            ])
            await signIn.endSession(session, on: &response, logger: logger)
            return response
        case .rejected(let reasons):
            return passwordPage(account, session: session, errors: reasons.map(Self.sentence), status: .unprocessableContent)
        case .refused(let reason):
            return refused(Self.sentence(reason), status: .forbidden, retry: nil)
        case .unavailable(let reason):
            return refused(Self.sentence(reason), status: .serviceUnavailable, retry: "/portal")
        }
    }

    // MARK: Helpers

    static func user(_ session: PortalSession) -> PortalUser {
        PortalUser(tenantID: session.tenantID, objectID: session.objectID, onPremisesSecurityIdentifier: session.onPremisesSecurityIdentifier,
                   preferredUsername: session.preferredUsername, name: session.name, groups: session.groups, authenticationMethods: session.authenticationMethods)
    }

    func page(_ template: String, title: String, status: HTTPResponse.Status = .ok, script: Bool = false, _ context: [String: Any] = [:]) -> Response {
        var values = context
        values["title"] = title
        values["organization"] = configuration.organization
        values["helpContact"] = configuration.helpContact
        values["script"] = script
        return PortalResponse.html(PortalTemplates.render(template, values), status: status)
    }

    func refused(_ reason: String, status: HTTPResponse.Status, retry: String?) -> Response {
        page("refused", title: "The password cannot be set here", status: status, ["reason": reason, "retry": retry as Any])
    }

    /// The url-encoded form of a POST (at most `maximumBodySize`); nil for anything else.
    static func form(_ request: Request) async -> [String: String]? {
        guard let type = request.headers[.contentType]?.lowercased(),
              type.split(separator: ";").first?.trimmingCharacters(in: .whitespaces) == "application/x-www-form-urlencoded",
              let body = try? await request.body.collect(upTo: maximumBodySize) else { return nil }
        var fields: [String: String] = [:]
        for pair in String(buffer: body).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), fields[name] == nil else { continue }
            fields[name] = parts.count > 1 ? decode(parts[1]) ?? "" : ""
        }
        return fields
    }

    static func decode(_ text: Substring) -> String? {
        text.replacing("+", with: " ").removingPercentEncoding
    }

    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst() + (text.hasSuffix(".") ? "" : ".")
    }

    static func commonName(_ dn: String) -> String {
        let first = dn.split(separator: ",").first.map(String.init) ?? dn
        return first.lowercased().hasPrefix("cn=") ? String(first.dropFirst(3)) : first
    }

    static func time(_ date: Date, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = zone
        formatter.dateFormat = "HH:mm 'on' d MMMM yyyy (zzz)"
        return formatter.string(from: date)
    }

    static func minutes(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}

/// The portal's protective headers on every response, and a page instead of any error.
struct PortalResponseMiddleware<Context: RequestContext>: RouterMiddleware {
    let configuration: PortalConfiguration

    static var headers: HTTPFields {
        [
            .contentSecurityPolicy: "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            .cacheControl: "no-store",
            HTTPField.Name("Pragma")!: "no-cache",
            // Not no-referrer: under it a browser sends `Origin: null` with the page's own form
            // posts, and the Origin check would refuse every genuine submission. same-origin
            // still tells no other site where the hire came from.
            HTTPField.Name("Referrer-Policy")!: "same-origin",
            .xContentTypeOptions: "nosniff",
            HTTPField.Name("X-Frame-Options")!: "DENY",
            HTTPField.Name("X-Robots-Tag")!: "noindex",
        ]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound || error.status == .methodNotAllowed {
            response = PortalResponse.html(PortalTemplates.render("refused", ["title": "Not found", "organization": configuration.organization,
                                                                              "helpContact": configuration.helpContact, "reason": "There is no such page.",
                                                                              "retry": "/portal"]), status: error.status)
        } catch {
            context.logger.error("portal: the page could not be served", metadata: ["error": "\(error)"])
            response = PortalResponse.html(PortalTemplates.render("refused", ["title": "Something went wrong", "organization": configuration.organization,
                                                                              "helpContact": configuration.helpContact,
                                                                              "reason": "The portal cannot answer right now; nothing was changed. Try again in a few minutes.",
                                                                              "retry": "/portal"]), status: .internalServerError)
        }
        for field in Self.headers { response.headers[field.name] = field.value }
        return response
    }
}

enum PortalResponse {
    static func html(_ text: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .contentLanguage: "en"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
