import Foundation
import Logging
import Onboarding
import Synchronization
import TestSupport
@testable import Delivery

let quietLogger = Logger(label: "delivery-tests", factory: { _ in SwiftLogNoOpLogHandler() })

enum Samples {
    static let epoch = Date(timeIntervalSince1970: 1_740_000_000)

    static func message(
        channel: DeliveryChannelKind = .sms, recipient: String = "+491701234567", text: String = "Contoso: Your pickup code is 4711-0815.",
        subject: String? = nil, html: String? = nil, key: String = "firstkey/case-1/deliver/0/pickup-code/sms", tag: String = "case-1",
        kind: DeliveryMessageKind? = .pickupCode, firstAttemptAt: Date = epoch, sensitive: [String] = ["4711-0815"], language: DeliveryLanguage = .english
    ) -> DeliveryMessage {
        DeliveryMessage(
            channel: channel, recipient: recipient, subject: subject, text: text, html: html, language: language,
            idempotencyKey: DeliveryIdempotencyKey(key)!, tag: tag, kind: kind, firstAttemptAt: firstAttemptAt, sensitiveValues: sensitive)
    }

    static let allRecipients = Recipients(mobilePhone: "+491701234567", privateEmail: "kathy@example.org", managerEmail: "boss@contoso.com")

    static func composer(organization: String = "Contoso", help: String? = "the IT service desk") throws -> DeliveryComposer {
        DeliveryComposer(templates: try DeliveryTemplates(), organizationName: organization, helpContact: help, timeZone: TimeZone(identifier: "Europe/Berlin")!)
    }

    static func content(code: String = "K7P2-9QX4", link: String = "https://firstkey.contoso.com/pickup/tok-ABCDEF0123456789", language: DeliveryLanguage = .english) -> DeliveryContent {
        DeliveryContent(
            username: "kathy.example@contoso.com", displayName: "Kathy Example", pickupLink: URL(string: link), pickupCode: code,
            pickupExpiresAt: epoch.addingTimeInterval(3 * 86_400), portalLink: URL(string: "https://firstkey.contoso.com/portal"),
            hireDate: epoch.addingTimeInterval(7 * 86_400), hireLanguage: language, managerLanguage: language)
    }
}

extension DeliveryHTTPResponse {
    static func json(_ status: Int, _ text: String, headers: [DeliveryHTTPHeader] = []) -> DeliveryHTTPResponse {
        DeliveryHTTPResponse(status: status, headers: [DeliveryHTTPHeader("Content-Type", "application/json")] + headers, body: Array(text.utf8))
    }
}

/// A transport that answers from a closure and records every request.
final class ScriptedTransport: DeliveryHTTPTransport {
    typealias Handler = @Sendable (DeliveryHTTPRequest) throws(DeliveryError) -> DeliveryHTTPResponse
    private let handler: Handler
    private let recorded = Mutex<[DeliveryHTTPRequest]>([])

    init(_ handler: @escaping Handler) { self.handler = handler }

    var requests: [DeliveryHTTPRequest] { recorded.withLock { $0 } }

    func send(_ request: DeliveryHTTPRequest, timeout: Duration) async throws(DeliveryError) -> DeliveryHTTPResponse {
        recorded.withLock { $0.append(request) }
        return try handler(request)
    }
}
