import Foundation
import Testing
@testable import Delivery

/// The expected values were computed independently with Python's hmac/hashlib:
///
///     key = base64.b64decode("Zmlyc3RrZXktdGVzdC1hY3MtYWNjZXNzLWtleS1ub3QtYS1zZWNyZXQtMDEyMzQ1Njc4OQ==")
///     body = b'{"from":"+18001110000","message":"Hello world!","smsRecipients":[{"to":"+11234567890"}],"smsSendOptions":{"enableDeliveryReport":true,"tag":"tap-123"}}'
///     hash = base64.b64encode(hashlib.sha256(body).digest())
///     sts = "POST\n/sms?api-version=2021-03-07\nMon, 01 Apr 2019 06:22:03 GMT;contoso-sms.communication.azure.com;" + hash
///     base64.b64encode(hmac.new(key, sts.encode(), hashlib.sha256).digest())
@Suite struct ACSSigningTests {
    static let key = "Zmlyc3RrZXktdGVzdC1hY3MtYWNjZXNzLWtleS1ub3QtYS1zZWNyZXQtMDEyMzQ1Njc4OQ=="
    static let body = Array(#"{"from":"+18001110000","message":"Hello world!","smsRecipients":[{"to":"+11234567890"}],"smsSendOptions":{"enableDeliveryReport":true,"tag":"tap-123"}}"#.utf8)
    static let date = Date(timeIntervalSince1970: 1_554_099_723)  // Mon, 01 Apr 2019 06:22:03 GMT

    @Test func contentHash() {
        #expect(ACSRequestSigner.contentHash(Self.body) == "Nk0YdYtT6NI3+yhfy4hqw2oBI3vIqgVu/4Mbrmx+7lY=")
        #expect(ACSRequestSigner.contentHash([]) == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
    }

    @Test func dateFormat() {
        #expect(HTTPDate.format(Self.date) == "Mon, 01 Apr 2019 06:22:03 GMT")
        #expect(HTTPDate.parse("Mon, 01 Apr 2019 06:22:03 GMT") == Self.date)
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }

    @Test func signatureMatchesTheIndependentVector() throws {
        let connection = try ACSConnectionString("endpoint=https://contoso-sms.communication.azure.com/;accesskey=\(Self.key)")
        let signer = ACSRequestSigner(connectionString: connection)
        #expect(signer.host == "contoso-sms.communication.azure.com")
        let stringToSign = ACSRequestSigner.stringToSign(
            method: "post", pathAndQuery: "/sms?api-version=2021-03-07", date: "Mon, 01 Apr 2019 06:22:03 GMT",
            host: "contoso-sms.communication.azure.com", contentHash: "Nk0YdYtT6NI3+yhfy4hqw2oBI3vIqgVu/4Mbrmx+7lY=")
        #expect(stringToSign == "POST\n/sms?api-version=2021-03-07\nMon, 01 Apr 2019 06:22:03 GMT;contoso-sms.communication.azure.com;Nk0YdYtT6NI3+yhfy4hqw2oBI3vIqgVu/4Mbrmx+7lY=")
        #expect(signer.signature(of: stringToSign) == "YWuJLBzyhAAEaj+yBlaU6ZFyM5cDrYWc1I0R5tBJnpM=")

        let headers = signer.headers(method: "POST", pathAndQuery: "/sms?api-version=2021-03-07", body: Self.body, date: Self.date)
        #expect(headers == [
            DeliveryHTTPHeader("x-ms-date", "Mon, 01 Apr 2019 06:22:03 GMT"),
            DeliveryHTTPHeader("x-ms-content-sha256", "Nk0YdYtT6NI3+yhfy4hqw2oBI3vIqgVu/4Mbrmx+7lY="),
            DeliveryHTTPHeader("Authorization", "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=YWuJLBzyhAAEaj+yBlaU6ZFyM5cDrYWc1I0R5tBJnpM="),
        ])
    }

    @Test func connectionStrings() throws {
        let parsed = try ACSConnectionString(" ENDPOINT=https://contoso-sms.communication.azure.com/ ; AccessKey=\(Self.key);")
        #expect(parsed.endpoint.absoluteString == "https://contoso-sms.communication.azure.com")
        #expect(parsed.host == "contoso-sms.communication.azure.com")
        let local = try ACSConnectionString("endpoint=http://127.0.0.1:8081;accesskey=\(Self.key)")
        #expect(local.host == "127.0.0.1:8081")
        for text in [String(describing: parsed), String(reflecting: parsed)] { #expect(!text.contains(Self.key)) }

        for bad in [
            "accesskey=\(Self.key)", "endpoint=https://x.communication.azure.com", "endpoint=https://x.communication.azure.com;accesskey=not base64!",
            "endpoint=http://x.communication.azure.com;accesskey=\(Self.key)", "endpoint;accesskey=\(Self.key)", "endpoint=;accesskey=\(Self.key)",
        ] {
            let error = try #require(throws: DeliveryError.self) { try ACSConnectionString(bad) }
            #expect(error.code == .invalidConfiguration)
            #expect(!error.description.contains(Self.key))
        }
    }
}

