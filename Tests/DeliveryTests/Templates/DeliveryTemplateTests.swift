import Foundation
import Onboarding
import Testing
@testable import Delivery

@Suite struct DeliveryTemplateTests {
    static let combinations: [(DeliveryMessageKind, DeliveryTemplateFormat)] = [
        (.pickupLink, .email), (.pickupLink, .sms), (.pickupCode, .sms), (.pickupCode, .email),
        (.portalInvitation, .email), (.portalInvitation, .sms), (.managerNotice, .email),
        (.passwordSetNotice, .sms), (.passwordSetNotice, .email),
    ]

    private func plan(_ mode: DeliveryMode, linkBy: DeliveryDestination = .hirePrivateEmail) throws -> DeliveryPlan {
        try DeliveryPolicy.plan(DeliveryPlanRequest(
            mode: mode, recipients: Samples.allRecipients, channels: [.sms, .email, .webhook], options: DeliveryPlanOptions(pickupLinkDestination: linkBy)))
    }

    @Test func everyKindFormatAndLanguageIsBuiltIn() throws {
        let templates = try DeliveryTemplates()
        for language in DeliveryLanguage.builtIn {
            for (kind, format) in Self.combinations {
                #expect(templates.keys.contains(DeliveryTemplateKey(kind, format, language)), "\(kind)/\(format)/\(language)")
            }
        }
        #expect(templates.keys.count == Self.combinations.count * DeliveryLanguage.builtIn.count)
    }

    /// The code SMS fits one GSM-7 segment for organization names of up to 20 characters and
    /// codes of up to 12; the link and portal SMS fit two with a typical link and UPN.
    @Test(arguments: DeliveryLanguage.builtIn)
    func smsLengths(language: DeliveryLanguage) throws {
        let composer = try Samples.composer(organization: "Contoso Deutschland!")
        #expect(composer.organizationName.count == 20)
        let content = Samples.content(code: "K7P2-9QX4-ZZ", language: language)
        for mode in [DeliveryMode.temporaryPassword, .tap] {
            let code = try composer.render(.pickupCode, format: .sms, language: language, plan: try plan(mode), content: content)
            let encoding = SMSEncoding(code.text)
            #expect(encoding.alphabet == .gsm7, "\(code.text)")
            #expect(encoding.segments == 1, "\(encoding): \(code.text)")
            let link = try composer.render(.pickupLink, format: .sms, language: language, plan: try plan(mode, linkBy: .hireMobilePhone), content: content)
            #expect(SMSEncoding(link.text).alphabet == .gsm7)
            #expect(SMSEncoding(link.text).segments <= 2, "\(SMSEncoding(link.text))")
        }
        let invitation = try composer.render(.portalInvitation, format: .sms, language: language, plan: try plan(.selfService), content: content)
        #expect(SMSEncoding(invitation.text).alphabet == .gsm7)
        #expect(SMSEncoding(invitation.text).segments <= 2)
    }

    @Test func htmlIsEscapedAndTextIsNot() throws {
        let composer = DeliveryComposer(templates: try DeliveryTemplates(), organizationName: "Müller & Söhne <IT>", helpContact: "\"desk\" <desk@example.com>")
        var content = Samples.content()
        content.displayName = "<script>alert(1)</script>"
        let body = try composer.render(.pickupLink, format: .email, language: .english, plan: try plan(.temporaryPassword), content: content)
        let html = try #require(body.html)
        #expect(html.contains("Müller &amp; Söhne &lt;IT&gt;"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&quot;desk&quot; &lt;desk@example.com&gt;"))
        #expect(html.contains(#"<a href="https://firstkey.contoso.com/pickup/tok-ABCDEF0123456789""#))
        #expect(body.text.contains("Hello <script>alert(1)</script>,"))
        #expect(body.text.contains("Müller & Söhne <IT>"))
        #expect(body.subject == "Your Müller & Söhne <IT> account: your first sign-in")
        let sms = try composer.render(.pickupCode, format: .sms, language: .english, plan: try plan(.tap), content: content)
        #expect(sms.text.hasPrefix("Müller & Söhne <IT>: Your pickup code is K7P2-9QX4."))
    }

    @Test func aLinkWithAmpersandsIsAValidAttribute() throws {
        let composer = try Samples.composer()
        let content = Samples.content(link: "https://firstkey.contoso.com/pickup?t=abc&lang=de")
        let body = try composer.render(.pickupLink, format: .email, language: .german, plan: try plan(.tap), content: content)
        #expect(body.html?.contains(#"href="https://firstkey.contoso.com/pickup?t=abc&amp;lang=de""#) == true)
        #expect(body.text.contains("https://firstkey.contoso.com/pickup?t=abc&lang=de"))
    }

