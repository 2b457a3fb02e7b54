import Foundation
import Testing
@testable import Delivery

/// Signature vectors computed independently with Python:
///
///     base64.b64encode(hmac.new(token.encode(), (url + "".join(k + v for k, v in sorted(params))).encode(), hashlib.sha1).digest())
///
/// The first is the example of Twilio's own validator tests (token `12345`).
@Suite struct TwilioRequestValidatorTests {
    static let docsURL = "https://mycompany.com/myapp.php?foo=1&bar=2"
    static let docsParameters = [("Digits", "1234"), ("To", "+18005551212"), ("From", "+12349013030"), ("Caller", "+12349013030"), ("CallSid", "CA1234567890ABCDE")]

    @Test func twilioExample() {
        let validator = TwilioRequestValidator(authToken: "12345")
        #expect(validator.signature(url: Self.docsURL, parameters: Self.docsParameters) == "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
        #expect(validator.isValid(signature: "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", url: Self.docsURL, parameters: Self.docsParameters))
        #expect(!validator.isValid(signature: "0/KCTR6DLpKmkAf8muzZqo1nDgQ", url: Self.docsURL, parameters: Self.docsParameters))
        #expect(!validator.isValid(signature: "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", url: Self.docsURL + "&x=1", parameters: Self.docsParameters))
        #expect(!TwilioRequestValidator(authToken: "12346").isValid(signature: "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", url: Self.docsURL, parameters: Self.docsParameters))
        #expect(!validator.isValid(signature: nil, url: Self.docsURL, parameters: Self.docsParameters))
    }

    static let statusParameters = [
        ("MessageSid", "SM0123456789abcdef0123456789abcdef"), ("MessageStatus", "undelivered"), ("ErrorCode", "30003"),
        ("To", "+491701234567"), ("AccountSid", "AC0123456789abcdef0123456789abcdef"),
    ]

    @Test func portVariants() {
        let validator = TwilioRequestValidator(authToken: "test-auth-token-canary-000")
        let withPort = "https://firstkey.example.com:8443/api/v1/delivery/twilio/status"
        let withoutPort = "https://firstkey.example.com/api/v1/delivery/twilio/status"
        #expect(validator.signature(url: withPort, parameters: Self.statusParameters) == "p+4F5zBYETtbTphmvtTNggifPiY=")
        #expect(validator.signature(url: withoutPort, parameters: Self.statusParameters) == "Vp1bBL2iCB6GG8qwDLFTIwG/ces=")
        // Twilio may have signed the URL without the port it requested.
        #expect(validator.isValid(signature: "Vp1bBL2iCB6GG8qwDLFTIwG/ces=", url: withPort, parameters: Self.statusParameters))
        #expect(validator.isValid(signature: "p+4F5zBYETtbTphmvtTNggifPiY=", url: withPort, parameters: Self.statusParameters))
        #expect(TwilioRequestValidator.urlVariants(withoutPort) == [withoutPort, "https://firstkey.example.com:443/api/v1/delivery/twilio/status"])
    }

    @Test func formBody() {
        let validator = TwilioRequestValidator(authToken: "test-auth-token-canary-000")
        let body = Array(FormEncoding.encode(Self.statusParameters).utf8)
        #expect(validator.isValid(signature: "Vp1bBL2iCB6GG8qwDLFTIwG/ces=", url: "https://firstkey.example.com/api/v1/delivery/twilio/status", formBody: body))
    }
}

@Suite struct TwilioMessagesTests {
    static let accountSID = "AC0123456789abcdef0123456789abcdef"

    private func configuration(_ credential: TwilioCredential = .authToken("token-canary-0001"), sender: TwilioSender = .phoneNumber("+15017122661"),
                               callback: URL? = URL(string: "https://firstkey.contoso.com/api/v1/delivery/twilio/status")) throws -> TwilioConfiguration {
        try TwilioConfiguration(accountSID: Self.accountSID, credential: credential, sender: sender, statusCallback: callback, validityPeriod: .seconds(3600))
    }

