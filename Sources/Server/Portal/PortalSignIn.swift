import Credentials
import Crypto
public import Foundation
import HTTPTypes
import Hummingbird
import Logging
public import Microsoft
import Store

/// Redeems the authorization code of a sign-in (`EntraTokenClient` does; tests may script it).
public protocol AuthorizationCodeRedeeming: Sendable {
    func redeemAuthorizationCode(_ code: String, redirectURI: URL, codeVerifier: PKCECodeVerifier, scopes: [String]) async throws -> AuthorizationCodeTokens
}

extension EntraTokenClient: AuthorizationCodeRedeeming {}

/// OpenID Connect sign-in for the portal and the dashboard (reference §2): authorization code
/// with PKCE (S256), `state` and `nonce`, `response_mode=form_post` (the code arrives in a POST
/// body, never in a URL), `prompt=login` (credentials entered now), and the `claims` request
/// that makes Entra put `amr`/`acrs` in the ID token when the requirements ask for them.
///
/// The state, nonce and verifier travel in a sealed cookie (`firstkey_signin`, ten minutes),
/// so any instance can finish a sign-in another one started. A callback counts once, at every
/// instance: the digest of its state is kept in the store until the cookie would have expired
/// anyway, and Entra redeems a code once.
struct PortalSignIn: Sendable {
    static let transactionCookie = "firstkey_signin"
    static let scopes = ["openid", "profile", "email"]

    let configuration: PortalConfiguration
    let redeemer: any AuthorizationCodeRedeeming
    let validator: IDTokenValidator
    let cookies: SealedCookieCodec
    let usedStates: any OneTimeUseStore
    let sessions: any SessionStore
    let now: @Sendable () -> Date

    init(configuration: PortalConfiguration, redeemer: any AuthorizationCodeRedeeming, signingKeys: EntraSigningKeys, sealer: SecretSealer,
         store: any OneTimeUseStore & SessionStore, now: @escaping @Sendable () -> Date) {
        self.configuration = configuration
        self.redeemer = redeemer
        let policy = IDTokenPolicy(clientID: configuration.entra.clientID, maximumAuthenticationAge: configuration.requirements.maximumAuthenticationAge)
        validator = IDTokenValidator(policy: policy, keys: signingKeys, now: now)
        cookies = SealedCookieCodec(sealer: sealer)
        usedStates = store
        sessions = store
        self.now = now
    }

    /// The redirect to Entra's sign-in, with the transaction cookie set.
    func start(_ purpose: SignInTransaction.Purpose) throws -> Response {
        let verifier = PKCECodeVerifier()
        let transaction = SignInTransaction(purpose: purpose, state: PortalRandom.token(), nonce: PortalRandom.token(),
                                            codeVerifier: verifier.value, startedAt: now())
        let request = AuthorizationRequest(redirectURI: configuration.redirectURI, codeVerifier: verifier, state: transaction.state, nonce: transaction.nonce,
                                           scopes: Self.scopes, responseMode: .formPost, prompt: .login, claims: configuration.requirements.claimsRequest)
        var response = Response(status: .seeOther, headers: [.location: request.url(configuration: configuration.entra).absoluteString])
        // The form post from Entra is cross-site: only SameSite=None (which needs Secure) comes
        // back with it. Without HTTPS (loopback tests) Lax is what a browser keeps.
        response.setCookie(Cookie(name: scope.name(Self.transactionCookie), value: try cookies.seal(transaction, purpose: "signin"), maxAge: Int(SignInTransaction.lifetime),
                                  path: scope.path("/portal/callback"), secure: configuration.secureCookies, httpOnly: true,
                                  sameSite: configuration.secureCookies ? .none : .lax))
        return response
    }

    enum Outcome {
        case signedIn(PortalSession)
        /// Refused, in words for the person signing in.
        case refused(String, status: HTTPResponse.Status, purpose: SignInTransaction.Purpose?)
    }