    @Test func eachMessageCarriesOnlyWhatItsKindMay() throws {
        let composer = try Samples.composer()
        for language in DeliveryLanguage.builtIn {
            let content = Samples.content(language: language)
            let link = content.pickupLink!.absoluteString
            for mode in [DeliveryMode.temporaryPassword, .tap] {
                for linkBy in [DeliveryDestination.hirePrivateEmail, .hireMobilePhone] {
                    let plan = try plan(mode, linkBy: linkBy)
                    for message in try composer.messages(for: plan, content: content, idempotencyKey: .delivery(caseID: "c1", round: 0), tag: "c1", firstAttemptAt: Samples.epoch) {
                        let everything = [message.subject ?? "", message.text, message.html ?? ""].joined(separator: "\n")
                        switch message.kind {
                        case .pickupLink:
                            #expect(everything.contains(content.username) && everything.contains(link))
                            #expect(!everything.contains("K7P2-9QX4"))
                        case .pickupCode:
                            #expect(everything.contains("K7P2-9QX4"))
                            #expect(!everything.contains(content.username) && !everything.contains(link) && !everything.contains("pickup/tok"))
                            #expect(!everything.contains("Kathy"), "the code message does not name the hire")
                        case .managerNotice:
                            #expect(everything.contains(content.username))
                            #expect(!everything.contains("K7P2-9QX4") && !everything.contains(link) && !everything.contains("pickup/tok"))
                        default:
                            Issue.record("unexpected \(String(describing: message.kind))")
                        }
                    }
                }
            }
            let selfService = try composer.messages(for: try plan(.selfService), content: content, idempotencyKey: .delivery(caseID: "c1", round: 0), tag: "c1", firstAttemptAt: Samples.epoch)
            for message in selfService {
                let everything = [message.subject ?? "", message.text, message.html ?? ""].joined(separator: "\n")
                #expect(everything.contains("https://firstkey.contoso.com/portal"))
                #expect(!everything.contains("K7P2-9QX4") && !everything.contains("pickup/tok"))
            }
        }
    }

