import Foundation
import Onboarding
import Testing
@testable import Delivery

/// The password-set notice: rendered in each language and format, only the facts it may carry,
/// and only to the hire.
@Suite struct PasswordSetNoticeTemplateTests {
    static let help = "the IT service desk (+49 30 1234-5678)"
    /// 19 February 2025, 22:20 in Berlin.
    static let setAt = Samples.epoch

    static func content(language: DeliveryLanguage = .english) -> DeliveryContent {
        var content = Samples.content(language: language)
        content.passwordSetAt = setAt
        return content
    }

    static let mobile = DeliveryRoute(destination: .hireMobilePhone, channel: .sms, address: "+491701234567")
    static let mailbox = DeliveryRoute(destination: .hirePrivateEmail, channel: .email, address: "kathy@example.org")

    @Test(arguments: DeliveryLanguage.builtIn)
    func rendersInEveryFormat(language: DeliveryLanguage) throws {
        let composer = try Samples.composer(organization: "Contoso Deutschland!", help: Self.help)
        let content = Self.content(language: language)
        let (long, short) = language == .german ? ("19. Februar 2025 um 22:20", "19.02., 22:20") : ("19 February 2025 at 22:20", "19 Feb, 22:20")

        let sms = try composer.render(.passwordSetNotice, format: .sms, language: language, plan: nil, content: content)
        #expect(sms.subject == nil && sms.html == nil)
        for value in ["Contoso Deutschland!", content.username, short, Self.help] {
            #expect(sms.text.contains(value), "\(value) in \(sms.text)")
        }
        let encoding = SMSEncoding(sms.text)
        #expect(encoding.alphabet == .gsm7, "\(sms.text)")
        #expect(encoding.segments <= 2, "\(encoding): \(sms.text)")

        let email = try composer.render(.passwordSetNotice, format: .email, language: language, plan: nil, content: content)
        let subject = try #require(email.subject)
        #expect(subject.hasPrefix("Contoso Deutschland!: "))
        let html = try #require(email.html)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains(#"<html lang="\#(language.code)">"#))
        for part in [email.text, html] {
            for value in ["Contoso Deutschland!", content.username, long, Self.help] {
                #expect(part.contains(value), "\(value) in \(part)")
            }
        }
        #expect(!email.text.contains("{{") && !html.contains("{{") && !sms.text.contains("{{"))
    }

    @Test func theWordsOfEachLanguage() throws {
        let composer = try Samples.composer(help: Self.help)
        let english = try composer.render(.passwordSetNotice, format: .sms, language: .english, plan: nil, content: Self.content())
        #expect(english.text == "Contoso: The password of your account kathy.example@contoso.com was set on 19 Feb, 22:20. Not you? Contact the IT service desk (+49 30 1234-5678) at once.")
        let german = try composer.render(.passwordSetNotice, format: .sms, language: .german, plan: nil, content: Self.content(language: .german))
        #expect(german.text == "Contoso: Das Passwort Ihres Kontos kathy.example@contoso.com wurde am 19.02., 22:20 Uhr gesetzt. Waren Sie das nicht? Wenden Sie sich sofort an the IT service desk (+49 30 1234-5678).")
        let germanMail = try composer.render(.passwordSetNotice, format: .email, language: .german, plan: nil, content: Self.content(language: .german))
        #expect(germanMail.subject == "Contoso: Ihr Passwort wurde gesetzt")
        #expect(germanMail.text.hasPrefix("Hallo,\n\ndas Passwort Ihres Kontos bei Contoso wurde am 19. Februar 2025 um 22:20 gesetzt. Ihr Benutzername lautet kathy.example@contoso.com."))
    }

    /// The time is shown in the organization's time zone, not the server's.
    @Test func theTimeIsInTheConfiguredZone() throws {
        let tokyo = DeliveryComposer(templates: try DeliveryTemplates(), organizationName: "Contoso", timeZone: TimeZone(identifier: "Asia/Tokyo")!)
        let sms = try tokyo.render(.passwordSetNotice, format: .sms, language: .english, plan: nil, content: Self.content())
        #expect(sms.text.contains("was set on 20 Feb, 06:20."), "\(sms.text)")
    }

    @Test func noLinkCodeOrPortalSlipsIn() throws {
        let composer = try Samples.composer()
        for language in DeliveryLanguage.builtIn {
            let content = Self.content(language: language)
            for route in [Self.mobile, Self.mailbox] {
                let message = try composer.passwordSetNotice(via: route, content: content, idempotencyKey: .delivery(caseID: "c1", round: 0), tag: "c1",
                                                             firstAttemptAt: Samples.epoch)
                let everything = [message.subject ?? "", message.text, message.html ?? ""].joined(separator: "\n")
                #expect(everything.contains(content.username))
                for forbidden in ["K7P2-9QX4", "tok-ABCDEF", "/pickup", "/portal", "Kathy Example"] {
                    #expect(!everything.contains(forbidden), "\(forbidden) in the \(route.channel) notice")
                }
            }
        }
        // A replaced template cannot show what the notice may not carry: the values are not there.
        let key = DeliveryTemplateKey(.passwordSetNotice, .sms, .english)
        let templates = try DeliveryTemplates(overrides: [
            key: DeliveryTemplateSource(text: "{{organization}} {{passwordSetAtShort}} [{{pickupLink}}{{pickupCode}}{{portalLink}}{{displayName}}{{hireName}}{{hireDate}}]"),
        ])
        let body = try DeliveryComposer(templates: templates, organizationName: "Contoso", timeZone: TimeZone(identifier: "Europe/Berlin")!)
            .render(.passwordSetNotice, format: .sms, language: .english, plan: nil, content: Self.content())
        #expect(body.text == "Contoso 19 Feb, 22:20 []")
    }

