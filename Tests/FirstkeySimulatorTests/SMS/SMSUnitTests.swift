@testable import FirstkeySimulator
import Foundation
import Testing

/// The SMS simulators' pure parts: numbers, segments, dates, signatures, repeatability, retries.
@Suite("SMS units")
struct SMSUnitTests {
    @Test("E.164: + and 7–15 digits, no leading 0, North America exactly +1 and ten digits")
    func e164() {
        for valid in ["+11234567890", "+18005550100", "+447700900123", "+4915112345678", "+6831234"] {
            #expect(E164PhoneNumber.isValid(valid), "\(valid)")
        }
        for invalid in ["+112345678901", "+1425555012345", "11234567890", "+0123456789", "+1 5555551234", "+123456", "+1234567890123456", "", "+", "+44abc"] {
            #expect(!E164PhoneNumber.isValid(invalid), "\(invalid)")
        }
        #expect(E164PhoneNumber.digits("+15555555555") == "15555555555")
    }

    @Test("segments: GSM-7 160/153, extension characters count twice, UCS-2 70/67")
    func segments() {
        #expect(SMSSegments.count("") == 1)
        #expect(SMSSegments.count(String(repeating: "a", count: 160)) == 1)
        #expect(SMSSegments.count(String(repeating: "a", count: 161)) == 2)
        #expect(SMSSegments.count(String(repeating: "a", count: 306)) == 2)
        #expect(SMSSegments.count(String(repeating: "a", count: 307)) == 3)
        #expect(SMSSegments.count(String(repeating: "€", count: 80)) == 1)
        #expect(SMSSegments.count(String(repeating: "€", count: 81)) == 2)
        #expect(SMSSegments.count(String(repeating: "ł", count: 70)) == 1)
        #expect(SMSSegments.count(String(repeating: "ł", count: 71)) == 2)
        #expect(SMSSegments.count("Hi 👋") == 1)
    }

    @Test("IMF-fixdate: formats and parses strictly (weekday must match, no rollover)")
    func dates() throws {
        let date = try #require(InternetDate.parseIMFFixdate("Mon, 01 Apr 2019 06:22:03 GMT"))
        #expect(date.timeIntervalSince1970 == 1_554_099_723)
        #expect(InternetDate.imfFixdate(date) == "Mon, 01 Apr 2019 06:22:03 GMT")
        #expect(InternetDate.rfc2822(date) == "Mon, 01 Apr 2019 06:22:03 +0000")
        for invalid in ["Tue, 01 Apr 2019 06:22:03 GMT", "Mon, 1 Apr 2019 06:22:03 GMT", "Mon, 01 Apr 2019 06:22:03 UTC", "Thu, 31 Feb 2019 06:22:03 GMT",
                        "2019-04-01T06:22:03Z", "Mon, 01 Apr 2019 24:22:03 GMT"]
        {
            #expect(InternetDate.parseIMFFixdate(invalid) == nil, "\(invalid)")
        }
    }

    @Test("X-Twilio-Signature matches Twilio's published vectors (sorted names, repeated values sorted and deduplicated)")
    func twilioSignature() {
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
        let parameters: [(name: String, value: String)] = [("CallSid", "CA1234567890ABCDE"), ("Caller", "+14158675309"), ("Digits", "1234"),
                                                           ("From", "+14158675309"), ("To", "+18005551212")]
        #expect(TwilioSignature.compute(url: url, parameters: parameters, authToken: "12345") == "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
        #expect(TwilioSignature.compute(url: url, parameters: parameters.reversed(), authToken: "12345") == "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
        let repeated: [(name: String, value: String)] = [("Sid", "CA123"), ("SidAccount", "AC123"), ("Digits", "5678"), ("Digits", "1234"), ("Digits", "1234")]
        #expect(TwilioSignature.compute(url: url, parameters: repeated, authToken: "12345") == "IK+Dwps556ElfBT0I3Rgjkr1wJU=")
        #expect(TwilioSignature.compute(url: url + "&x=1", parameters: parameters, authToken: "12345") != "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
    }

