import Delivery
import Foundation
import HTTPTypes
public import Hummingbird
public import Logging
public import Microsoft
public import OnboardingEngine
import Synchronization

/// `POST /webhooks/acs/events`: the Event Grid subscription on the ACS resource's system topic
/// delivers `Microsoft.Communication.SMSDeliveryReportReceived` events here, with Microsoft Entra
/// authentication (secure webhook delivery): every request carries a bearer token Event Grid got
/// for Firstkey's audience. No secret travels in the URL. A request is read only when its token is
/// valid — the tenant's signature, issuer, audience, lifetime, Event Grid's application as the
/// caller and the `AzureEventGridSecureWebhookSubscriber` role — otherwise it is refused with 401
/// and changes nothing. The validation handshake is answered synchronously; a report of a message
/// Firstkey sent updates its record and nudges the case, so an undelivered SMS goes over its next
/// route. See docs/delivery.md.
public struct ACSEventGridEndpoint: Sendable {
    public static let path = "/webhooks/acs/events"
    /// Event Grid's batches are at most 1 MB.
    static let maximumBodySize = 1024 * 1024 + 64 * 1024
    static let eventTypeHeader = HTTPField.Name("aeg-event-type")!

    /// Event Grid's first-party application in the Azure public cloud: the `appid` (v1) / `azp`
    /// (v2) of its tokens (Learn: event-grid/scripts/powershell-webhook-secure-delivery-microsoft-entra-app).
    public static let eventGridApplicationID = "4962773b-9cdb-44cf-a8bf-237846a00ab7"
    /// The app role Firstkey's app registration defines and assigns to Event Grid's service principal.
    public static let subscriberRole = "AzureEventGridSecureWebhookSubscriber"

    let validator: EntraJWTValidator
    let engine: OnboardingEngine
    let logger: Logger
    private let seen: Seen

    /// Event IDs already handed to the engine (Event Grid retries until it gets a 2xx). Marked
    /// only after the engine took the report, so a retry after a 503 is not lost.
    private final class Seen: Sendable {
        let deduplicator: Mutex<DeliveryReportDeduplicator>
        init(capacity: Int) { deduplicator = Mutex(DeliveryReportDeduplicator(capacity: capacity)) }
    }

    /// The token checks for `audience` (the application ID URI or client ID the subscription
    /// names, with or without a trailing slash): issued by the tenant, to Event Grid, with the role.
    public static func policy(audience: String) -> EntraAccessTokenPolicy {
        var bare = audience
        while bare.hasSuffix("/") { bare.removeLast() }
        return EntraAccessTokenPolicy(audiences: [bare, bare + "/"], allowedCallerAppIDs: [eventGridApplicationID], requiredRole: subscriberRole)
    }

    public init(validator: EntraJWTValidator, engine: OnboardingEngine, deduplicationCapacity: Int = 10_000,
                logger: Logger = Logger(label: "firstkey.webhooks.acs")) {
        self.validator = validator
        self.engine = engine
        self.logger = logger
        self.seen = Seen(capacity: deduplicationCapacity)
    }

    static let maximumHandshakeSize = 64 * 1024

    func handshake(_ request: Request) async throws -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maximumHandshakeSize)
        } catch {
            throw APIError(.contentTooLarge, code: "too-large", message: "a validation handshake is one small event")
        }
        guard case .subscriptionValidation(let validation)? = try? EventGridNotification.parse(Array(body.readableBytesView), eventTypeHeader: "SubscriptionValidation") else {
            throw APIError(.badRequest, code: "invalid-handshake", message: "aeg-event-type says SubscriptionValidation, but the body is not one validation event")
        }
        logger.info("event grid subscription validated (handshake, no token needed)")
        return Self.validated(validation)
    }

    static func validated(_ validation: EventGridSubscriptionValidation) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(bytes: validation.responseBody)))
    }

    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.post(RouterPath(Self.path)) { request, _ -> Response in
            try await handle(request)
        }
    }

    func handle(_ request: Request) async throws -> Response {
        // Microsoft documents the Entra token on event deliveries, not on the validation handshake
        // (learn.microsoft.com/azure/event-grid/secure-webhook-delivery is silent about it): a
        // well-formed handshake is answered without one. It changes nothing; it only echoes its own
        // validation code. Everything else needs the token before its body is read.
        if request.headers[Self.eventTypeHeader]?.lowercased() == "subscriptionvalidation" {
            return try await handshake(request)
        }
        do {
            _ = try await validator.validate(authorizationHeader: request.headers[.authorization])
        } catch {
            if error.code == .signingKeysUnavailable {
                // Event Grid retries a 503: nothing is lost.
                var unavailable = APIError(.serviceUnavailable, code: "keys-unavailable", message: "Entra's signing keys cannot be read right now; try again")
                unavailable.extraHeaders = [.retryAfter: "30"]
                throw unavailable
            }
            logger.warning("event grid request refused", metadata: ["reason": "\(error.code)"])
            var refused = APIError(.unauthorized, code: "invalid-token", message: error.description)
            refused.extraHeaders = [.wwwAuthenticate: "Bearer realm=\"firstkey\", error=\"invalid_token\""]
            throw refused
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maximumBodySize)
        } catch {
            throw APIError(.contentTooLarge, code: "too-large", message: "the body is larger than Event Grid's 1 MB batches")
        }
        let notification: EventGridNotification
        do {
            notification = try EventGridNotification.parse(Array(body.readableBytesView), eventTypeHeader: request.headers[Self.eventTypeHeader])
        } catch {
            throw APIError(.badRequest, code: "invalid-events", message: "the body is not an array of Event Grid events: \(error.detail ?? error.description)")
        }
        switch notification {
        case .subscriptionValidation(let validation):
            logger.info("event grid subscription validated")
            return Self.validated(validation)
        case .deliveryReports(let reports, let ignored):
            let fresh = seen.deduplicator.withLock { deduplicator in reports.filter { report in report.eventID.map { !deduplicator.hasSeen($0) } ?? true } }
            var recorded = 0
            for report in fresh {
                do {
                    if try await engine.record(report) { recorded += 1 }
                } catch {
                    throw APIError(.serviceUnavailable, code: "store-unavailable", message: "the report could not be stored; Event Grid will send it again")
                }
                if let id = report.eventID { seen.deduplicator.withLock { _ = $0.firstSighting(of: id) } }
            }
            logger.info("acs delivery reports", metadata: ["reports": "\(reports.count)", "new": "\(fresh.count)", "ours": "\(recorded)", "ignored": "\(ignored)"])
            return Response(status: .ok)
        }
    }
}