@Suite struct ACSSendSMSRequestTests {
    let configuration: ACSSMSConfiguration

    init() throws {
        configuration = try ACSSMSConfiguration(
            connectionString: try ACSConnectionString("endpoint=https://contoso-sms.communication.azure.com/;accesskey=\(ACSSigningTests.key)"),
            from: "+18001110000", validityPeriod: .seconds(3600))
    }

    @Test func bodyAndHeaders() throws {
        let message = Samples.message(text: "Contoso: Your pickup code is 4711-0815.")
        let built = try ACSSendSMSRequest(message: message, configuration: configuration, now: Samples.epoch.addingTimeInterval(10))
        #expect(built.request.url.absoluteString == "https://contoso-sms.communication.azure.com/sms?api-version=2021-03-07")
        #expect(built.repeatabilityFirstSent == "Wed, 19 Feb 2025 21:20:00 GMT")
        let body = String(decoding: built.request.body, as: UTF8.self)
        #expect(body == #"{"from":"+18001110000","message":"Contoso: Your pickup code is 4711-0815.","smsRecipients":[{"repeatabilityFirstSent":"Wed, 19 Feb 2025 21:20:00 GMT","repeatabilityRequestId":"\#(built.repeatabilityRequestID)","to":"+491701234567"}],"smsSendOptions":{"enableDeliveryReport":true,"tag":"case-1","validityPeriodSeconds":3600}}"#)
        #expect(built.request.header("x-ms-content-sha256") == ACSRequestSigner.contentHash(built.request.body))
        #expect(built.request.header("x-ms-date") == "Wed, 19 Feb 2025 21:20:10 GMT")
        #expect(built.request.header("Authorization")?.hasPrefix("HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=") == true)
        #expect(built.request.header("x-ms-return-client-request-id") == "true")
        // The request ID is a GUID (version 8 bits).
        let id = built.repeatabilityRequestID
        #expect(id.count == 36 && UUID(uuidString: id) != nil)
        #expect(Array(id)[14] == "8")
    }

    @Test func retryWithinTheWindowRepeatsTheSameRequest() throws {
        let message = Samples.message()
        let first = try ACSSendSMSRequest(message: message, configuration: configuration, now: Samples.epoch)
        let retry = try ACSSendSMSRequest(message: message, configuration: configuration, now: Samples.epoch.addingTimeInterval(200))
        #expect(first.repeatabilityRequestID == retry.repeatabilityRequestID)
        #expect(first.repeatabilityFirstSent == retry.repeatabilityFirstSent)
        // The signature differs (new date), the message does not.
        #expect(first.request.header("x-ms-date") != retry.request.header("x-ms-date"))

        // Another message (another key) is another request.
        let other = try ACSSendSMSRequest(message: Samples.message(key: "firstkey/case-1/deliver/1/pickup-code/sms"), configuration: configuration, now: Samples.epoch)
        #expect(other.repeatabilityRequestID != first.repeatabilityRequestID)
    }

    @Test func retryAfterTheWindowIsANewRequest() throws {
        let message = Samples.message()
        let late = try ACSSendSMSRequest(message: message, configuration: configuration, now: Samples.epoch.addingTimeInterval(3600))
        #expect(late.repeatabilityFirstSent == HTTPDate.format(Samples.epoch.addingTimeInterval(3600)))
        let first = try ACSSendSMSRequest(message: message, configuration: configuration, now: Samples.epoch)
        #expect(late.repeatabilityRequestID != first.repeatabilityRequestID)
        // A first attempt "in the future" (clock skew) is not trusted.
        let skewed = try ACSSendSMSRequest(message: Samples.message(firstAttemptAt: Samples.epoch.addingTimeInterval(600)), configuration: configuration, now: Samples.epoch)
        #expect(skewed.repeatabilityFirstSent == HTTPDate.format(Samples.epoch))
    }

