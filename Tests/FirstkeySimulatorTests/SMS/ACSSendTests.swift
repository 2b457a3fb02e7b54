import FirstkeySimulator
import Foundation
import HTTPTypes
import Testing

/// ACS `POST /sms?api-version=2021-03-07` over real HTTP: HMAC, validation, per-recipient
/// results, repeatability, the outbox.
@Suite("ACS SMS")
struct ACSSendTests {
    @Test("a correctly signed request is 202 with per-recipient results; the message lands in the outbox")
    func accepted() async throws {
        try await SMSFixture.with { sms in
            #expect(sms.connectionString.hasPrefix("endpoint=\(sms.simulator.httpURL)/;accesskey="))
            let result = try await sms.sendACS(SMSFixture.message(to: ["+11234567890", "+447700900123"]))
            #expect(result.status == .accepted)
            let items = try #require(result.json?["value"]?.arrayValue)
            #expect(items.count == 2)
            for (item, to) in zip(items, ["+11234567890", "+447700900123"]) {
                #expect(item["to"]?.stringValue == to)
                #expect(item["httpStatusCode"] == 202)
                #expect(item["successful"] == true)
                #expect(item["messageId"]?.stringValue?.hasPrefix("Outgoing_") == true)
                #expect(item["errorMessage"] == nil)
                #expect(item["repeatabilityResult"] == nil)
            }
            #expect(result.header("x-ms-client-request-id") != nil)
            let outbox = sms.simulator.sentSMS()
            #expect(outbox.count == 2)
            let first = try #require(outbox.first)
            #expect(first.provider == .azureCommunicationServices)
            #expect(first.account == "contoso-sms")
            #expect(first.from == SMSFixture.acsNumber)
            #expect(first.to == "+11234567890")
            #expect(first.body == "Your code is 123456")
            #expect(first.tag == "tap-123")
            #expect(first.deliveryReportRequested)
            #expect(first.messageID == items[0]["messageId"]?.stringValue)
        }
    }

    @Test("bad HMAC is 401 Denied: wrong key, wrong hash, tampered body, stale or future date, wrong host, tampered query, no or other auth")
    func badSignatures() async throws {
        try await SMSFixture.with { sms in
            let message = SMSFixture.message(to: ["+11234567890"])
            let stranger = SimulatedCommunicationResource(name: "not-registered", phoneNumbers: [SMSFixture.acsNumber]).connectionString(endpoint: sms.simulator.httpURL)
            let host = String(sms.simulator.httpURL.dropFirst("http://".count))
            let otherHost = sms.connectionString.replacingOccurrences(of: host, with: "contoso-sms.communication.azure.com")
            let attempts: [(String, HTTPResult)] = [
                ("wrong key", try await sms.sendACS(message, connectionString: stranger)),
                ("wrong hash", try await sms.sendACS(message, hashOverride: ACSSigner.contentHash("{}"))),
                ("tampered body", try await sms.sendACS(message, bodyAfterSigning: SMSFixture.message(to: ["+19999999999"]).serialized)),
                ("stale date", try await sms.sendACS(message, date: Date().addingTimeInterval(-20 * 60))),
                ("future date", try await sms.sendACS(message, date: Date().addingTimeInterval(20 * 60))),
                ("signed for another host", try await sms.sendACS(message, connectionString: otherHost)),
                ("no authorization", try await sms.sendACS(message) { $0[.authorization] = nil }),
                ("bearer token", try await sms.sendACS(message) { $0[.authorization] = "Bearer eyJ0eXAi" }),
                ("no date", try await sms.sendACS(message) { $0[HTTPField.Name("x-ms-date")!] = nil }),
                ("other signed headers", try await sms.sendACS(message) { headers in
                    headers[.authorization] = headers[.authorization]?.replacingOccurrences(of: "x-ms-date;host;x-ms-content-sha256", with: "host;x-ms-date;x-ms-content-sha256")
                }),
            ]
            for (name, result) in attempts {
                #expect(result.status == .unauthorized, "\(name)")
                #expect(result.json?["error"]?["code"] == "Denied", "\(name)")
                #expect(result.json?["error"]?["message"] == "Denied by the resource provider.", "\(name)")
            }
            // Signed for /sms?api-version=2021-03-07, sent with another query.
            let (signedHost, key) = try #require(ACSSigner.parse(connectionString: sms.connectionString))
            let body = message.serialized
            let headers = ACSSigner.headers(pathAndQuery: SMSFixture.path, host: signedHost, key: key, body: body)
            let tamperedQuery = try await sms.client.send(.post, SMSFixture.path + "&x=1", headers: headers, body: body)
            #expect(tamperedQuery.status == .unauthorized)
            #expect(sms.simulator.sentSMS().isEmpty)
        }
    }