    /// The form post Entra sends back: `code` + `state`, or `error` + `error_description`.
    func finish(_ fields: [String: String], transactionCookie: String?, logger: Logger) async -> Outcome {
        guard let transaction = cookies.open(transactionCookie, as: SignInTransaction.self, purpose: "signin") else {
            return .refused("This sign-in was not started here, or it took longer than ten minutes. Start again.", status: .badRequest, purpose: nil)
        }
        let purpose = transaction.purpose
        let started = transaction.startedAt
        guard now().timeIntervalSince(started) <= SignInTransaction.lifetime, now() >= started.addingTimeInterval(-60) else {
            return .refused("This sign-in took longer than ten minutes. Start again.", status: .badRequest, purpose: purpose)
        }
        guard let state = fields["state"], PortalRandom.equal(state, transaction.state) else {
            logger.notice("portal: a sign-in response with a state that does not match its cookie was refused")
            return .refused("This sign-in response does not belong to the sign-in started in this browser (was another one started in a second tab?). Start again.",
                            status: .badRequest, purpose: purpose)
        }
        if let error = fields["error"] {
            let description = (fields["error_description"] ?? "").prefix(300)
            logger.notice("portal: the sign-in was refused by Entra", metadata: ["error": "\(error.prefix(64))"])
            let text = error == "access_denied" ? "The sign-in was cancelled." : "Microsoft Entra ID refused the sign-in (\(error.prefix(64))): \(description)"
            return .refused(text, status: .forbidden, purpose: purpose)
        }
        guard let code = fields["code"], !code.isEmpty, code.utf8.count <= 4096 else {
            return .refused("The sign-in response has no authorization code. Start again.", status: .badRequest, purpose: purpose)
        }
        let firstUse: Bool
        do {
            firstUse = try await usedStates.useOnce(kind: "signin-state", digest: Self.digest(transaction.state),
                                                    until: started.addingTimeInterval(SignInTransaction.lifetime + 60), now: now())
        } catch {
            logger.error("portal: the store did not answer; the sign-in is refused, not trusted", metadata: ["error": "\(error)"])
            return .refused("Firstkey cannot finish sign-ins right now. Wait a minute and start again.", status: .serviceUnavailable, purpose: purpose)
        }
        guard firstUse else {
            logger.notice("portal: a sign-in response was sent a second time and refused")
            return .refused("This sign-in response was already used. Start again.", status: .badRequest, purpose: purpose)
        }
        guard let verifier = PKCECodeVerifier(transaction.codeVerifier) else {
            return .refused("This sign-in was not started here. Start again.", status: .badRequest, purpose: purpose)
        }
        let tokens: AuthorizationCodeTokens
        do {
            tokens = try await redeemer.redeemAuthorizationCode(code, redirectURI: configuration.redirectURI, codeVerifier: verifier, scopes: Self.scopes)
        } catch {
            logger.notice("portal: the authorization code was not redeemed", metadata: ["error": "\(error)"])
            return .refused("Microsoft Entra ID did not confirm this sign-in (the response may have been used already, or it expired). Start again.",
                            status: .badRequest, purpose: purpose)
        }
        guard let idToken = tokens.idToken else {
            return .refused("Microsoft Entra ID sent no ID token for this sign-in. Start again.", status: .badGateway, purpose: purpose)
        }
        let claims: IDTokenClaims
        do {
            claims = try await validator.validate(idToken, expectedNonce: transaction.nonce)
        } catch {
            logger.notice("portal: an ID token was refused", metadata: ["reason": "\(error)"])
            return .refused(Self.explain(error, requirements: configuration.requirements), status: .forbidden, purpose: purpose)
        }
        // The dashboard changes cases, so an administrator's sign-in must be as strong as a hire's.
        if let refusal = configuration.requirements.refusal(of: claims) {
            logger.notice("portal: a sign-in did not meet the requirements", metadata: ["amr": "\(claims.authenticationMethods)", "acrs": "\(claims.authenticationContexts)"])
            return .refused(refusal, status: .forbidden, purpose: purpose)
        }
        let signedInAt = now()
        let session = PortalSession(purpose: purpose, tenantID: claims.tenantID, objectID: claims.objectID, onPremisesSecurityIdentifier: claims.onPremisesSecurityIdentifier,
                                    preferredUsername: claims.preferredUsername, name: claims.name, groups: claims.groups, roles: claims.roles,
                                    authenticationMethods: claims.authenticationMethods, authenticatedAt: claims.authenticationTime, signedInAt: signedInAt,
                                    expiresAt: signedInAt.addingTimeInterval(configuration.sessionLifetime.secondsValue), csrf: PortalRandom.token(),
                                    sessionID: PortalRandom.token())
        if purpose == .admin, !isAdministrator(session) {
            return .refused("You signed in, but your account has no administrator role for Firstkey (app role \(configuration.adminRoles.sorted().joined(separator: " or "))).",
                            status: .forbidden, purpose: purpose)
        }
        return .signedIn(session)
    }

    func isAdministrator(_ session: PortalSession) -> Bool {
        !configuration.adminRoles.isDisjoint(with: session.roles) || !configuration.adminGroups.isDisjoint(with: session.groups)
    }