    @Test func aCodeInsideTheUsernameStopsTheMessage() throws {
        let composer = try Samples.composer()
        var content = Samples.content(code: "4711")
        content.pickupCode = "kathy"
        let error = try #require(throws: DeliveryError.self) {
            try composer.messages(for: try plan(.temporaryPassword), content: content, idempotencyKey: .delivery(caseID: "c1", round: 0), tag: "c1", firstAttemptAt: Samples.epoch)
        }
        #expect(error.code == .invalidMessage)
        #expect(error.description.contains("generate another pickup code"))
        #expect(!error.description.contains("kathy"))
    }

    @Test func aLinkCarryingTheCodeStopsTheMessage() throws {
        let composer = try Samples.composer()
        let content = Samples.content(code: "K7P2-9QX4", link: "https://firstkey.contoso.com/pickup/tok?code=K7P2-9QX4")
        let error = try #require(throws: DeliveryError.self) {
            try composer.render(.pickupLink, format: .email, language: .english, plan: try plan(.tap), content: content)
        }
        #expect(error.code == .invalidMessage)
    }

    @Test func requiredValues() throws {
        let composer = try Samples.composer()
        var noLink = Samples.content()
        noLink.pickupLink = nil
        #expect(throws: DeliveryError.self) { try composer.render(.pickupLink, format: .email, language: .english, plan: try plan(.tap), content: noLink) }
        var script = Samples.content()
        script.pickupLink = URL(string: "javascript:alert(1)")
        #expect(throws: DeliveryError.self) { try composer.render(.pickupLink, format: .sms, language: .english, plan: try plan(.tap), content: script) }
        var noCode = Samples.content()
        noCode.pickupCode = ""
        #expect(throws: DeliveryError.self) { try composer.render(.pickupCode, format: .sms, language: .english, plan: try plan(.tap), content: noCode) }
        var noPortal = Samples.content()
        noPortal.portalLink = nil
        #expect(throws: DeliveryError.self) { try composer.render(.portalInvitation, format: .sms, language: .english, plan: try plan(.selfService), content: noPortal) }
        // The manager notice of a pickup mode does not need the portal.
        _ = try composer.render(.managerNotice, format: .email, language: .english, plan: try plan(.tap), content: noPortal)
        var noUser = Samples.content()
        noUser.username = " "
        #expect(throws: DeliveryError.self) { try composer.render(.managerNotice, format: .email, language: .english, plan: try plan(.tap), content: noUser) }
    }

    @Test func composedMessages() throws {
        let composer = try Samples.composer()
        let plan = try plan(.temporaryPassword)
        var content = Samples.content(language: .german)
        content.managerLanguage = .english
        let messages = try composer.messages(for: plan, content: content, idempotencyKey: .delivery(caseID: "0b9f", round: 2), tag: "0b9f", firstAttemptAt: Samples.epoch)
        #expect(messages.map(\.idempotencyKey.rawValue) == [
            "firstkey/0b9f/deliver/2/pickup-link/email", "firstkey/0b9f/deliver/2/pickup-code/sms", "firstkey/0b9f/deliver/2/manager-notice/email",
        ])
        #expect(messages.map(\.recipient) == ["kathy@example.org", "+491701234567", "boss@contoso.com"])
        #expect(messages.map(\.language) == [.german, .german, .english])
        #expect(messages[0].subject == "Ihr Konto bei Contoso: Ihre erste Anmeldung")
        #expect(messages[1].subject == nil && messages[1].html == nil)
        #expect(messages.allSatisfy { $0.sensitiveValues.contains("K7P2-9QX4") && $0.tag == "0b9f" && $0.firstAttemptAt == Samples.epoch })

        let webhook = try #require(plan.nextRoute(for: .pickupCode, after: plan.message(.pickupCode)!.primaryRoute))
        let fallback = try composer.message(.pickupCode, of: plan, via: webhook, content: content, idempotencyKey: .delivery(caseID: "0b9f", round: 2), tag: "0b9f", firstAttemptAt: Samples.epoch)
        #expect(fallback.channel == .webhook)
        #expect(fallback.idempotencyKey.rawValue == "firstkey/0b9f/deliver/2/pickup-code/webhook")
        #expect(fallback.text == messages[1].text)

        let foreign = DeliveryRoute(destination: .hirePrivateEmail, channel: .email, address: "kathy@example.org")
        #expect(throws: DeliveryError.self) {
            try composer.message(.pickupCode, of: plan, via: foreign, content: content, idempotencyKey: .delivery(caseID: "x", round: 0), tag: "x", firstAttemptAt: Samples.epoch)
        }
    }

    @Test func datesFollowTheLanguage() throws {
        let composer = try Samples.composer()
        let english = try composer.render(.portalInvitation, format: .email, language: .english, plan: try plan(.selfService), content: Samples.content())
        #expect(english.text.contains("(Wednesday, 26 February 2025)"))
        let german = try composer.render(.portalInvitation, format: .email, language: .german, plan: try plan(.selfService), content: Samples.content(language: .german))
        #expect(german.text.contains("(Mittwoch, 26. Februar 2025)"))
        let sms = try composer.render(.pickupLink, format: .sms, language: .german, plan: try plan(.tap, linkBy: .hireMobilePhone), content: Samples.content())
        #expect(sms.text.contains("bis 22.02., 22:20"))
    }

    @Test func unknownLanguagesFallBackToEnglish() throws {
        let composer = try Samples.composer()
        let plan = try plan(.selfService)
        let content = Samples.content(language: DeliveryLanguage(tag: "fr-CA")!)
        let message = try composer.message(.portalInvitation, of: plan, content: content, idempotencyKey: .delivery(caseID: "c", round: 0), tag: "c", firstAttemptAt: Samples.epoch)
        #expect(message.language == .english)
        #expect(message.subject == "Welcome to Contoso: choose your password")
    }

    @Test func overrides() throws {
        let key = DeliveryTemplateKey(.pickupCode, .sms, .english)
        let templates = try DeliveryTemplates(overrides: [key: DeliveryTemplateSource(text: "{{organization}} code {{pickupCode}} {{username}} {{pickupLink}}")])
        let composer = DeliveryComposer(templates: templates, organizationName: "Contoso")
        let body = try composer.render(.pickupCode, format: .sms, language: .english, plan: try plan(.tap), content: Samples.content())
        // A template cannot show what its kind may not carry: the values are not there.
        #expect(body.text == "Contoso code K7P2-9QX4")

        #expect(throws: DeliveryError.self) { try DeliveryTemplates(overrides: [key: DeliveryTemplateSource(text: "{{#unclosed}}")]) }
        #expect(throws: DeliveryError.self) { try DeliveryTemplates(overrides: [key: DeliveryTemplateSource(subject: "s", text: "t")]) }
        #expect(throws: DeliveryError.self) {
            try DeliveryTemplates(overrides: [DeliveryTemplateKey(.pickupLink, .email, .german): DeliveryTemplateSource(text: "t")])
        }
        let french = DeliveryTemplateKey(.pickupCode, .sms, DeliveryLanguage(tag: "fr")!)
        let withFrench = try DeliveryTemplates(overrides: [french: DeliveryTemplateSource(text: "{{organization}} : votre code est {{pickupCode}}.")])
        let frenchBody = try DeliveryComposer(templates: withFrench, organizationName: "Contoso").render(
            .pickupCode, format: .sms, language: DeliveryLanguage(tag: "fr")!, plan: try plan(.tap), content: Samples.content())
        #expect(frenchBody.text == "Contoso : votre code est K7P2-9QX4.")
    }

    @Test func preview() throws {
        let composer = try Samples.composer()
        let preview = try DeliveryPreview(
            mode: .temporaryPassword, channels: [.sms, .email], composer: composer,
            content: DeliveryPreview.sampleContent(hireLanguage: .german, managerLanguage: .german, now: Samples.epoch))
        #expect(preview.entries.map(\.kind) == [.pickupLink, .pickupCode, .managerNotice])
        let text = preview.text
        #expect(text.contains("pickup-code: sms to the hire's mobile phone"))
        #expect(text.contains("Ihr Abholcode lautet EXAMPLE-CODE"))
        #expect(text.contains("[SMS: GSM-7, "))
        #expect(text.contains("[HTML part: "))
        #expect(throws: DeliveryPlanError.self) {
            try DeliveryPreview(mode: .tap, channels: [.email], composer: composer, content: DeliveryPreview.sampleContent(hireLanguage: .english, managerLanguage: .english))
        }
        let selfService = try DeliveryPreview(mode: .selfService, channels: [.sms, .email, .webhook], composer: composer,
                                              content: DeliveryPreview.sampleContent(hireLanguage: .english, managerLanguage: .english))
        // Each format once, even with two phone channels.
        #expect(selfService.entries.map { "\($0.kind)/\($0.route.channel)" } == [
            "portal-invitation/email", "portal-invitation/sms", "manager-notice/email", "password-set-notice/sms", "password-set-notice/email",
        ])
    }

    @Test func contentAndMessagesNeverPrintTheirSecrets() throws {
        let content = Samples.content()
        for text in [String(describing: content), String(reflecting: content), dumped(content)] {
            #expect(!text.contains("K7P2-9QX4") && !text.contains("tok-ABCDEF"), "\(text)")
        }
        let message = try Samples.composer().message(.pickupCode, of: try plan(.tap), content: content, idempotencyKey: .delivery(caseID: "c", round: 0), tag: "c", firstAttemptAt: Samples.epoch)
        for text in [String(describing: message), String(reflecting: message), dumped(message), "\(message)"] {
            #expect(!text.contains("K7P2-9QX4") && !text.contains("+491701234567"), "\(text)")
        }
        #expect(message.maskedRecipient == "+49••••••••67")
        #expect(RecipientMask.mask("kathy@example.org") == "k•••@example.org")
    }

    private func dumped<T>(_ value: T) -> String {
        var text = ""
        dump(value, to: &text)
        return text
    }

    @Test func languages() {
        #expect(DeliveryLanguage(tag: "de-AT") == .german)
        #expect(DeliveryLanguage(tag: "DE_ch") == .german)
        #expect(DeliveryLanguage(tag: "en") == .english)
        #expect(DeliveryLanguage(tag: "x") == nil)
        #expect(DeliveryLanguage(tag: "12") == nil)
        #expect(DeliveryLanguage.preferred(["fr-FR", "de-DE", "en"]) == .german)
        #expect(DeliveryLanguage.preferred(["fr"]) == .english)
    }

    @Test func idempotencyKeys() {
        #expect(DeliveryIdempotencyKey.delivery(caseID: "a/b c", round: 1).rawValue == "firstkey/a_b_c/deliver/1")
        #expect(DeliveryIdempotencyKey("") == nil)
        #expect(DeliveryIdempotencyKey("has space") == nil)
        #expect(DeliveryIdempotencyKey(String(repeating: "a", count: 201)) == nil)
        #expect(DeliveryIdempotencyKey("k")!.appending("ä b").rawValue == "k/__b")
    }
}