    @Test("ACS HMAC: string-to-sign joins header values; every failure is told apart")
    func communicationHMAC() throws {
        #expect(CommunicationHMAC.stringToSign(method: "post", pathAndQuery: "/sms?api-version=2021-03-07", date: "D", host: "h:1", contentHash: "H")
            == "POST\n/sms?api-version=2021-03-07\nD;h:1;H")
        #expect(CommunicationHMAC.contentHash([]) == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
        let resource = SimulatedCommunicationResource(name: "r", phoneNumbers: [])
        let key = try #require(resource.keyBytes)
        let now = Date()
        let date = InternetDate.imfFixdate(now)
        let body = Array("{}".utf8)
        let hash = CommunicationHMAC.contentHash(body)
        func request(date: String? = date, hash: String? = hash, host: String? = "127.0.0.1:8", authorization: String? = nil, body: [UInt8] = body) -> CommunicationHMAC.Request {
            let signature = CommunicationHMAC.signature(CommunicationHMAC.stringToSign(method: "POST", pathAndQuery: "/sms", date: date ?? "", host: "127.0.0.1:8",
                                                                                       contentHash: hash ?? ""), key: key)
            return .init(method: "POST", pathAndQuery: "/sms", host: host, date: date, contentHash: hash,
                         authorization: authorization ?? "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=\(signature)", body: body)
        }
        #expect((try? CommunicationHMAC.authenticate(request(), resources: [resource], now: now).get())?.name == "r")
        func failure(_ request: CommunicationHMAC.Request, resources: [SimulatedCommunicationResource] = [resource]) -> CommunicationHMAC.Failure? {
            if case .failure(let failure) = CommunicationHMAC.authenticate(request, resources: resources, now: now) { return failure }
            return nil
        }
        #expect(failure(request(authorization: "Bearer x")) == .unsupportedScheme)
        #expect(failure(request(authorization: "HMAC-SHA256 Signature=abc")) == .malformedAuthorization)
        #expect(failure(request(authorization: "HMAC-SHA256 SignedHeaders=host;x-ms-date;x-ms-content-sha256&Signature=AAAA")) == .unsupportedSignedHeaders)
        #expect(failure(request(date: nil)) == .missingDate)
        #expect(failure(request(date: "yesterday")) == .malformedDate)
        #expect(failure(request(date: InternetDate.imfFixdate(now.addingTimeInterval(-16 * 60)))) == .staleDate)
        #expect(failure(request(date: InternetDate.imfFixdate(now.addingTimeInterval(16 * 60)))) == .staleDate)
        #expect(failure(request(hash: nil)) == .missingContentHash)
        #expect(failure(request(body: Array("{ }".utf8))) == .contentHashMismatch)
        #expect(failure(request(host: nil)) == .missingHost)
        #expect(failure(request(host: "127.0.0.1:9")) == .signatureMismatch)
        #expect(failure(request(), resources: [SimulatedCommunicationResource(name: "other", phoneNumbers: [])]) == .signatureMismatch)
    }

    @Test("repeatability: GUID and IMF-fixdate required, 5-minute window, replay only the same request")
    func repeatability() {
        let now = Date()
        let id = UUID().uuidString
        let sent = InternetDate.imfFixdate(now)
        #expect(SMSRepeatability.decide(requestID: nil, firstSent: nil, fingerprint: "f", resourceName: "r", records: [:], now: now) == .notRequested)
        guard case .new(let key, _) = SMSRepeatability.decide(requestID: id, firstSent: sent, fingerprint: "f", resourceName: "R", records: [:], now: now) else {
            Issue.record("expected a new request")
            return
        }
        #expect(key == "r/\(id.lowercased())")
        let records = [key: SMSRepeatabilityRecord(fingerprint: "f", result: ["to": "+1"], firstSent: now)]
        #expect(SMSRepeatability.decide(requestID: id.lowercased(), firstSent: sent, fingerprint: "f", resourceName: "r", records: records, now: now) == .replay(["to": "+1"]))
        #expect(SMSRepeatability.decide(requestID: id, firstSent: sent, fingerprint: "g", resourceName: "r", records: records, now: now)
            == .rejected(status: 400, message: "The repeated request does not match the original request."))
        if case .rejected(let status, _) = SMSRepeatability.decide(requestID: "not-a-guid", firstSent: sent, fingerprint: "f", resourceName: "r", records: [:], now: now) {
            #expect(status == 400)
        } else { Issue.record("a bad GUID must be rejected") }
        if case .rejected(let status, _) = SMSRepeatability.decide(requestID: id, firstSent: nil, fingerprint: "f", resourceName: "r", records: [:], now: now) {
            #expect(status == 400)
        } else { Issue.record("a missing date must be rejected") }
        if case .rejected(let status, _) = SMSRepeatability.decide(requestID: id, firstSent: InternetDate.imfFixdate(now.addingTimeInterval(-301)), fingerprint: "f",
                                                                    resourceName: "r", records: records, now: now)
        {
            #expect(status == 412)
        } else { Issue.record("an old first-sent must be rejected") }
    }

    @Test("Event Grid: 200–204 delivered; 400/401/403/413 dropped; others retried four times; handshake answers")
    func eventGridPolicies() {
        #expect(EventGridRetryPolicy.decide(responseStatus: 200, attempt: 0) == .delivered)
        #expect(EventGridRetryPolicy.decide(responseStatus: 204, attempt: 0) == .delivered)
        #expect(EventGridRetryPolicy.decide(responseStatus: 205, attempt: 0) == .retry(after: .milliseconds(250)))
        for status in [400, 401, 403, 413] { #expect(EventGridRetryPolicy.decide(responseStatus: status, attempt: 0) == .drop) }
        #expect(EventGridRetryPolicy.decide(responseStatus: 503, attempt: 3) == .retry(after: .seconds(2)))
        #expect(EventGridRetryPolicy.decide(responseStatus: nil, attempt: 4) == .drop)
        #expect(EventGridHandshake.evaluate(status: 200, body: Array(#"{"validationResponse":"ABC"}"#.utf8), code: "abc") == .validated)
        #expect(EventGridHandshake.evaluate(status: 200, body: Array(#"{"validationResponse":"x"}"#.utf8), code: "abc") == .wrongCode)
        #expect(EventGridHandshake.evaluate(status: 200, body: [], code: "abc") == .manualValidationRequired)
        #expect(EventGridHandshake.evaluate(status: 202, body: Array(#"{"validationResponse":"abc"}"#.utf8), code: "abc") == .refused(status: 202))
    }

    @Test("Twilio callbacks: sent → delivered | undelivered; failed directly; silent stops at sent; a Messaging Service reports queued first")
    func twilioSteps() {
        typealias Step = TwilioStatusCallback.Step
        #expect(TwilioStatusCallback.steps(for: .delivered, throughMessagingService: false) == [Step(status: .sent), Step(status: .delivered)])
        #expect(TwilioStatusCallback.steps(for: .undelivered(errorCode: 30003), throughMessagingService: false)
            == [Step(status: .sent), Step(status: .undelivered, errorCode: 30003)])
        #expect(TwilioStatusCallback.steps(for: .failed(errorCode: 30008), throughMessagingService: false) == [Step(status: .failed, errorCode: 30008)])
        #expect(TwilioStatusCallback.steps(for: .silent, throughMessagingService: true) == [Step(status: .queued), Step(status: .sent)])
    }

    @Test("webhook URLs: http(s) on loopback only")
    func webhookURLs() throws {
        let url = try WebhookURL("http://127.0.0.1:8080/hooks/sms?code=1#frag")
        #expect(url.port == 8080)
        #expect(url.authority == "127.0.0.1:8080")
        #expect(url.target == "/hooks/sms?code=1")
        #expect(try WebhookURL("https://localhost/x").port == 443)
        #expect(try WebhookURL("http://[::1]:9/").host == "::1")
        #expect(throws: WebhookURL.Problem.notLoopback) { try WebhookURL("https://firstkey.example.com/hooks") }
        #expect(throws: WebhookURL.Problem.notLoopback) { try WebhookURL("http://10.0.0.1/hooks") }
        #expect(throws: WebhookURL.Problem.notHTTP) { try WebhookURL("ftp://127.0.0.1/x") }
        #expect(throws: WebhookURL.Problem.notHTTP) { try WebhookURL("/relative") }
    }
}
