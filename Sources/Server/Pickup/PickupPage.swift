public import Credentials
import Delivery
public import Foundation
import HTTPTypes
import Logging
public import Hummingbird
public import Onboarding
public import Store

/// The one-time pickup page (`/pickup/{token}`): a hire opens the link from one message, types
/// the code from the other, and sees their temporary password or Temporary Access Pass once.
///
/// Link scanners (Safe Links and the like) open every link and may submit its form at once. So a
/// GET or HEAD never changes anything, and a POST counts only when it carries a form this server
/// signed for this link at least ``PickupPolicy/minimumTypingTime`` earlier, with the matching
/// CSRF cookie, and a code that is not empty (``PickupPolicy`` decides; the store applies the
/// decision conditionally, so racing requests can neither both count nor both reveal).
public struct PickupPage: Sendable {
    /// The largest form body accepted.
    public static let maximumBodySize = 4 * 1024

    let store: any CaseStore
    let sealer: SecretSealer
    let policy: PickupPolicy
    let secureCookies: Bool
    var cookieScope: CookieScope { CookieScope(secure: secureCookies) }
    let events: (any PickupEventSink)?
    let now: @Sendable () -> Date
    let renderer: PickupRenderer
    let digester: PickupCodeDigester
    let signer: PickupFormSigner

    /// - Parameters:
    ///   - organization: the name shown at the top of every page.
    ///   - helpContact: whom the hire contacts when a link cannot be used ("the IT service desk,
    ///     +49 30 1234567").
    ///   - secureCookies: `Secure` on the CSRF cookie; true wherever the page is served over HTTPS.
    ///   - timeZone: for the validity of a Temporary Access Pass and the expiry of a link.
    ///   - events: told of every change a submission made.
    ///   - now: the clock (tests pass their own).
    public init(store: any CaseStore, sealer: SecretSealer, policy: PickupPolicy = PickupPolicy(), organization: String, helpContact: String,
                secureCookies: Bool, timeZone: TimeZone = .current, events: (any PickupEventSink)? = nil,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.sealer = sealer
        self.policy = policy
        self.secureCookies = secureCookies
        self.events = events
        self.now = now
        renderer = PickupRenderer(organization: organization, helpContact: helpContact, timeZone: timeZone)
        digester = PickupCodeDigester(sealer: sealer)
        signer = PickupFormSigner(sealer: sealer)
    }

