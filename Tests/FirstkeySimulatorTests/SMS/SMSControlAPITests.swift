import FirstkeySimulator
import Foundation
import HTTPTypes
import Testing

/// The SMS part of `/_sim`: what an out-of-process test or the demo drives over HTTP.
@Suite("SMS control API (/_sim)")
struct SMSControlAPITests {
    @Test("register an ACS resource and a Twilio account, send through both, read and clear the outbox")
    func resourcesAndOutbox() async throws {
        try await SimulatorFixture.with { fixture in
            let client = fixture.client
            var result = try await client.postJSON("/_sim/acs/resources", ["name": "demo-acs", "phoneNumbers": ["+18005550199"]])
            #expect(result.status == .created)
            let connectionString = try #require(result.json?["connectionString"]?.stringValue)
            #expect(connectionString.hasPrefix("endpoint=\(fixture.simulator.httpURL)/;accesskey="))
            #expect(try await client.postJSON("/_sim/acs/resources", ["name": "x", "phoneNumbers": ["555"]]).status == .badRequest)

            result = try await client.postJSON("/_sim/twilio/accounts", [
                "accountSid": .string(SMSFixture.accountSID), "authToken": .string(SMSFixture.authToken), "phoneNumbers": [.string(SMSFixture.twilioNumber)],
                "apiKeys": [["sid": .string(SMSFixture.apiKeySID), "secret": "s3cret"]],
            ])
            #expect(result.status == .created)
            #expect(!result.body.contains(SMSFixture.authToken))
            #expect(!result.body.contains("s3cret"))

            let sms = SMSFixture(fixture: fixture, connectionString: connectionString)
            let message: JSONValue = ["from": "+18005550199", "smsRecipients": [["to": "+11234567890"]], "message": "hello"]
            #expect(try await sms.sendACS(message).status == .accepted)
            #expect(try await sms.sendTwilio([("To", "+15558675310"), ("From", SMSFixture.twilioNumber), ("Body", "hello")]).status == .created)

            result = try await client.get("/_sim/sms/outbox")
            let entries = try #require(result.json?["value"]?.arrayValue)
            #expect(entries.map { $0["provider"] } == ["acs", "twilio"])
            #expect(entries.first?["account"] == "demo-acs")
            #expect(entries.first?["body"] == "hello")
            #expect(entries.last?["messageId"]?.stringValue?.hasPrefix("SM") == true)
            #expect(try await client.send(.delete, "/_sim/sms/outbox").status == .noContent)
            #expect(fixture.simulator.sentSMS().isEmpty)
        }
    }

    @Test("delivery rules: PUT replaces, POST adds one, GET shows them, DELETE resets")
    func deliveryRules() async throws {
        try await SimulatorFixture.with { fixture in
            let client = fixture.client
            var result = try await client.send(.put, "/_sim/sms/delivery-rules", headers: [.contentType: "application/json"],
                                               body: #"{"default":{"outcome":"silent"},"rules":[{"to":"+15558675310","outcome":"undelivered"}]}"#)
            #expect(result.status == .ok)
            #expect(result.json?["default"]?["outcome"] == "silent")
            #expect(result.json?["rules"]?.arrayValue?.first?["errorCode"] == 30003)
            result = try await client.postJSON("/_sim/sms/delivery-rules", ["to": "+15558675311", "outcome": "failed", "errorCode": 30005])
            #expect(result.status == .created)
            #expect(try await client.postJSON("/_sim/sms/delivery-rules", ["to": "+15558675311", "outcome": "lost"]).status == .badRequest)
            result = try await client.get("/_sim/sms/delivery-rules")
            #expect(result.json?["rules"]?.arrayValue?.count == 2)
            #expect(try await client.send(.delete, "/_sim/sms/delivery-rules").status == .noContent)
            result = try await client.get("/_sim/sms/delivery-rules")
            #expect(result.json?["default"]?["outcome"] == "delivered")
            #expect(result.json?["rules"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("Event Grid subscriptions over HTTP: POST runs the handshake (201 or 400), GET lists, DELETE removes; the webhook log")
    func eventGridSubscriptions() async throws {
        try await SMSFixture.with { sms in
            let client = sms.client
            try await WebhookReceiver.with { receiver in
                var result = try await client.postJSON("/_sim/eventgrid/subscriptions", ["name": "sim-sub", "endpoint": .string(receiver.baseURL + "/eg"), "resource": "contoso-sms"])
                #expect(result.status == .created)
                #expect(result.json?["state"] == "active")
                result = try await client.postJSON("/_sim/eventgrid/subscriptions", ["name": "bad", "endpoint": "http://127.0.0.1:1/eg"])
                #expect(result.status == .badRequest)
                #expect(result.json?["code"] == "unreachable")
                result = try await client.get("/_sim/eventgrid/subscriptions")
                #expect(result.json?["value"]?.arrayValue?.map { $0["name"] } == ["sim-sub"])
                result = try await client.get("/_sim/sms/webhook-deliveries")
                #expect(result.json?["value"]?.arrayValue?.map { $0["kind"] } == ["eventGridValidation", "eventGridValidation"])
                #expect(try await client.send(.delete, "/_sim/eventgrid/subscriptions/SIM-SUB").status == .noContent)
                #expect(sms.simulator.eventGridSubscriptions().isEmpty)
            }
        }
    }

    @Test("a seed carries ACS resources, Twilio accounts and delivery rules")
    func seed() async throws {
        try await SimulatorFixture.with { fixture in
            let seed = try SimulatorSeed(json: """
            {"communicationResources":[{"name":"seeded","accessKey":"c2VjcmV0LWtleS1ieXRlcw==","phoneNumbers":["+18005550142"]}],
             "twilioAccounts":[{"accountSid":"\(SMSFixture.accountSID)","authToken":"\(SMSFixture.authToken)","phoneNumbers":["+15017122661"],
               "messagingServices":[{"sid":"\(SMSFixture.serviceSID)","phoneNumbers":["+15017122662"],"statusCallback":"http://127.0.0.1:9/s"}]}],
             "smsDeliveryRules":{"default":{"outcome":"delivered"},"rules":[{"to":"+15558675310","outcome":"silent"}]}}
            """)
            fixture.simulator.apply(seed)
            #expect(fixture.simulator.communicationResource(named: "seeded")?.phoneNumbers == ["+18005550142"])
            #expect(fixture.simulator.twilioAccount(sid: SMSFixture.accountSID)?.messagingServices.first?.statusCallback == "http://127.0.0.1:9/s")
            let result = try await fixture.client.postJSON("/_sim/seed", ["twilioAccounts": [["accountSid": "AC1"]]])
            #expect(result.status == .badRequest)
            let rules = try await fixture.client.get("/_sim/sms/delivery-rules")
            #expect(rules.json?["rules"]?.arrayValue?.first?["outcome"] == "silent")
        }
    }
}
