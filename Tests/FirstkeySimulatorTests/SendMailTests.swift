import FirstkeySimulator
import Foundation
import HTTPTypes
import Testing

/// `sendMail`: 202, validation, and the captured outbox.
@Suite("Graph: sendMail")
struct SendMailTests {
    static let message: JSONValue = [
        "message": [
            "subject": "Your first sign-in",
            "body": ["contentType": "Text", "content": "Hello Kathy"],
            "toRecipients": [["emailAddress": ["address": "kathy@example.org"]]],
            "ccRecipients": [],
            "internetMessageHeaders": [["name": "x-firstkey-id", "value": "123"]],
        ],
        "saveToSentItems": false,
    ]

    @Test("a valid message is 202 with no body and lands in the outbox with sender, recipients, headers")
    func accepted() async throws {
        try await SimulatorFixture.with { fixture in
            let token = try await fixture.graphToken()
            let result = try await fixture.graph(.post, "/v1.0/users/mlee@contoso.com/sendMail", token: token, json: Self.message)
            #expect(result.status == .accepted)
            #expect(result.body.isEmpty)
            #expect(result.header("request-id") != nil)
            let outbox = fixture.simulator.sentMail()
            #expect(outbox.count == 1)
            let mail = try #require(outbox.first)
            #expect(mail.userID == SimulatorFixture.manager.id)
            #expect(mail.from == "mlee@contoso.com")
            #expect(mail.toRecipients == ["kathy@example.org"])
            #expect(mail.subject == "Your first sign-in")
            #expect(mail.contentType == "Text")
            #expect(mail.body == "Hello Kathy")
            #expect(mail.headers == [SentMail.MailHeader(name: "x-firstkey-id", value: "123")])
            #expect(mail.saveToSentItems == false)
            #expect(mail.senderAppID == SimulatorFixture.clientID)
        }
    }

    @Test("a MIME message (text/plain, base64) is accepted; bad base64 is ErrorMimeContentInvalidBase64String")
    func mime() async throws {
        try await SimulatorFixture.with { fixture in
            let token = try await fixture.graphToken()
            let mime = "From: mlee@contoso.com\r\nTo: Kathy <kathy@example.org>\r\nSubject: MIME hello\r\nX-Firstkey-Id: 9\r\nContent-Type: text/plain\r\n\r\nBody text"
            var result = try await fixture.client.send(.post, "/v1.0/users/mlee@contoso.com/sendMail",
                                                       headers: [.authorization: "Bearer \(token)", .contentType: "text/plain"],
                                                       body: Data(mime.utf8).base64EncodedString())
            #expect(result.status == .accepted)
            #expect(fixture.simulator.sentMail().last?.subject == "MIME hello")
            #expect(fixture.simulator.sentMail().last?.toRecipients == ["kathy@example.org"])
            result = try await fixture.client.send(.post, "/v1.0/users/mlee@contoso.com/sendMail",
                                                   headers: [.authorization: "Bearer \(token)", .contentType: "text/plain"], body: "%%% not base64 %%%")
            #expect(result.status == .badRequest)
            #expect(result.json?["error"]?["code"] == "ErrorMimeContentInvalidBase64String")
        }
    }

    @Test("validation: no recipients, bad address, bad contentType, bad header name, bad JSON, unknown user, no mailbox")
    func validation() async throws {
        try await SimulatorFixture.with { fixture in
            let token = try await fixture.graphToken()
            func send(_ body: JSONValue, to user: String = "mlee@contoso.com") async throws -> HTTPResult {
                try await fixture.graph(.post, "/v1.0/users/\(user)/sendMail", token: token, json: body)
            }
            let base = Self.message["message"]!
            #expect(try await send(["message": base.setting("toRecipients", [])]).json?["error"]?["code"] == "ErrorInvalidRecipients")
            #expect(try await send(["message": base.setting("toRecipients", [["emailAddress": ["address": "not an address"]]])]).json?["error"]?["code"] == "ErrorInvalidRecipients")
            #expect(try await send(["message": base.setting("body", ["contentType": "Markdown", "content": "x"])]).status == .badRequest)
            #expect(try await send(["message": base.setting("internetMessageHeaders", [["name": "Firstkey-Id", "value": "1"]])]).json?["error"]?["code"] == "InvalidInternetMessageHeader")
            #expect(try await send(["saveToSentItems": false]).status == .badRequest)
            let broken = try await fixture.client.send(.post, "/v1.0/users/mlee@contoso.com/sendMail",
                                                       headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: "{\"message\":")
            #expect(broken.status == .badRequest)
            #expect(try await send(Self.message, to: "ghost@contoso.com").json?["error"]?["code"] == "ErrorInvalidUser")
            #expect(try await send(Self.message, to: "kjensen@contoso.com").json?["error"]?["code"] == "MailboxNotEnabledForRESTAPI")
            #expect(fixture.simulator.sentMail().isEmpty)
        }
    }

    @Test("Mail.Send is required; an application access policy limits mailboxes")
    func permissions() async throws {
        try await SimulatorFixture.with(roles: ["User.Read.All"]) { fixture in
            let denied = try await fixture.graph(.post, "/v1.0/users/mlee@contoso.com/sendMail", token: try await fixture.graphToken(), json: Self.message)
            #expect(denied.status == .forbidden)
            #expect(denied.json?["error"]?["code"] == "ErrorAccessDenied")

            var app = try #require(fixture.simulator.application(clientID: SimulatorFixture.clientID))
            app.grantedRoles = ["Mail.Send"]
            app.mailboxScope = ["someone-else"]
            fixture.simulator.registerApplication(app)
            let blocked = try await fixture.graph(.post, "/v1.0/users/mlee@contoso.com/sendMail", token: try await fixture.graphToken(), json: Self.message)
            #expect(blocked.status == .forbidden)
            #expect(blocked.json?["error"]?["message"] == "Access to OData is disabled.")
        }
    }
}