    /// Adds `GET|HEAD|POST /pickup/{token}` and `GET /pickup/assets/pickup.css`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>, limiter: RateLimiter? = nil) {
        let pickup = router.group("pickup").add(middleware: PickupResponseMiddleware<Context>(renderer: renderer))
        if let limiter { pickup.add(middleware: PageRateLimitMiddleware<Context>(limiter: limiter)) }
        pickup.get("assets/pickup.css") { _, _ in PickupResponse.stylesheet() }
        pickup.get("{token}") { request, context in try await show(request, context: context) }
        // The router makes no HEAD routes by itself; a HEAD is a GET without the page.
        pickup.head("{token}") { request, context in try await show(request, context: context).createHeadResponse() }
        pickup.post("{token}") { request, context in try await submit(request, context: context) }
    }

    // MARK: GET

    func show(_ request: Request, context: some RequestContext) async throws -> Response {
        let language = PickupLanguage.of(request)
        guard let token = Self.token(context.parameters.get("token")),
              let ticket = try await store.pickup(tokenDigest: PickupSecrets.tokenDigest(token)) else {
            return page(.notice(.invalidLink), language)
        }
        guard ticket.state == .open, now() < ticket.expiresAt else {
            return page(.notice(PickupNotice(closed: ticket.state), expiry: ticket.expiresAt), language)
        }
        let existing = request.cookies[cookieScope.name(PickupFormSigner.cookieName)]?.value
        let csrf = existing.flatMap { PickupFormToken.isWellFormedCSRF($0) ? $0 : nil } ?? PickupFormToken.newCSRF()
        return try await formPage(for: ticket, token: token, csrf: csrf, message: nil, request: request, language: language)
    }

    // MARK: POST

    func submit(_ request: Request, context: some RequestContext) async throws -> Response {
        let language = PickupLanguage.of(request)
        guard let token = Self.token(context.parameters.get("token")) else { return page(.notice(.invalidLink), language) }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maximumBodySize)
        } catch {
            return page(.notice(.reload), language, status: .contentTooLarge)
        }
        guard let ticket = try await store.pickup(tokenDigest: PickupSecrets.tokenDigest(token)) else {
            return page(.notice(.invalidLink), language)
        }
        guard let fields = Self.formFields(request, body), let signed = fields.form, let form = signer.verify(signed),
              form.tokenDigest == ticket.tokenDigest,
              PickupFormSigner.cookie(request.cookies[cookieScope.name(PickupFormSigner.cookieName)]?.value, matches: form) else {
            context.logger.notice("pickup: a form without a valid form token or cookie was refused; nothing counted",
                                  metadata: ["firstkey.case": "\(ticket.caseID)"])
            return page(.notice(.reload), language)
        }
        let code = fields.code ?? ""
        let submission: PickupPolicy.Submission
        if code.allSatisfy({ $0.isWhitespace || $0 == "-" }) {
            submission = .emptyCode
        } else {
            submission = digester.matches(code, caseID: ticket.caseID.rawValue, digest: ticket.codeDigest) ? .rightCode : .wrongCode
        }
        switch try await settle(submission, ticket: ticket, servedAt: form.servedAt, logger: context.logger) {
        case .form(let message):
            return try await formPage(for: ticket, token: token, csrf: form.csrf, message: message, request: request, language: language)
        case .page(let screen):
            return page(screen, language)
        }
    }

    /// What a submission leads to.
    enum Outcome {
        /// The form again, with this message.
        case form(PickupFormMessage)
        case page(PickupScreen)
    }

    /// Decides and applies a submission. A conditional write that loses to another request reads
    /// the ticket again and decides anew, so every wrong code counts however many race: each lost
    /// write means another one counted or closed the ticket, which can happen only a few times.
    func settle(_ submission: PickupPolicy.Submission, ticket original: PickupTicket, servedAt: Date, logger: Logger) async throws -> Outcome {
        var ticket = original
        let metadata: Logger.Metadata = ["firstkey.case": "\(ticket.caseID)"]
        for _ in 0...(policy.maximumAttempts + 2) {
            let at = now()
            let decision = policy.decide(submission, ticket: ticket, formServedAt: servedAt, now: at)
            switch decision {
            case .reveal:
                return .page(try await reveal(ticket, at: at, logger: logger))
            case .ignore:
                let age = at.timeIntervalSince(servedAt)
                return .form(age < policy.minimumTypingTime ? .tooFast : age > policy.maximumFormAge ? .stale : .emptyCode)
            case .closed(let state) where !(state == .expired && ticket.state == .open):
                return .page(.notice(PickupNotice(closed: state), expiry: ticket.expiresAt))
            case .refuse, .burn, .closed:
                let updated = policy.apply(decision, to: ticket, now: at)
                guard try await store.updatePickup(updated, replacing: ticket) else {
                    guard let current = try await store.pickup(tokenDigest: ticket.tokenDigest) else { return .page(.notice(.invalidLink)) }
                    ticket = current
                    continue
                }
                switch decision {
                case .refuse(let left):
                    logger.notice("pickup: wrong code", metadata: metadata.merging(["firstkey.pickup.attemptsLeft": "\(left)"]) { $1 })
                    await events?.pickupChanged(updated, event: .wrongCode(attemptsLeft: left))
                    return .form(.wrongCode(attemptsLeft: left))
                case .burn:
                    logger.warning("pickup: the last attempt failed; the link is burned", metadata: metadata)
                    do {
                        try await store.deleteSealedSecret(kind: PickupSecret.secretKind, for: ticket.caseID)
                    } catch {
                        logger.error("pickup: the burned link's secret could not be deleted", metadata: metadata.merging(["error": "\(error)"]) { $1 })
                    }
                    await events?.pickupChanged(updated, event: .burned)
                    return .page(.notice(.burned))
                default:
                    logger.info("pickup: the link expired", metadata: metadata)
                    await events?.pickupChanged(updated, event: .expired)
                    return .page(.notice(.expired, expiry: ticket.expiresAt))
                }
            }
        }
        logger.error("pickup: the ticket kept changing under a submission", metadata: metadata)
        return .page(.notice(.unavailable))
    }

    /// Takes the secret (the store marks the ticket revealed in the same transaction) and opens it.
    private func reveal(_ ticket: PickupTicket, at: Date, logger: Logger) async throws -> PickupScreen {
        let metadata: Logger.Metadata = ["firstkey.case": "\(ticket.caseID)"]
        guard let sealed = try await store.revealPickup(ticket, secretKind: PickupSecret.secretKind, at: at) else {
            // Another request won, or the ticket closed in the meantime: say what it is now.
            let current = try await store.pickup(tokenDigest: ticket.tokenDigest)
            return .notice(PickupNotice(closed: current?.state == .open ? .expired : current?.state ?? .revealed), expiry: ticket.expiresAt)
        }
        var revealed = ticket
        revealed.state = .revealed
        let secret: PickupSecret
        do {
            secret = try PickupSecret(document: try sealer.open(try SealedSecret(storageText: sealed), context: ticket.caseID.rawValue))
        } catch {
            // The error names the key and the format, never the secret.
            logger.error("pickup: the right code came but the secret could not be opened", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            await events?.pickupChanged(revealed, event: .unreadable)
            return .notice(.unreadable)
        }
        logger.info("pickup: revealed", metadata: metadata)
        await events?.pickupChanged(revealed, event: .revealed)
        return .secret(secret)
    }

    // MARK: Pages

    private func formPage(for ticket: PickupTicket, token: String, csrf: String, message: PickupFormMessage?, request: Request,
                          language: DeliveryLanguage) async throws -> Response {
        let credential: PickupCredential? = switch try await store.fetchCase(ticket.caseID)?.deliveryMode {
        case .temporaryPassword: .temporaryPassword
        case .tap: .temporaryAccessPass
        case .selfService, nil: nil
        }
        let formToken = signer.sign(PickupFormToken(tokenDigest: ticket.tokenDigest, servedAt: now(), csrf: csrf))
        let query = PickupLanguage.explicit(request).map { "?lang=\($0.code)" } ?? ""
        var response = page(.form(PickupForm(credential: credential, action: "/pickup/\(token)\(query)", formToken: formToken, message: message)), language)
        response.setCookie(Cookie(name: cookieScope.name(PickupFormSigner.cookieName), value: csrf, maxAge: Int(policy.maximumFormAge), path: cookieScope.path("/pickup"),
                                  secure: secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    private func page(_ screen: PickupScreen, _ language: DeliveryLanguage, status: HTTPResponse.Status? = nil) -> Response {
        var response = PickupResponse.page(screen, language: language, renderer: renderer)
        if let status { response.status = status }
        return response
    }

    // MARK: Input

    /// The link token from the path, if it can be one (base64url, not absurdly long).
    static func token(_ value: String?) -> String? {
        guard let value, (16...128).contains(value.utf8.count),
              value.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F })
        else { return nil }
        return value
    }

    struct FormFields {
        var form: String?
        var code: String?
    }

    /// The form's two fields from an `application/x-www-form-urlencoded` body; nil for another
    /// type, a field given twice, or an encoding that is not valid. Other fields are ignored.
    static func formFields(_ request: Request, _ body: ByteBuffer) -> FormFields? {
        guard let type = request.headers[.contentType] else { return nil }
        var media = type.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        while media.first?.isWhitespace == true { media.removeFirst() }
        while media.last?.isWhitespace == true { media.removeLast() }
        guard media.lowercased() == "application/x-www-form-urlencoded" else { return nil }
        var fields = FormFields()
        for pair in String(buffer: body).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = formDecoded(parts[0]), let value = parts.count == 2 ? formDecoded(parts[1]) : "" else { return nil }
            switch name {
            case "form":
                guard fields.form == nil else { return nil }
                fields.form = value
            case "code":
                guard fields.code == nil else { return nil }
                fields.code = value
            default:
                continue
            }
        }
        return fields
    }

    /// A name or value of a urlencoded form: `+` is a space, `%XX` a byte of UTF-8.
    private static func formDecoded(_ text: Substring) -> String? {
        guard text.utf8.contains(where: { $0 == 0x2B || $0 == 0x25 }) else { return String(text) }
        return text.replacing("+", with: " ").removingPercentEncoding
    }
}
