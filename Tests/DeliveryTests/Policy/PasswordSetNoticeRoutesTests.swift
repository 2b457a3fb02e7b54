import Onboarding
import Testing
@testable import Delivery

/// Where the password-set notice may go: the hire's phone, else the hire's private mailbox; never
/// the manager; and never as part of a mode's plan.
@Suite struct PasswordSetNoticeRoutesTests {
    private func routes(_ recipients: Recipients, _ channels: Set<DeliveryChannelKind>) -> [String] {
        DeliveryPolicy.passwordSetNoticeRoutes(recipients: recipients, channels: channels).map { "\($0.channel) \($0.destination.rawValue) \($0.address)" }
    }

    private func refusal(_ recipients: Recipients, _ channels: Set<DeliveryChannelKind>) -> String? {
        DeliveryPolicy.passwordSetNoticeRefusal(recipients: recipients, channels: channels)
    }

    @Test func thePhoneFirstThenThePrivateMailbox() {
        let all = Samples.allRecipients
        #expect(routes(all, [.sms, .webhook, .email]) == ["sms hire-mobile-phone +491701234567", "email hire-private-email kathy@example.org"])
        #expect(routes(all, [.webhook, .email]) == ["webhook hire-mobile-phone +491701234567", "email hire-private-email kathy@example.org"])
        #expect(routes(all, [.sms]) == ["sms hire-mobile-phone +491701234567"])
        #expect(routes(all, [.email]) == ["email hire-private-email kathy@example.org"])
        #expect(routes(Recipients(mobilePhone: "0049 170 1234567", managerEmail: "boss@contoso.com"), [.sms, .email]) == ["sms hire-mobile-phone +491701234567"])
        #expect(routes(Recipients(privateEmail: " kathy@example.org ", managerEmail: "boss@contoso.com"), [.sms, .email]) == ["email hire-private-email kathy@example.org"])
        #expect(refusal(all, [.sms, .email]) == nil)
    }

    @Test func neverTheManager() {
        let shared = Recipients(mobilePhone: "+491701234567", privateEmail: "BOSS@contoso.com", managerEmail: "boss@contoso.com")
        #expect(routes(shared, [.sms, .email]) == ["sms hire-mobile-phone +491701234567"])
        let onlyManager = Recipients(privateEmail: "boss@contoso.com", managerEmail: "boss@contoso.com")
        #expect(routes(onlyManager, [.sms, .email]).isEmpty)
        #expect(refusal(onlyManager, [.sms, .email]) == "the private e-mail address is the manager's")
        #expect(routes(Recipients(managerEmail: "boss@contoso.com"), [.sms, .email]).isEmpty)
    }

    @Test func whyNothingCanBeSent() {
        #expect(refusal(Recipients(managerEmail: "boss@contoso.com"), [.sms, .email]) == "no mobile number or private e-mail on the case")
        #expect(refusal(Samples.allRecipients, []) == "no SMS or webhook channel is configured for the mobile number, and no e-mail channel is configured for the private e-mail address")
        let malformed = refusal(Recipients(mobilePhone: "0170 1234567", privateEmail: "kathy"), [.sms, .email])
        #expect(malformed == "the mobile number 017•••••••67 is not in international form, and the private e-mail address ••••• is malformed")
    }

    @Test func noModePlansIt() throws {
        for mode in DeliveryMode.allCases {
            let plan = try DeliveryPolicy.plan(DeliveryPlanRequest(mode: mode, recipients: Samples.allRecipients, channels: [.sms, .email, .webhook]))
            #expect(!plan.messages.contains { $0.kind == .passwordSetNotice })
        }
        #expect(DeliveryMessageKind.allCases.filter { !$0.isPlanned } == [.passwordSetNotice])
        #expect(DeliveryMessageKind.passwordSetNotice.audience == .hire)
        #expect(!DeliveryMessageKind.passwordSetNotice.allowedContent.contains(.pickupLink))
        #expect(!DeliveryMessageKind.passwordSetNotice.allowedContent.contains(.pickupCode))
        #expect(!DeliveryMessageKind.passwordSetNotice.allowedContent.contains(.portalLink))
        let smuggled = DeliveryPlan(mode: .selfService, messages: [
            PlannedMessage(kind: .passwordSetNotice, routes: [DeliveryRoute(destination: .hireMobilePhone, channel: .sms, address: "+491701234567")]),
        ])
        #expect(smuggled.violations == ["password-set-notice is sent on its own, not as part of self-service"])
    }
}