    @Test func pathAndQueryAsTheSDKSignsIt() throws {
        #expect(ACSSendSMSRequest.pathAndQuery(of: URL(string: "https://h.communication.azure.com/sms?api-version=2021-03-07")!, host: "h.communication.azure.com") == "/sms?api-version=2021-03-07")
        #expect(ACSSendSMSRequest.pathAndQuery(of: URL(string: "http://127.0.0.1:9000/sms?api-version=2021-03-07")!, host: "127.0.0.1:9000") == "/sms?api-version=2021-03-07")
    }
}

@Suite struct ACSResponseTests {
    let message = Samples.message()

    private func interpret(_ response: DeliveryHTTPResponse) -> Result<DeliveryReceipt, DeliveryError> {
        ACSSendSMSResponse.interpret(response, for: message, now: Samples.epoch)
    }

    @Test func accepted() throws {
        let receipt = try interpret(.json(202, #"{"value":[{"to":"+491701234567","messageId":"Outgoing_20250219_abc","httpStatusCode":202,"repeatabilityResult":"accepted","successful":true}]}"#)).get()
        #expect(receipt.status == .accepted)
        #expect(receipt.providerMessageID == "Outgoing_20250219_abc")
        #expect(receipt.provider == .azureCommunicationServices)
        #expect(receipt.idempotencyKey == message.idempotencyKey)
    }

    @Test func recipientWithoutPlus() throws {
        let receipt = try interpret(.json(202, #"{"value":[{"to":"491701234567","messageId":"Outgoing_1","httpStatusCode":202,"successful":true}]}"#)).get()
        #expect(receipt.providerMessageID == "Outgoing_1")
    }

    @Test func invalidNumberIsPermanent() throws {
        let result = interpret(.json(202, #"{"value":[{"to":"+491701234567","httpStatusCode":400,"errorMessage":"Invalid To phone number format.","successful":false}]}"#))
        let error = try #require(result.failure)
        #expect(error.code == .invalidRecipient)
        #expect(!error.isTransient)
        #expect(error.description.contains("Invalid To phone number format."))
        #expect(error.description.contains("+49••••••••67"))
        #expect(!error.description.contains("+491701234567"))
    }

    @Test func repeatabilityOutsideTheWindowIsTransient() throws {
        let error = try #require(interpret(.json(202, #"{"value":[{"to":"+491701234567","httpStatusCode":412,"repeatabilityResult":"rejected","successful":false}]}"#)).failure)
        #expect(error.isTransient)
        #expect(error.providerCode == "repeatability rejected")
        #expect(error.description.contains("NTP"))
    }

    @Test func wholeRequestErrors() throws {
        let unauthorized = try #require(interpret(.json(401, #"{"error":{"code":"Unauthorized","message":"Denied by the authentication policy."}}"#)).failure)
        #expect(unauthorized.code == .unauthorized && !unauthorized.isTransient)
        #expect(unauthorized.description.contains("access key"))
        let throttled = try #require(interpret(.json(429, #"{"error":{"code":"TooManyRequests","message":"slow down"}}"#, headers: [DeliveryHTTPHeader("Retry-After", "7")])).failure)
        #expect(throttled.code == .throttled && throttled.isTransient && throttled.retryAfter == .seconds(7))
        let outage = try #require(interpret(.json(503, "")).failure)
        #expect(outage.code == .providerUnavailable && outage.isTransient && outage.mayHaveBeenSent)
        let bad = try #require(interpret(.json(400, #"{"error":{"code":"BadRequest","message":"Invalid From phone number"}}"#)).failure)
        #expect(bad.code == .rejected && !bad.isTransient && bad.providerCode == "BadRequest")
    }

    @Test func garbageIsUnexpected() throws {
        let error = try #require(interpret(.json(202, "<html>")).failure)
        #expect(error.code == .unexpectedResponse && error.isTransient && error.mayHaveBeenSent)
        let empty = try #require(interpret(.json(202, #"{"value":[]}"#)).failure)
        #expect(empty.code == .unexpectedResponse)
    }

    @Test func anEchoedBodyIsRedacted() throws {
        let error = try #require(interpret(.json(400, #"{"error":{"code":"BadRequest","message":"Message 'Contoso: Your pickup code is 4711-0815.' is invalid"}}"#)).failure)
        #expect(!error.description.contains("4711-0815"))
        #expect(error.description.contains("<redacted>"))
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
