import FirstkeySimulator
import Foundation
import HTTPTypes
import Testing

/// Twilio `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` over real HTTP: Basic auth
/// with the Auth Token or an API key, validation errors in Twilio's shape, the Message resource.
@Suite("Twilio SMS")
struct TwilioMessagesTests {
    static let fields: [(String, String)] = [("To", "+15558675310"), ("From", SMSFixture.twilioNumber), ("Body", "Your code is 123456")]

    @Test("AccountSid:AuthToken and ApiKeySid:ApiKeySecret both send; 201 is the Message resource")
    func created() async throws {
        try await SMSFixture.with { sms in
            let result = try await sms.sendTwilio(Self.fields)
            #expect(result.status == .created)
            let json = try #require(result.json)
            let sid = try #require(json["sid"]?.stringValue)
            #expect(sid.hasPrefix("SM") && sid.count == 34)
            #expect(json["account_sid"]?.stringValue == SMSFixture.accountSID)
            #expect(json["to"] == "+15558675310")
            #expect(json["from"]?.stringValue == SMSFixture.twilioNumber)
            #expect(json["body"] == "Your code is 123456")
            #expect(json["status"] == "queued")
            #expect(json["num_segments"] == "1")
            #expect(json["direction"] == "outbound-api")
            #expect(json["api_version"] == "2010-04-01")
            #expect(json["price"] == .null)
            #expect(json["error_code"] == .null)
            #expect(json["messaging_service_sid"] == .null)
            #expect(json["uri"]?.stringValue == "/2010-04-01/Accounts/\(SMSFixture.accountSID)/Messages/\(sid).json")
            #expect(json["date_created"]?.stringValue?.hasSuffix(" +0000") == true)

            let withKey = try await sms.sendTwilio(Self.fields, user: SMSFixture.apiKeySID, password: SMSFixture.apiKeySecret)
            #expect(withKey.status == .created)
            let outbox = sms.simulator.sentSMS()
            #expect(outbox.map(\.provider) == [.twilio, .twilio])
            #expect(outbox.first?.messageID == sid)
            #expect(outbox.first?.account == SMSFixture.accountSID)

            let fetched = try await sms.client.get("/2010-04-01/Accounts/\(SMSFixture.accountSID)/Messages/\(sid).json",
                                                   headers: [.authorization: sms.basic(SMSFixture.accountSID, SMSFixture.authToken)])
            #expect(fetched.status == .ok)
            #expect(fetched.json?["sid"]?.stringValue == sid)
        }
    }

    @Test("bad credentials are 401 20003 with a Basic challenge")
    func authentication() async throws {
        try await SMSFixture.with { sms in
            let other = SimulatedTwilioAccount(phoneNumbers: ["+15017122663"])
            sms.simulator.registerTwilioAccount(other)
            let attempts: [(String, HTTPResult)] = [
                ("wrong token", try await sms.sendTwilio(Self.fields, password: "ffffffffffffffffffffffffffffffff")),
                ("wrong key secret", try await sms.sendTwilio(Self.fields, user: SMSFixture.apiKeySID, password: "nope")),
                ("unknown key", try await sms.sendTwilio(Self.fields, user: "SKffffffffffffffffffffffffffffffff", password: SMSFixture.apiKeySecret)),
                ("another account's credentials", try await sms.sendTwilio(Self.fields, user: other.accountSID, password: other.authToken)),
                ("unknown account in the path", try await sms.sendTwilio(Self.fields, path: "/2010-04-01/Accounts/ACffffffffffffffffffffffffffffffff/Messages.json")),
                ("no credentials", try await sms.client.postForm(sms.messagesPath, Self.fields)),
            ]
            for (name, result) in attempts {
                #expect(result.status == .unauthorized, "\(name)")
                #expect(result.json?["code"] == 20003, "\(name)")
                #expect(result.json?["status"] == 401, "\(name)")
                #expect(result.json?["more_info"] == "https://www.twilio.com/docs/errors/20003", "\(name)")
                #expect(result.header("WWW-Authenticate")?.hasPrefix("Basic") == true, "\(name)")
            }
            #expect(sms.simulator.sentSMS().isEmpty)
        }
    }

    @Test("validation errors carry Twilio's codes")
    func validation() async throws {
        try await SMSFixture.with { sms in
            func code(_ fields: [(String, String)]) async throws -> Int? {
                let result = try await sms.sendTwilio(fields)
                #expect(result.status == .badRequest)
                #expect(result.json?["status"] == 400)
                return result.json?["code"]?.intValue
            }
            let to = ("To", "+15558675310")
            let from = ("From", SMSFixture.twilioNumber)
            let body = ("Body", "hi")
            #expect(try await code([from, body]) == 21604)
            #expect(try await code([("To", "5558675310"), from, body]) == 21211)
            #expect(try await code([("To", "+1555867531"), from, body]) == 21211)
            #expect(try await code([to, body]) == 21603)
            #expect(try await code([to, ("From", "+15017129999"), body]) == 21606)
            #expect(try await code([to, ("From", "not a sender!"), body]) == 21212)
            #expect(try await code([to, from]) == 21602)
            #expect(try await code([to, from, ("Body", String(repeating: "x", count: 1601))]) == 21617)
            #expect(try await code([to, ("MessagingServiceSid", "MG123"), body]) == 21705)
            #expect(try await code([to, ("MessagingServiceSid", "MGffffffffffffffffffffffffffffffff"), body]) == 21701)
            #expect(try await code([to, from, body, ("StatusCallback", "not a url")]) == 21609)
            #expect(try await code([to, from, body, ("ValidityPeriod", "0")]) == 21624)
            #expect(try await code([to, from, body, ("ValidityPeriod", "36001")]) == 21624)
            #expect(try await code([("To", SMSFixture.twilioNumber), from, body]) == 21266)
            #expect(sms.simulator.sentSMS().isEmpty)

            #expect(try await sms.sendTwilio([to, from, ("Body", String(repeating: "x", count: 1600)), ("ValidityPeriod", "36000")]).status == .created)
            #expect(try await sms.sendTwilio([to, ("From", "Firstkey"), body]).status == .created)
            let notFound = try await sms.sendTwilio([to, from, body], path: "/2010-04-01/Accounts/\(SMSFixture.accountSID)/Messages.xml")
            #expect(notFound.status == .notFound)
            #expect(notFound.json?["code"] == 20404)
            let missing = try await sms.client.get("/2010-04-01/Accounts/\(SMSFixture.accountSID)/Messages/SMffffffffffffffffffffffffffffffff.json",
                                                   headers: [.authorization: sms.basic(SMSFixture.accountSID, SMSFixture.authToken)])
            #expect(missing.json?["code"] == 20404)
        }
    }

    @Test("through a Messaging Service the answer is accepted with from null; the service picks the sender")
    func messagingService() async throws {
        try await SMSFixture.with { sms in
            let result = try await sms.sendTwilio([("To", "+15558675310"), ("MessagingServiceSid", SMSFixture.serviceSID), ("Body", "hi")])
            #expect(result.status == .created)
            #expect(result.json?["status"] == "accepted")
            #expect(result.json?["from"] == .null)
            #expect(result.json?["messaging_service_sid"]?.stringValue == SMSFixture.serviceSID)
            #expect(sms.simulator.sentSMS().first?.from == SMSFixture.serviceNumber)
        }
    }
}
