import Foundation
import Testing
@testable import Delivery

/// The vector was computed independently with Python:
///
///     "sha256=" + hmac.new(b"webhook-test-secret-0123456789abcdef", b"1700000000." + b'{"id":"k","text":"hi"}', hashlib.sha256).hexdigest()
@Suite struct WebhookTests {
    static let secret = try! WebhookSigningSecret("webhook-test-secret-0123456789abcdef")

    @Test func signatureVector() {
        let body = Array(#"{"id":"k","text":"hi"}"#.utf8)
        let signature = WebhookSignature.sign(body: body, timestamp: 1_700_000_000, secret: Self.secret)
        #expect(signature == "sha256=ebdd9e97a9850d763de27d70344781b6c20d0d653b28f5202b066aeceed345d3")
        let now = Date(timeIntervalSince1970: 1_700_000_100)
        #expect(WebhookSignature.verify(body: body, timestampHeader: "1700000000", signatureHeader: signature, secret: Self.secret, now: now))
        #expect(WebhookSignature.verify(body: body, timestampHeader: "1700000000", signatureHeader: signature.uppercased().replacingOccurrences(of: "SHA256=", with: "sha256="), secret: Self.secret, now: now))
        #expect(!WebhookSignature.verify(body: body + [0x20], timestampHeader: "1700000000", signatureHeader: signature, secret: Self.secret, now: now))
        #expect(!WebhookSignature.verify(body: body, timestampHeader: "1700000001", signatureHeader: signature, secret: Self.secret, now: now))
        #expect(!WebhookSignature.verify(body: body, timestampHeader: "1700000000", signatureHeader: signature, secret: Self.secret, now: now.addingTimeInterval(600)))
        #expect(!WebhookSignature.verify(body: body, timestampHeader: nil, signatureHeader: signature, secret: Self.secret, now: now))
        #expect(!WebhookSignature.verify(body: body, timestampHeader: "1700000000", signatureHeader: String(signature.dropFirst(7)), secret: Self.secret, now: now))
        let other = try! WebhookSigningSecret("another-secret-0123456789abcdef0123")
        #expect(!WebhookSignature.verify(body: body, timestampHeader: "1700000000", signatureHeader: signature, secret: other, now: now))
    }

    @Test func secretsAreLongAndSilent() throws {
        #expect(throws: DeliveryError.self) { try WebhookSigningSecret("short") }
        for text in [String(describing: Self.secret), String(reflecting: Self.secret), "\(Self.secret)"] { #expect(!text.contains("webhook-test-secret")) }
    }

    @Test func signedRequest() throws {
        let configuration = try WebhookConfiguration(url: URL(string: "https://relay.contoso.com/sms")!, secret: Self.secret)
        let message = Samples.message(channel: .webhook, key: "firstkey/c/deliver/0/pickup-code/webhook")
        let request = try WebhookChannel.request(for: message, configuration: configuration, now: Date(timeIntervalSince1970: 1_740_000_123.9))
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(body == #"{"channel":"webhook","firstAttemptAt":"2025-02-19T21:20:00Z","html":null,"id":"firstkey/c/deliver/0/pickup-code/webhook","kind":"pickup-code","language":"en","subject":null,"tag":"case-1","text":"Contoso: Your pickup code is 4711-0815.","to":"+491701234567","version":1}"#)
        #expect(request.header("X-Firstkey-Timestamp") == "1740000123")
        #expect(request.header("X-Firstkey-Idempotency-Key") == "firstkey/c/deliver/0/pickup-code/webhook")
        #expect(WebhookSignature.verify(body: request.body, timestampHeader: request.header("X-Firstkey-Timestamp"), signatureHeader: request.header("X-Firstkey-Signature"),
                                        secret: Self.secret, now: Date(timeIntervalSince1970: 1_740_000_130)))
        let decoded = try JSONDecoder.iso8601.decode(WebhookPayload.self, from: Data(request.body))
        #expect(decoded == WebhookPayload(message))
    }

    @Test func configuration() throws {
        #expect(throws: DeliveryError.self) { try WebhookConfiguration(url: URL(string: "http://relay.contoso.com/sms")!, secret: Self.secret) }
        _ = try WebhookConfiguration(url: URL(string: "http://127.0.0.1:8080/sms")!, secret: Self.secret)
    }

    private func interpret(_ response: DeliveryHTTPResponse) -> Result<DeliveryReceipt, DeliveryError> {
        WebhookChannel.interpret(response, for: Samples.message(channel: .webhook), now: Samples.epoch)
    }

    @Test func answers() throws {
        #expect(try interpret(.json(202, #"{"id":"relay-42"}"#)).get().providerMessageID == "relay-42")
        #expect(try interpret(.json(200, #"{"messageId":"m-1"}"#)).get().providerMessageID == "m-1")
        #expect(try interpret(DeliveryHTTPResponse(status: 204)).get().providerMessageID == nil)
        let throttled = try #require(interpret(DeliveryHTTPResponse(status: 429, headers: [DeliveryHTTPHeader("Retry-After", "Wed, 19 Feb 2025 21:20:30 GMT")])).failure)
        #expect(throttled.isTransient && throttled.retryAfter == .seconds(30))
        let outage = try #require(interpret(.json(502, "bad gateway")).failure)
        #expect(outage.isTransient && outage.mayHaveBeenSent && outage.code == .providerUnavailable)
        let refused = try #require(interpret(.json(422, #"{"error":"number blocked"}"#)).failure)
        #expect(!refused.isTransient && refused.code == .rejected && refused.description.contains("number blocked"))
        let echo = try #require(interpret(.json(400, "bad text: Contoso: Your pickup code is 4711-0815.")).failure)
        #expect(!echo.description.contains("4711-0815"))
        #expect(try #require(interpret(DeliveryHTTPResponse(status: 401)).failure).code == .unauthorized)
    }
}

extension JSONDecoder {
    static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
