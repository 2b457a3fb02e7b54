import FirstkeySimulator
import Foundation
import Microsoft
import Onboarding
import Testing
@testable import Delivery

/// GraphMailChannel against firstkey-sim's sendMail.
@Suite struct GraphMailChannelTests {
    private func mail(html: String? = "<p>Hallo</p>") -> DeliveryMessage {
        Samples.message(channel: .email, recipient: "kathy@example.org", text: "Hallo", subject: "Willkommen", html: html,
                        key: "firstkey/c/deliver/0/portal-invitation/email", kind: .portalInvitation, sensitive: [])
    }

    @Test func htmlWithTheIdempotencyHeader() async throws {
        try await Simulator.with { simulator, _ in
            try await Simulator.withGraph(simulator) { graph in
                let channel = GraphMailChannel(graph: graph, senderMailbox: "noreply@contoso.com", logger: quietLogger)
                let receipt = try await channel.send(mail())
                #expect(receipt.status == .accepted && receipt.provider == .microsoftGraph)
                _ = try await channel.send(mail(html: nil))
                let sent = simulator.sentMail()
                #expect(sent.count == 2)
                #expect(sent[0].contentType == "HTML" && sent[0].body == "<p>Hallo</p>")
                #expect(sent[1].contentType == "Text" && sent[1].body == "Hallo")
                #expect(sent[0].toRecipients == ["kathy@example.org"] && sent[0].subject == "Willkommen")
                #expect(sent[0].headers == [
                    .init(name: "x-firstkey-idempotency-key", value: "firstkey/c/deliver/0/portal-invitation/email"), .init(name: "x-firstkey-tag", value: "case-1"),
                ])
                #expect(sent[0].saveToSentItems == false)
            }
        }
    }

    @Test func errorsAreExplained() async throws {
        try await Simulator.with { simulator, _ in
            try await Simulator.withGraph(simulator, mailboxScope: ["someone-else"]) { graph in
                let blocked = GraphMailChannel(graph: graph, senderMailbox: "noreply@contoso.com", logger: quietLogger)
                let forbidden = try await #require(throws: DeliveryError.self) { try await blocked.send(mail()) }
                #expect(forbidden.code == .forbidden && !forbidden.isTransient)
                #expect(forbidden.providerCode == "ErrorAccessDenied")
                #expect(forbidden.description.contains("ApplicationAccessPolicy"))
            }

            try await Simulator.withGraph(simulator) { open in
                let unknown = GraphMailChannel(graph: open, senderMailbox: "nobody@contoso.com", logger: quietLogger)
                #expect(try await #require(throws: DeliveryError.self) { try await unknown.send(mail()) }.code == .invalidConfiguration)

                simulator.addFault(.throttle("/v1.0/users", times: 1, retryAfter: 1))
                let channel = GraphMailChannel(graph: open, senderMailbox: "noreply@contoso.com", logger: quietLogger)
                let throttled = try await #require(throws: DeliveryError.self) { try await channel.send(mail()) }
                #expect(throttled.code == .throttled && throttled.isTransient)

                let notMail = try await #require(throws: DeliveryError.self) { try await channel.send(Samples.message()) }
                #expect(notMail.code == .invalidMessage)
            }
        }
    }
}