    @Test func formRequest() throws {
        let built = try TwilioMessageRequest(message: Samples.message(text: "Code 4711-0815 & more: ü"), configuration: try configuration())
        #expect(built.request.url.absoluteString == "https://api.twilio.com/2010-04-01/Accounts/\(Self.accountSID)/Messages.json")
        #expect(built.request.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(built.request.header("Authorization") == "Basic " + Data("\(Self.accountSID):token-canary-0001".utf8).base64EncodedString())
        #expect(String(decoding: built.request.body, as: UTF8.self)
            == "To=%2B491701234567&From=%2B15017122661&Body=Code%204711-0815%20%26%20more%3A%20%C3%BC&StatusCallback=https%3A%2F%2Ffirstkey.contoso.com%2Fapi%2Fv1%2Fdelivery%2Ftwilio%2Fstatus&ValidityPeriod=3600")
        #expect(FormEncoding.decode(String(decoding: built.request.body, as: UTF8.self)).map(\.1)[2] == "Code 4711-0815 & more: ü")
    }

    @Test func apiKeyAndMessagingService() throws {
        let key = "SK0123456789abcdef0123456789abcdef"
        let built = try TwilioMessageRequest(
            message: Samples.message(), configuration: try configuration(.apiKey(sid: key, secret: "key-secret-canary"), sender: .messagingService("MG0123456789abcdef0123456789abcdef"), callback: nil))
        #expect(built.request.header("Authorization") == "Basic " + Data("\(key):key-secret-canary".utf8).base64EncodedString())
        #expect(built.request.url.path == "/2010-04-01/Accounts/\(Self.accountSID)/Messages.json")
        #expect(built.fields.map(\.0) == ["To", "MessagingServiceSid", "Body", "ValidityPeriod"])
    }

    @Test func configurationIsChecked() throws {
        func refused(_ build: () throws -> TwilioConfiguration) -> Bool { (try? build()) == nil }
        #expect(refused { try TwilioConfiguration(accountSID: "AC123", credential: .authToken("t"), sender: .phoneNumber("+1")) })
        #expect(refused { try TwilioConfiguration(accountSID: Self.accountSID, credential: .apiKey(sid: "AK1", secret: "s"), sender: .phoneNumber("+1")) })
        #expect(refused { try TwilioConfiguration(accountSID: Self.accountSID, credential: .authToken(""), sender: .phoneNumber("+1")) })
        #expect(refused { try TwilioConfiguration(accountSID: Self.accountSID, credential: .authToken("t"), sender: .messagingService("MG1")) })
        #expect(refused { try TwilioConfiguration(accountSID: Self.accountSID, credential: .authToken("t"), sender: .phoneNumber("+1"), validityPeriod: .seconds(0)) })
        #expect(refused { try TwilioConfiguration(accountSID: Self.accountSID, credential: .authToken("t"), sender: .phoneNumber("+1"), baseURL: URL(string: "http://api.twilio.com")!) })
        #expect(!refused { try TwilioConfiguration(accountSID: Self.accountSID, credential: .authToken("t"), sender: .phoneNumber("+1"), baseURL: URL(string: "http://127.0.0.1:9")!) })
        for text in [String(describing: TwilioCredential.authToken("tok-canary")), String(reflecting: TwilioCredential.apiKey(sid: "SK1", secret: "sec-canary"))] {
            #expect(!text.contains("canary"))
        }
    }

    private func interpret(_ response: DeliveryHTTPResponse) -> Result<DeliveryReceipt, DeliveryError> {
        TwilioMessageResponse.interpret(response, for: Samples.message(), now: Samples.epoch)
    }

    @Test func created() throws {
        let receipt = try interpret(.json(201, #"{"sid":"SM0123456789abcdef0123456789abcdef","status":"queued","error_code":null,"error_message":null,"num_segments":"1"}"#)).get()
        #expect(receipt.status == .accepted)
        #expect(receipt.providerMessageID == "SM0123456789abcdef0123456789abcdef")
        let failedAtOnce = try interpret(.json(201, #"{"sid":"SM1","status":"failed","error_code":30005}"#)).get()
        #expect(failedAtOnce.status == .failed(reason: "Twilio reports the SMS as failed (error 30005: the number is unknown or no longer in use)"))
    }

    @Test func errors() throws {
        let invalid = try #require(interpret(.json(400, #"{"code":21211,"message":"The 'To' number +491701234567 is not a valid phone number.","more_info":"https://www.twilio.com/docs/errors/21211","status":400}"#)).failure)
        #expect(invalid.code == .invalidRecipient && !invalid.isTransient)
        #expect(invalid.providerCode == "21211")
        #expect(invalid.moreInfo == "https://www.twilio.com/docs/errors/21211")
        #expect(invalid.description.contains("https://www.twilio.com/docs/errors/21211"))
        let unauthorized = try #require(interpret(.json(401, #"{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}"#)).failure)
        #expect(unauthorized.code == .unauthorized && unauthorized.description.contains("API key"))
        let throttled = try #require(interpret(.json(429, #"{"code":20429,"message":"Too Many Requests","status":429}"#, headers: [DeliveryHTTPHeader("Retry-After", "2")])).failure)
        #expect(throttled.code == .throttled && throttled.isTransient && throttled.retryAfter == .seconds(2))
        let outage = try #require(interpret(.json(500, "oops")).failure)
        #expect(outage.code == .providerUnavailable && outage.isTransient && outage.mayHaveBeenSent)
        let garbage = try #require(interpret(.json(201, "{}")).failure)
        #expect(garbage.code == .unexpectedResponse)
    }

    @Test func statusCallbacks() throws {
        let failed = try #require(TwilioStatusCallback.parse(parameters: TwilioRequestValidatorTests.statusParameters))
        #expect(failed.providerMessageID == "SM0123456789abcdef0123456789abcdef")
        #expect(failed.status == .failed(reason: "Twilio reports the SMS as undelivered (error 30003: the handset is unreachable (switched off or out of coverage))"))
        #expect(failed.providerErrorCode == "30003")
        #expect(failed.maskedRecipient == "+49••••••••67")
        let delivered = try #require(TwilioStatusCallback.parse(formBody: Array("MessageSid=SM1&MessageStatus=delivered&SmsSid=SM1&SmsStatus=delivered".utf8)))
        #expect(delivered.status == .delivered)
        let sent = try #require(TwilioStatusCallback.parse(formBody: Array("SmsSid=SM2&SmsStatus=sent".utf8)))
        #expect(sent.status == .accepted && sent.providerStatus == "sent")
        #expect(TwilioStatusCallback.parse(formBody: Array("MessageStatus=sent".utf8)) == nil)
    }

    @Test func formEncodingRoundTrip() {
        let fields = [("a b", "c+d&e=f"), ("ü", "%zz"), ("empty", "")]
        #expect(FormEncoding.decode(FormEncoding.encode(fields)).map { "\($0.0)|\($0.1)" } == fields.map { "\($0.0)|\($0.1)" })
        #expect(FormEncoding.decode("x=1+2&y=%41%2&z").map { "\($0.0)|\($0.1)" } == ["x|1 2", "y|A%2", "z|"])
    }
}
