import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import Testing
@testable import Delivery

/// WebhookChannel against a receiver that checks the signature its own way (HMAC-SHA256 with
/// swift-crypto over `timestamp.body`, as a relay written from docs/delivery.md would) and
/// deduplicates on the payload's `id`.
@Suite struct WebhookChannelTests {
    static let secretText = "relay-secret-canary-0123456789abcdef0123"

    struct Received: Sendable {
        var signatureValid: Bool
        var payload: WebhookPayload?
    }

    static func independentlyValid(_ request: Request, body: [UInt8]) -> Bool {
        guard let timestamp = request.headers[HTTPField.Name("X-Firstkey-Timestamp")!],
              let signature = request.headers[HTTPField.Name("X-Firstkey-Signature")!] else { return false }
        let mac = HMAC<SHA256>.authenticationCode(for: Array(timestamp.utf8) + [UInt8(ascii: ".")] + body, using: SymmetricKey(data: Array(secretText.utf8)))
        let expected = "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
        guard let seconds = Double(timestamp), abs(Date().timeIntervalSince1970 - seconds) < 300 else { return false }
        return expected == signature
    }

    @Test func signedAndDeduplicatedByTheReceiver() async throws {
        let received = Collected<Received>()
        let seen = Mutex<[String: String]>([:])
        try await LoopbackServer.with({ router in
            router.post("/sms") { request, _ -> Response in
                let body = try await request.bodyBytes()
                let payload = try? JSONDecoder.iso8601.decode(WebhookPayload.self, from: Data(body))
                received.append(Received(signatureValid: Self.independentlyValid(request, body: body), payload: payload))
                guard let payload else { return LoopbackServer.response(.badRequest) }
                let id = seen.withLock { seen in
                    if let existing = seen[payload.id] { return existing }
                    seen[payload.id] = "relay-\(seen.count + 1)"
                    return seen[payload.id]!
                }
                return LoopbackServer.response(.accepted, json: #"{"id":"\#(id)"}"#)
            }
        }) { port in
            try await withDeliveryTransport { transport in
                let channel = WebhookChannel(
                    configuration: try WebhookConfiguration(url: URL(string: "http://127.0.0.1:\(port)/sms")!, secret: try WebhookSigningSecret(Self.secretText)),
                    transport: transport, logger: quietLogger)
                let message = Samples.message(channel: .webhook, key: "firstkey/c/deliver/0/pickup-code/webhook")
                let first = try await channel.send(message)
                let again = try await channel.send(message)
                #expect(first.providerMessageID == "relay-1")
                #expect(again.providerMessageID == "relay-1", "the receiver recognised the retry by its id")
                let all = received.all
                let allSigned = all.allSatisfy { $0.signatureValid }
                #expect(all.count == 2 && allSigned)
                #expect(all.first?.payload?.text == message.text)
                #expect(all.first?.payload?.to == "+491701234567")
                #expect(all.first?.payload?.kind == "pickup-code")
            }
        }
    }

    @Test func refusalsAndOutages() async throws {
        try await LoopbackServer.with({ router in
            router.post("/busy") { _, _ in LoopbackServer.response(.serviceUnavailable, json: #"{"error":"maintenance"}"#) }
            router.post("/no") { _, _ in LoopbackServer.response(.unprocessableContent, json: #"{"error":"number not allowed"}"#) }
        }) { port in
            // Connection failures are retried by async-http-client until the connect timeout.
            try await withDeliveryTransport(connectTimeout: .seconds(1)) { transport in
                let secret = try WebhookSigningSecret(Self.secretText)
                func channel(_ path: String) throws -> WebhookChannel {
                    WebhookChannel(configuration: try WebhookConfiguration(url: URL(string: "http://127.0.0.1:\(port)\(path)")!, secret: secret), transport: transport, logger: quietLogger)
            }
            let message = Samples.message(channel: .webhook)
            let busy = try await #require(throws: DeliveryError.self) { try await channel("/busy").send(message) }
            #expect(busy.code == .providerUnavailable && busy.isTransient)
            let no = try await #require(throws: DeliveryError.self) { try await channel("/no").send(message) }
            #expect(no.code == .rejected && !no.isTransient && no.description.contains("number not allowed"))
            let wrongKind = try await #require(throws: DeliveryError.self) { try await channel("/no").send(Samples.message(channel: .sms)) }
            #expect(wrongKind.code == .invalidMessage)
            let closed = WebhookChannel(configuration: try WebhookConfiguration(url: URL(string: "http://127.0.0.1:1/sms")!, secret: secret), transport: transport, logger: quietLogger)
            let unreachable = try await #require(throws: DeliveryError.self) { try await closed.send(message) }
            #expect(unreachable.code == .unreachable && unreachable.isTransient)
            for error in [busy, no, unreachable] { #expect(!error.debugDescription.contains(Self.secretText) && !error.description.contains("4711-0815")) }
            }
        }
    }
}
