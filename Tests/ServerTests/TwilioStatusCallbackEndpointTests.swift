import Delivery
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Onboarding
import OnboardingEngine
import Store
import Testing
import TestSupport
@testable import Server

/// Twilio's status callbacks through real HTTP requests against the router, with a real SQLite store.
@Suite struct TwilioStatusCallbackEndpointTests {
    static let url = "https://firstkey.contoso.test/webhooks/twilio/status"
    static let token = "twilio-auth-token-\(UUID().uuidString)"

    static func withEndpoint(_ body: @escaping @Sendable (SQLiteCaseStore, CaseID, any TestClientProtocol) async throws -> Void) async throws {
        TestSecrets.record(token)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-twilio-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        let now = Date()
        let onboarding = OnboardingCase(intakeKey: "employee:T1", identity: HireIdentity(employeeID: "T1"), hireDate: now.addingTimeInterval(7 * 86400),
                                        deliveryMode: .temporaryPassword, recipients: Recipients(mobilePhone: "+15550100123"), source: "api", createdAt: now)
        _ = try await store.createCase(CaseLifecycle().start(onboarding, at: now, actor: "test").updated, audit: [])
        try await store.saveDelivery(DeliveryRecord(key: "firstkey/\(onboarding.id)/deliver/0/pickup-code/sms", caseID: onboarding.id, round: 0, kind: "pickup-code",
                                                    channel: "sms", destination: "hire-mobile-phone", maskedRecipient: "+15•••23", status: .accepted,
                                                    provider: "twilio", providerMessageID: "SM0123456789abcdef0123456789abcdef", firstAttemptAt: now, updatedAt: now))
        let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(), runner: NoRunner())
        let router = Router(context: AdminRequestContext.self)
        TwilioStatusCallbackEndpoint(authToken: token, callbackURL: url, engine: engine).addRoutes(to: router)
        do {
            try await Application(router: router).test(.router) { client in try await body(store, onboarding.id, client) }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    static let fields = [("AccountSid", "AC0123456789abcdef0123456789abcdef"), ("ErrorCode", "30003"), ("MessageSid", "SM0123456789abcdef0123456789abcdef"),
                         ("MessageStatus", "undelivered"), ("To", "+15550100123")]

    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return ByteBuffer(string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&"))
    }

    static func headers(signature: String?) -> HTTPFields {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let signature { headers[HTTPField.Name("X-Twilio-Signature")!] = signature }
        return headers
    }

    @Test func aSignedReportOfAnUndeliveredSMSIsRecordedAndAudited() async throws {
        try await Self.withEndpoint { store, caseID, client in
            let signature = TwilioRequestValidator(authToken: Self.token).signature(url: Self.url, parameters: Self.fields)
            try await client.execute(uri: TwilioStatusCallbackEndpoint.path, method: .post, headers: Self.headers(signature: signature), body: Self.form(Self.fields)) {
                #expect($0.status == .noContent)
            }
            let record = try #require(try await store.deliveries(for: caseID).first)
            #expect(record.status == .failed && record.detail?.contains("30003") == true)
            #expect(try await store.auditTrail(of: caseID).contains { $0.event == "delivery.failed" && $0.actor == "provider:twilio" })
        }
    }

    @Test func anUnsignedOrForgedReportChangesNothing() async throws {
        try await Self.withEndpoint { store, caseID, client in
            let forged = TwilioRequestValidator(authToken: "another-token").signature(url: Self.url, parameters: Self.fields)
            for signature in [nil, "", forged] {
                try await client.execute(uri: TwilioStatusCallbackEndpoint.path, method: .post, headers: Self.headers(signature: signature), body: Self.form(Self.fields)) {
                    #expect($0.status == .forbidden)
                }
            }
            // signed for other fields than were sent
            let tampered = Self.fields.map { $0.0 == "MessageStatus" ? ($0.0, "delivered") : $0 }
            let signature = TwilioRequestValidator(authToken: Self.token).signature(url: Self.url, parameters: Self.fields)
            try await client.execute(uri: TwilioStatusCallbackEndpoint.path, method: .post, headers: Self.headers(signature: signature), body: Self.form(tampered)) {
                #expect($0.status == .forbidden)
            }
            // signed but naming no message
            let empty = [("MessageStatus", "failed")]
            let signedEmpty = TwilioRequestValidator(authToken: Self.token).signature(url: Self.url, parameters: empty)
            try await client.execute(uri: TwilioStatusCallbackEndpoint.path, method: .post, headers: Self.headers(signature: signedEmpty), body: Self.form(empty)) {
                #expect($0.status == .badRequest)
            }
            #expect(try await store.deliveries(for: caseID).first?.status == .accepted)
            #expect(try await !store.auditTrail(of: caseID).contains { $0.event.hasPrefix("delivery.") })
        }
    }
}