    @Test func aCodeInsideTheUsernameStopsTheNoticeToo() throws {
        var content = Self.content()
        content.pickupCode = "kathy"
        let error = try #require(throws: DeliveryError.self) {
            try Samples.composer().passwordSetNotice(via: Self.mobile, content: content, idempotencyKey: .delivery(caseID: "c1", round: 0), tag: "c1",
                                                     firstAttemptAt: Samples.epoch)
        }
        #expect(error.code == .invalidMessage && !error.description.contains("kathy"))
    }

    @Test func requiredAndOptionalValues() throws {
        let composer = try Samples.composer(help: nil)
        var noTime = Self.content()
        noTime.passwordSetAt = nil
        #expect(throws: DeliveryError.self) { try composer.render(.passwordSetNotice, format: .sms, language: .english, plan: nil, content: noTime) }
        // Without a username or help contact the notice still says what matters.
        var noUser = Self.content()
        noUser.username = " "
        let sms = try composer.render(.passwordSetNotice, format: .sms, language: .english, plan: nil, content: noUser)
        #expect(sms.text == "Contoso: The password of your account was set on 19 Feb, 22:20. Not you? Contact the service desk at once.")
        let mail = try composer.render(.passwordSetNotice, format: .email, language: .german, plan: nil, content: noUser)
        #expect(!mail.text.contains("Benutzername") && mail.text.contains("an den Service Desk:"))
        #expect(mail.html?.contains("font-family:Consolas") == false)
    }

    @Test func itGoesOnlyToTheHireOnItsOwn() throws {
        let composer = try Samples.composer()
        let content = Self.content()
        let key = DeliveryIdempotencyKey.delivery(caseID: "0b9f", round: 1)
        let sms = try composer.passwordSetNotice(via: Self.mobile, content: content, idempotencyKey: key, tag: "0b9f", firstAttemptAt: Samples.epoch)
        #expect(sms.idempotencyKey.rawValue == "firstkey/0b9f/deliver/1/password-set-notice/sms")
        #expect(sms.kind == .passwordSetNotice && sms.channel == .sms && sms.recipient == "+491701234567" && sms.subject == nil)
        let email = try composer.passwordSetNotice(via: Self.mailbox, content: content, idempotencyKey: key, tag: "0b9f", firstAttemptAt: Samples.epoch)
        #expect(email.idempotencyKey.rawValue == "firstkey/0b9f/deliver/1/password-set-notice/email")
        #expect(email.subject == "Contoso: your password was set" && email.html != nil)

        let manager = DeliveryRoute(destination: .managerEmail, channel: .email, address: "boss@contoso.com")
        let smsToAMailbox = DeliveryRoute(destination: .hirePrivateEmail, channel: .sms, address: "+491701234567")
        for route in [manager, smsToAMailbox] {
            #expect(throws: DeliveryError.self) {
                try composer.passwordSetNotice(via: route, content: content, idempotencyKey: key, tag: "0b9f", firstAttemptAt: Samples.epoch)
            }
        }
        // It is no part of a plan, and the planned kinds still need theirs.
        let plan = try DeliveryPolicy.plan(DeliveryPlanRequest(mode: .selfService, recipients: Samples.allRecipients, channels: [.sms, .email]))
        #expect(throws: DeliveryError.self) {
            try composer.message(.passwordSetNotice, of: plan, content: content, idempotencyKey: key, tag: "0b9f", firstAttemptAt: Samples.epoch)
        }
        #expect(throws: DeliveryError.self) { try composer.render(.pickupLink, format: .email, language: .english, plan: nil, content: content) }
        // Other languages fall back to English.
        var french = content
        french.hireLanguage = DeliveryLanguage(tag: "fr")!
        let fallback = try composer.passwordSetNotice(via: Self.mailbox, content: french, idempotencyKey: key, tag: "0b9f", firstAttemptAt: Samples.epoch)
        #expect(fallback.language == .english && fallback.subject == "Contoso: your password was set")
    }

    @Test func thePreviewShowsItForThePortalModes() throws {
        let composer = try Samples.composer()
        for mode in [DeliveryMode.selfService, .tap] {
            let preview = try DeliveryPreview(mode: mode, channels: [.sms, .email], composer: composer,
                                              content: DeliveryPreview.sampleContent(hireLanguage: .german, managerLanguage: .english, now: Samples.epoch))
            #expect(preview.entries.filter { $0.kind == .passwordSetNotice }.map(\.route.channel) == [.sms, .email])
            #expect(preview.text.contains("password-set-notice (on its own, once the portal has set the password): sms to the hire's mobile phone, fallback email to the hire's private e-mail"))
            #expect(preview.text.contains("Das Passwort Ihres Kontos kathy.example@contoso.com wurde am 19.02., 22:20 Uhr gesetzt."))
            #expect(!preview.plan.messages.contains { $0.kind == .passwordSetNotice })
        }
        let temporary = try DeliveryPreview(mode: .temporaryPassword, channels: [.sms, .email], composer: composer,
                                            content: DeliveryPreview.sampleContent(hireLanguage: .english, managerLanguage: .english))
        #expect(!temporary.entries.contains { $0.kind == .passwordSetNotice } && !temporary.text.contains("password-set-notice"))
    }
}