    static func explain(_ error: TokenValidationError, requirements: SignInRequirements) -> String {
        switch error.code {
        case .authenticationTooOld:
            let minutes = Int(requirements.maximumAuthenticationAge.secondsValue / 60)
            return "Your sign-in is too old: setting a password needs a sign-in from the last \(minutes) minutes. Sign out of Microsoft and sign in again."
        case .expired:
            return "The sign-in has expired. Start again."
        case .wrongNonce:
            return "This sign-in response does not belong to the sign-in started here. Start again."
        default:
            return "The sign-in could not be verified (\(error)). Start again, and ask the IT service desk if it keeps happening."
        }
    }

    // MARK: Sessions

    var scope: CookieScope { CookieScope(secure: configuration.secureCookies) }

    /// The transaction cookie of `request`, under its scoped name.
    func transactionCookie(of request: Request) -> String? {
        request.cookies[scope.name(Self.transactionCookie)]?.value
    }

    static func sessionCookie(_ purpose: SignInTransaction.Purpose) -> String { purpose == .admin ? "firstkey_admin" : "firstkey_portal" }

    /// The signed-in session of `request` for `purpose`, if it has one that has not expired and
    /// that the store still holds live (sign-out and `firstkey sessions end` act at every
    /// instance at the next request). A store that does not answer signs nobody in.
    func session(_ request: Request, purpose: SignInTransaction.Purpose) async -> PortalSession? {
        guard let session = cookies.open(request.cookies[scope.name(Self.sessionCookie(purpose))]?.value, as: PortalSession.self, purpose: "session-\(purpose.rawValue)"),
              session.purpose == purpose, now() < session.expiresAt, now() >= session.signedInAt.addingTimeInterval(-60) else { return nil }
        guard let live = try? await sessions.liveSession(digest: Self.digest(session.sessionID), now: now()), live.objectID == session.objectID else { return nil }
        return session
    }

    func setSession(_ session: PortalSession, on response: inout Response) async throws {
        try await sessions.createSession(SessionRecord(digest: Self.digest(session.sessionID), purpose: session.purpose.rawValue, objectID: session.objectID,
                                                       displayName: session.preferredUsername ?? session.name, createdAt: session.signedInAt, expiresAt: session.expiresAt))
        response.setCookie(Cookie(name: scope.name(Self.sessionCookie(session.purpose)), value: try cookies.seal(session, purpose: "session-\(session.purpose.rawValue)"),
                                  maxAge: Int(session.expiresAt.timeIntervalSince(now())), path: scope.path(session.purpose == .admin ? "/admin" : "/portal"),
                                  secure: configuration.secureCookies, httpOnly: true, sameSite: .lax))
    }

    /// Ends `session` in the store (for every instance) and clears its cookie.
    func endSession(_ session: PortalSession, on response: inout Response, logger: Logger) async {
        do {
            try await sessions.endSession(digest: Self.digest(session.sessionID), at: now())
        } catch {
            logger.error("portal: a session could not be ended in the store; it lapses at its expiry", metadata: ["error": "\(error)"])
        }
        clearSession(session.purpose, on: &response)
    }

    func clearSession(_ purpose: SignInTransaction.Purpose, on response: inout Response) {
        response.setCookie(Cookie(name: scope.name(Self.sessionCookie(purpose)), value: "", maxAge: 0, path: scope.path(purpose == .admin ? "/admin" : "/portal"),
                                  secure: configuration.secureCookies, httpOnly: true, sameSite: .lax))
    }

    func clearTransaction(on response: inout Response) {
        response.setCookie(Cookie(name: scope.name(Self.transactionCookie), value: "", maxAge: 0, path: scope.path("/portal/callback"),
                                  secure: configuration.secureCookies, httpOnly: true, sameSite: configuration.secureCookies ? .none : .lax))
    }

    /// Whether a state-changing form post comes from the session's own page: the synchronizer
    /// token must match, and an Origin header, when the browser sends one, must be ours.
    func isGenuineForm(_ fields: [String: String], of session: PortalSession, request: Request) -> Bool {
        if let origin = request.headers[.origin], origin.lowercased() != configuration.publicOrigin { return false }
        guard let csrf = fields["csrf"] else { return false }
        return PortalRandom.equal(csrf, session.csrf)
    }
}

extension PortalSignIn {
    /// SHA-256 of a state, hex: what the store keeps (a state is not a secret after use, but
    /// nothing a browser sent is stored as it came).
    static func digest(_ value: String) -> String {
        SHA256.hash(data: Data(value.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

extension Duration {
    var secondsValue: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