    @Test("whole-request validation: api-version, content type, from, recipients 1–100, message ≤ 2048, enableDeliveryReport")
    func validation() async throws {
        try await SMSFixture.with { sms in
            func send(_ json: JSONValue, path: String = SMSFixture.path) async throws -> HTTPResult { try await sms.sendACS(json, path: path) }
            let valid = SMSFixture.message(to: ["+11234567890"])
            var result = try await send(valid, path: "/sms")
            #expect(result.status == .badRequest)
            #expect(result.json?["error"]?["code"] == "MissingApiVersionParameter")
            result = try await send(valid, path: "/sms?api-version=2020-07-20-preview1")
            #expect(result.status == .badRequest)
            #expect(result.json?["error"]?["code"] == "UnsupportedApiVersion")
            result = try await sms.sendACS(valid) { $0[.contentType] = "text/plain" }
            #expect(result.status == .unsupportedMediaType)

            #expect(try await send(valid.setting("from", .null)).status == .badRequest)
            result = try await send(valid.setting("from", "+1425555012345"))
            #expect(result.status == .badRequest)
            #expect(result.json?["error"]?["code"] == "BadRequest")
            result = try await send(valid.setting("from", "+14255550123"))
            #expect(result.status == .unauthorized)  // a number the resource does not own
            #expect(try await send(valid.setting("smsRecipients", [])).status == .badRequest)
            #expect(try await send(valid.setting("smsRecipients", .array((0..<101).map { _ in ["to": "+11234567890"] }))).status == .badRequest)
            #expect(try await send(valid.setting("smsRecipients", [["phone": "+11234567890"]])).status == .badRequest)
            #expect(try await send(valid.setting("message", .string(String(repeating: "x", count: 2049)))).status == .badRequest)
            #expect(try await send(valid.setting("message", .integer(5))).status == .badRequest)
            #expect(try await send(valid.setting("smsSendOptions", ["tag": "x"])).status == .badRequest)
            #expect(try await send(valid.setting("smsSendOptions", ["enableDeliveryReport": "yes"])).status == .badRequest)
            #expect(try await send(valid.setting("smsSendOptions", ["enableDeliveryReport": false, "validityPeriodSeconds": -1])).status == .badRequest)
            #expect(sms.simulator.sentSMS().isEmpty)

            #expect(try await send(valid.setting("message", .string(String(repeating: "x", count: 2048)))).status == .accepted)
            #expect(try await send(valid.setting("smsRecipients", .array((0..<100).map { _ in ["to": "+11234567890"] }))).status == .accepted)
            #expect(try await send(SMSFixture.message(to: ["+11234567890"], options: nil)).status == .accepted)
            #expect(sms.simulator.sentSMS().count == 102)
            #expect(sms.simulator.sentSMS().last?.deliveryReportRequested == false)
        }
    }

    @Test("an invalid To fails only its recipient, inside the 202")
    func perRecipientFailure() async throws {
        try await SMSFixture.with { sms in
            let result = try await sms.sendACS(SMSFixture.message(to: ["+11234567890", "+112345678901"]))
            #expect(result.status == .accepted)
            let items = try #require(result.json?["value"]?.arrayValue)
            #expect(items[0]["successful"] == true)
            #expect(items[1]["to"] == "+112345678901")
            #expect(items[1]["httpStatusCode"] == 400)
            #expect(items[1]["successful"] == false)
            #expect(items[1]["errorMessage"] == "Invalid To phone number format.")
            #expect(items[1]["messageId"] == nil)
            #expect(sms.simulator.sentSMS().map(\.to) == ["+11234567890"])
        }
    }

    @Test("repeatability: the same request ID again is accepted with the first message ID and sends nothing; mismatches and old IDs are rejected")
    func repeatability() async throws {
        try await SMSFixture.with { sms in
            let id = UUID().uuidString.lowercased()
            let firstSent = ACSSigner.rfc1123(Date())
            func message(_ to: String = "+11234567890", id: String = id, firstSent: String = firstSent, text: String = "Your code is 123456") -> JSONValue {
                [
                    "from": .string(SMSFixture.acsNumber),
                    "smsRecipients": [["to": .string(to), "repeatabilityRequestId": .string(id), "repeatabilityFirstSent": .string(firstSent)]],
                    "message": .string(text),
                    "smsSendOptions": ["enableDeliveryReport": true],
                ]
            }
            let first = try await sms.sendACS(message())
            let firstItem = try #require(first.json?["value"]?.arrayValue?.first)
            #expect(firstItem["repeatabilityResult"] == "accepted")
            #expect(firstItem["httpStatusCode"] == 202)
            let again = try await sms.sendACS(message())
            let againItem = try #require(again.json?["value"]?.arrayValue?.first)
            #expect(again.status == .accepted)
            #expect(againItem["repeatabilityResult"] == "accepted")
            #expect(againItem["messageId"] == firstItem["messageId"])
            #expect(sms.simulator.sentSMS().count == 1)

            let different = try await sms.sendACS(message(text: "Another text"))
            #expect(different.json?["value"]?.arrayValue?.first?["repeatabilityResult"] == "rejected")
            #expect(different.json?["value"]?.arrayValue?.first?["httpStatusCode"] == 400)
            let old = try await sms.sendACS(message(id: UUID().uuidString, firstSent: ACSSigner.rfc1123(Date().addingTimeInterval(-6 * 60))))
            #expect(old.json?["value"]?.arrayValue?.first?["repeatabilityResult"] == "rejected")
            #expect(old.json?["value"]?.arrayValue?.first?["httpStatusCode"] == 412)
            let badID = try await sms.sendACS(message(id: "12345"))
            #expect(badID.json?["value"]?.arrayValue?.first?["httpStatusCode"] == 400)
            #expect(badID.json?["value"]?.arrayValue?.first?["successful"] == false)
            #expect(sms.simulator.sentSMS().count == 1)

            let fresh = try await sms.sendACS(message(id: UUID().uuidString))
            #expect(fresh.json?["value"]?.arrayValue?.first?["repeatabilityResult"] == "accepted")
            #expect(sms.simulator.sentSMS().count == 2)
        }
    }
}
