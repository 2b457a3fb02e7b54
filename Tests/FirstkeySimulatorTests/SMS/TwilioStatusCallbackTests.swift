import Crypto
import FirstkeySimulator
import Foundation
import HTTPTypes
import Testing

/// Twilio status callbacks: form POSTs to `StatusCallback`, signed with `X-Twilio-Signature`
/// (checked here with an independent HMAC-SHA1), following the simulated carrier's rule.
@Suite("Twilio status callbacks")
struct TwilioStatusCallbackTests {
    /// twilio-python's RequestValidator, written out: URL + sorted name/value pairs, HMAC-SHA1 with the Auth Token.
    static func expectedSignature(url: String, form: [(name: String, value: String)], authToken: String) -> String {
        var text = url
        for pair in form.sorted(by: { ($0.name, $0.value) < ($1.name, $1.value) }) { text += pair.name + pair.value }
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: Array(authToken.utf8)))
        return Data(mac).base64EncodedString()
    }

    static func value(_ name: String, in request: WebhookReceiver.Received) -> String? {
        request.form.first { $0.name == name }?.value
    }

    @Test("sent then delivered, each signed with the account's Auth Token over the exact callback URL")
    func delivered() async throws {
        try await SMSFixture.with { sms in
            try await WebhookReceiver.with(respond: { _, _ in (.noContent, "") }) { receiver in
                let callback = receiver.baseURL + "/twilio/status?case=42"
                // Sent with an API key: callbacks are still signed with the Auth Token.
                let result = try await sms.sendTwilio([("To", "+15558675310"), ("From", SMSFixture.twilioNumber), ("Body", "Your code is QX-7Z"),
                                                       ("StatusCallback", callback)], user: SMSFixture.apiKeySID, password: SMSFixture.apiKeySecret)
                let sid = try #require(result.json?["sid"]?.stringValue)
                let callbacks = try await receiver.wait(for: 2)
                #expect(callbacks.map { Self.value("MessageStatus", in: $0) } == ["sent", "delivered"])
                for request in callbacks {
                    #expect(request.method == "POST")
                    #expect(request.target == "/twilio/status?case=42")
                    #expect(request.header("Content-Type")?.hasPrefix("application/x-www-form-urlencoded") == true)
                    let signature = try #require(request.header("X-Twilio-Signature"))
                    #expect(signature == Self.expectedSignature(url: callback, form: request.form, authToken: SMSFixture.authToken))
                    #expect(signature == TwilioSignature.compute(url: callback, parameters: request.form, authToken: SMSFixture.authToken))
                    #expect(signature != Self.expectedSignature(url: callback, form: request.form, authToken: SMSFixture.apiKeySecret))
                    #expect(Self.value("MessageSid", in: request) == sid)
                    #expect(Self.value("SmsSid", in: request) == sid)
                    #expect(Self.value("AccountSid", in: request) == SMSFixture.accountSID)
                    #expect(Self.value("From", in: request) == SMSFixture.twilioNumber)
                    #expect(Self.value("To", in: request) == "+15558675310")
                    #expect(Self.value("ApiVersion", in: request) == "2010-04-01")
                    #expect(Self.value("ErrorCode", in: request) == nil)
                    #expect(!request.text.contains("QX-7Z"))  // the body is not echoed
                }
                try await waitForStatus(.delivered, of: sid, in: sms.simulator)
                let fetched = try await sms.client.get("/2010-04-01/Accounts/\(SMSFixture.accountSID)/Messages/\(sid).json",
                                                       headers: [.authorization: sms.basic(SMSFixture.accountSID, SMSFixture.authToken)])
                #expect(fetched.json?["status"] == "delivered")
                #expect(fetched.json?["date_sent"]?.stringValue != nil)
            }
        }
    }

    @Test("undelivered and failed carry ErrorCode; silent stops at sent; a Messaging Service reports queued and uses its callback")
    func outcomes() async throws {
        try await SMSFixture.with { sms in
            try await WebhookReceiver.with(respond: { _, _ in (.ok, "") }) { receiver in
                sms.simulator.setDeliveryRule(.undelivered(errorCode: 30003), for: "+15558675311")
                sms.simulator.setDeliveryRule(.failed(errorCode: 30008), for: "+15558675312")
                sms.simulator.setDeliveryRule(.silent, for: "+15558675313")
                var account = try #require(sms.simulator.twilioAccount(sid: SMSFixture.accountSID))
                account.messagingServices[0].statusCallback = receiver.baseURL + "/service"
                sms.simulator.registerTwilioAccount(account)
                for to in ["+15558675311", "+15558675312", "+15558675313"] {
                    _ = try await sms.sendTwilio([("To", to), ("From", SMSFixture.twilioNumber), ("Body", "hi"), ("StatusCallback", receiver.baseURL + "/cb/\(to.dropFirst())")])
                }
                _ = try await sms.sendTwilio([("To", "+15558675314"), ("MessagingServiceSid", SMSFixture.serviceSID), ("Body", "hi")])
                _ = try await receiver.wait(for: 7)
                try await Task.sleep(for: .milliseconds(300))
                func statuses(_ path: String) -> [String] {
                    receiver.received.filter { $0.target == path }.map { [Self.value("MessageStatus", in: $0), Self.value("ErrorCode", in: $0)].compactMap { $0 }.joined(separator: ":") }
                }
                #expect(statuses("/cb/15558675311") == ["sent", "undelivered:30003"])
                #expect(statuses("/cb/15558675312") == ["failed:30008"])
                #expect(statuses("/cb/15558675313") == ["sent"])
                #expect(statuses("/service") == ["queued", "sent", "delivered"])
                let service = receiver.received.filter { $0.target == "/service" }
                #expect(service.allSatisfy { Self.value("MessagingServiceSid", in: $0) == SMSFixture.serviceSID && Self.value("From", in: $0) == SMSFixture.serviceNumber })
                #expect(sms.simulator.sentSMS().first { $0.to == "+15558675311" }?.errorCode == 30003)
            }
        }
    }

    @Test("an HTTP error answer is not retried; a refused connection is retried once")
    func retries() async throws {
        try await SMSFixture.with { sms in
            try await WebhookReceiver.with(respond: { _, _ in (.internalServerError, "") }) { receiver in
                sms.simulator.setDeliveryRule(.silent, for: "+15558675310")
                _ = try await sms.sendTwilio([("To", "+15558675310"), ("From", SMSFixture.twilioNumber), ("Body", "hi"), ("StatusCallback", receiver.baseURL + "/x")])
                _ = try await receiver.wait(for: 1)
                try await Task.sleep(for: .milliseconds(300))
                #expect(receiver.received.count == 1)
            }
            sms.simulator.setDeliveryRule(.silent, for: "+15558675319")
            _ = try await sms.sendTwilio([("To", "+15558675319"), ("From", SMSFixture.twilioNumber), ("Body", "hi"), ("StatusCallback", "http://127.0.0.1:1/x")])
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(5)
            while sms.simulator.webhookDeliveries().filter({ $0.url == "http://127.0.0.1:1/x" }).count < 2, clock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            let attempts = sms.simulator.webhookDeliveries().filter { $0.url == "http://127.0.0.1:1/x" }
            #expect(attempts.map(\.attempt) == [0, 1])
            #expect(attempts.allSatisfy { $0.responseStatus == nil && $0.error != nil })
        }
    }
}
