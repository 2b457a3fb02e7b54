import Credentials
import Delivery
import Foundation
import Onboarding
import Store
import Testing
import TestSupport
@testable import OnboardingEngine

/// `DeliverySteps.notifyPasswordSet`: the notice after the portal set the password, with scripted
/// channels and a real SQLite store.
@Suite struct PasswordSetNoticeTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let setAt = now

    struct Fixture {
        let store: SQLiteCaseStore
        let sms: ScriptedChannel
        let webhook: ScriptedChannel
        let email: ScriptedChannel
        let steps: DeliverySteps
        let onboarding: OnboardingCase
    }

    static func withFixture(
        recipients: Recipients = Recipients(mobilePhone: "+15550100777", privateEmail: "kim@home.example", managerEmail: "boss@contoso.test"),
        channels: Set<DeliveryChannelKind> = [.sms, .webhook, .email], sms: [Result<DeliveryReceipt.Status, DeliveryError>] = [],
        email: [Result<DeliveryReceipt.Status, DeliveryError>] = [], _ body: (Fixture) async throws -> Void
    ) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-notice-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        let smsChannel = ScriptedChannel(.sms, answers: sms)
        let webhookChannel = ScriptedChannel(.webhook)
        let emailChannel = ScriptedChannel(.email, answers: email)
        let configured: [any DeliveryChannel] = [smsChannel, webhookChannel, emailChannel].filter { channels.contains($0.kind) }
        let composer = DeliveryComposer(templates: try DeliveryTemplates(), organizationName: "Contoso", helpContact: "the service desk (+1 555 0100)",
                                        timeZone: TimeZone(identifier: "UTC")!)
        let settings = DeliverySettings(channels: DeliveryChannelSet(configured), composer: composer, publicURL: URL(string: "https://firstkey.contoso.test"))
        let steps = DeliverySteps(settings: settings, store: store, sealer: SecretSealer(current: SealingKey.generate()), now: { Self.now })
        var onboarding = OnboardingCase(intakeKey: "employee:E78", identity: HireIdentity(employeeID: "E78"), hireDate: now.addingTimeInterval(7 * 86400),
                                        deliveryMode: .selfService, recipients: recipients, source: "api", createdAt: now)
        onboarding.identity.userPrincipalName = "kim@contoso.test"
        _ = try await store.createCase(onboarding, audit: [])
        let fixture = Fixture(store: store, sms: smsChannel, webhook: webhookChannel, email: emailChannel, steps: steps, onboarding: onboarding)
        do { try await body(fixture) } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    @Test func bySMSToTheHiresMobile() async throws {
        try await Self.withFixture { fixture in
            let line = await fixture.steps.notifyPasswordSet(fixture.onboarding, at: Self.setAt).summary
            #expect(line == "password-set notice sent by sms to +15•••••••77")
            let message = try #require(fixture.sms.messages.first)
            #expect(fixture.sms.messages.count == 1 && fixture.email.messages.isEmpty && fixture.webhook.messages.isEmpty)
            #expect(message.recipient == "+15550100777" && message.kind == .passwordSetNotice)
            #expect(message.text == "Contoso: The password of your account kim@contoso.test was set on 15 Jan, 08:00. Not you? Contact the service desk (+1 555 0100) at once.")
            #expect(message.idempotencyKey.rawValue == "firstkey/\(fixture.onboarding.id.rawValue)/deliver/0/password-set-notice/sms")
            let records = try await fixture.store.deliveries(for: fixture.onboarding.id)
            #expect(records.count == 1)
            let record = try #require(records.first)
            #expect(record.kind == "password-set-notice" && record.channel == "sms" && record.destination == "hire-mobile-phone")
            #expect(record.status == .accepted && record.providerMessageID == "sms-1" && record.maskedRecipient == "+15•••••••77")
            #expect(record.key == message.idempotencyKey.rawValue && record.firstAttemptAt == Self.now)
        }
    }

    @Test func byEMailWhenTheCaseHasNoMobile() async throws {
        try await Self.withFixture(recipients: Recipients(privateEmail: "kim@home.example", managerEmail: "boss@contoso.test")) { fixture in
            let line = await fixture.steps.notifyPasswordSet(fixture.onboarding, at: Self.setAt).summary
            #expect(line == "password-set notice sent by email to k•••@home.example")
            #expect(fixture.email.messages.map(\.recipient) == ["kim@home.example"])
            let message = try #require(fixture.email.messages.first)
            #expect(message.subject == "Contoso: your password was set" && message.html != nil)
            #expect(message.text.contains("was set on 15 January 2027 at 08:00") && message.text.contains("kim@contoso.test"))
            #expect(fixture.sms.messages.isEmpty)
        }
    }

    @Test func byEMailWhenNoPhoneChannelIsConfigured() async throws {
        try await Self.withFixture(channels: [.email]) { fixture in
            #expect(await fixture.steps.notifyPasswordSet(fixture.onboarding, at: Self.setAt).summary == "password-set notice sent by email to k•••@home.example")
            #expect(fixture.email.messages.map(\.recipient) == ["kim@home.example"])
        }
    }

    @Test func aPermanentSMSRefusalGoesByEMail() async throws {
        let refused = DeliveryError(.invalidRecipient, provider: .azureCommunicationServices, detail: "not a mobile number")
        try await Self.withFixture(sms: [.failure(refused)]) { fixture in
            let line = await fixture.steps.notifyPasswordSet(fixture.onboarding, at: Self.setAt).summary
            #expect(line.hasPrefix("password-set notice sent by email to k•••@home.example (sms to +15•••••••77 was refused ("), "\(line)")
            #expect(!line.contains("100777") && !line.contains("kim@home"))
            #expect(fixture.sms.messages.count == 1 && fixture.email.messages.count == 1 && fixture.webhook.messages.isEmpty)
            let records = try await fixture.store.deliveries(for: fixture.onboarding.id)
            #expect(Dictionary(uniqueKeysWithValues: records.map { ($0.channel, $0.status) }) == ["sms": .failed, "email": .accepted])
            // Called again: nothing more is sent.
            #expect(await fixture.steps.notifyPasswordSet(fixture.onboarding, at: Self.setAt).summary == "password-set notice already sent by email to k•••@home.example")
            #expect(fixture.sms.messages.count == 1 && fixture.email.messages.count == 1)
        }
    }

    @Test func anSMSThatDoesNotAnswerGoesByEMailToo() async throws {
        let timedOut = DeliveryError(.timedOut, provider: .azureCommunicationServices, detail: "no answer within 30 s")
        try await Self.withFixture(sms: [.failure(timedOut)]) { fixture in
            let line = await fixture.steps.notifyPasswordSet(fixture.onboarding, at: Self.setAt).summary
            #expect(line.hasPrefix("password-set notice sent by email to k•••@home.example (sms to +15•••••••77 did not answer ("), "\(line)")
            let records = try await fixture.store.deliveries(for: fixture.onboarding.id)
            // The SMS may have arrived: its record stays `sending`, as in the deliver step.
            #expect(Dictionary(uniqueKeysWithValues: records.map { ($0.channel, $0.status) }) == ["sms": .sending, "email": .accepted])
        }
    }

    @Test func aSecondCallSendsNothing() async throws {
        try await Self.withFixture { fixture in
            _ = await fixture.steps.notifyPasswordSet(fixture.onboarding, at: Self.setAt).summary
            let again = await fixture.steps.notifyPasswordSet(fixture.onboarding, at: Self.setAt.addingTimeInterval(60)).summary
            #expect(again == "password-set notice already sent by sms to +15•••••••77")
            #expect(fixture.sms.messages.count == 1 && fixture.email.messages.isEmpty)
            #expect((try? await fixture.store.deliveries(for: fixture.onboarding.id))?.count == 1)
        }
    }

    @Test func everyRouteRefusedSaysSoAndNeverTriesTheManager() async throws {
        let refused = DeliveryError(.invalidRecipient, provider: .azureCommunicationServices, detail: "not a mobile number")
        let bounced = DeliveryError(.permanentFailure, provider: .smtp, detail: "550 5.1.1 mailbox unknown")
        try await Self.withFixture(channels: [.sms, .email], sms: [.failure(refused)], email: [.failure(bounced)]) { fixture in
            let line = await fixture.steps.notifyPasswordSet(fixture.onboarding, at: Self.setAt).summary
            #expect(line.hasPrefix("password-set notice not sent: sms to +15•••••••77 was refused ("), "\(line)")
            #expect(line.contains("; email to k•••@home.example was refused ("), "\(line)")
            #expect(!fixture.email.messages.contains { $0.recipient == "boss@contoso.test" })
            // A second call does not repeat refused routes.
            let again = await fixture.steps.notifyPasswordSet(fixture.onboarding, at: Self.setAt).summary
            #expect(again.hasPrefix("password-set notice not sent: sms to +15•••••••77 was refused earlier"), "\(again)")
            #expect(fixture.sms.messages.count == 1 && fixture.email.messages.count == 1)
        }
    }

    @Test func nothingToSendTo() async throws {
        try await Self.withFixture(recipients: Recipients(managerEmail: "boss@contoso.test")) { fixture in
            #expect(await fixture.steps.notifyPasswordSet(fixture.onboarding, at: Self.setAt).summary == "password-set notice not sent: no mobile number or private e-mail on the case")
            #expect(fixture.sms.messages.isEmpty && fixture.email.messages.isEmpty && fixture.webhook.messages.isEmpty)
            #expect((try? await fixture.store.deliveries(for: fixture.onboarding.id))?.isEmpty == true)
        }
        try await Self.withFixture(channels: []) { fixture in
            let line = await fixture.steps.notifyPasswordSet(fixture.onboarding, at: Self.setAt).summary
            #expect(line == "password-set notice not sent: no SMS or webhook channel is configured for the mobile number, and no e-mail channel is configured for the private e-mail address")
        }
    }

    @Test func itDoesNotDisturbTheDeliverStep() async throws {
        try await Self.withFixture { fixture in
            guard case .succeeded = await fixture.steps.deliver(fixture.onboarding).outcome else { Issue.record("not delivered"); return }
            let invitations = fixture.email.messages.count
            _ = await fixture.steps.notifyPasswordSet(fixture.onboarding, at: Self.setAt).summary
            // A later run of delivery (the complete step) sends nothing again, the notice included.
            guard case .succeeded = await fixture.steps.deliver(fixture.onboarding).outcome else { Issue.record("not delivered"); return }
            #expect(fixture.email.messages.count == invitations && fixture.sms.messages.count == 1)
        }
    }

    // MARK: The engine's clean-up step sends it, not the web request

    /// The case as the portal leaves it: correlated and checked, then the hire's password chosen.
    static func chosen(_ onboarding: OnboardingCase, at time: Date = setAt) throws -> OnboardingCase {
        var generator = SystemRandomNumberGenerator()
        var checked = onboarding
        for kind in [StepKind.correlate, .check] {
            checked = try CaseLifecycle().record(.succeeded(detail: "test"), for: kind, of: checked, at: time, using: &generator).updated
        }
        return try CaseLifecycle().passwordChosen(checked, at: time, actor: "portal:test", detail: "set in the portal").updated
    }

    @Test func theCleanUpStepHasNoNoticeToSendWithoutAPortalPassword() async throws {
        try await Self.withFixture { fixture in
            #expect(await fixture.steps.passwordSetNoticeStep(fixture.onboarding) == nil)
            #expect(fixture.sms.messages.isEmpty && fixture.email.messages.isEmpty)
        }
    }

    @Test func theCleanUpStepSendsTheNoticeForThePasswordChosenInThePortal() async throws {
        try await Self.withFixture { fixture in
            let completed = try Self.chosen(fixture.onboarding, at: Self.setAt.addingTimeInterval(-90))
            let result = try #require(await fixture.steps.passwordSetNoticeStep(completed))
            #expect(result.outcome == .succeeded(detail: "password-set notice sent by sms to +15•••••••77"))
            // The time in the notice is when the password was set, not when the step ran.
            #expect(fixture.sms.messages.map(\.text) == ["Contoso: The password of your account kim@contoso.test was set on 15 Jan, 07:58. Not you? Contact the service desk (+1 555 0100) at once."])
            // The step runs again after a crash: nothing is sent twice.
            #expect(await fixture.steps.passwordSetNoticeStep(completed)?.outcome == .succeeded(detail: "password-set notice already sent by sms to +15•••••••77"))
            #expect(fixture.sms.messages.count == 1)
        }
    }

    @Test func aNoticeNoRouteAnsweredIsRetriedUnderTheSameIdempotencyKey() async throws {
        let timedOut = DeliveryError(.timedOut, provider: .azureCommunicationServices, detail: "no answer within 30 s")
        let mailTimedOut = DeliveryError(.timedOut, provider: .smtp, detail: "no answer within 30 s")
        try await Self.withFixture(channels: [.sms, .email], sms: [.failure(timedOut)], email: [.failure(mailTimedOut)]) { fixture in
            let completed = try Self.chosen(fixture.onboarding)
            let first = try #require(await fixture.steps.passwordSetNoticeStep(completed))
            guard case .retry(let reason) = first.outcome else { Issue.record("not retried: \(first.outcome)"); return }
            #expect(reason.hasPrefix("password-set notice not sent: sms to +15•••••••77 did not answer"), "\(reason)")
            #expect(!reason.contains("100777") && !reason.contains("kim@home"))
            let again = try #require(await fixture.steps.passwordSetNoticeStep(completed))
            #expect(again.outcome == .succeeded(detail: "password-set notice sent by sms to +15•••••••77"))
            #expect(fixture.sms.messages.count == 2 && Set(fixture.sms.messages.map(\.idempotencyKey)).count == 1)
            #expect(fixture.email.messages.count == 1)
        }
    }

    @Test func aNoticeEveryRouteRefusedDoesNotHoldUpTheCleanUp() async throws {
        let refused = DeliveryError(.invalidRecipient, provider: .azureCommunicationServices, detail: "not a mobile number")
        let bounced = DeliveryError(.permanentFailure, provider: .smtp, detail: "550 5.1.1 mailbox unknown")
        try await Self.withFixture(channels: [.sms, .email], sms: [.failure(refused)], email: [.failure(bounced)]) { fixture in
            let result = try #require(await fixture.steps.passwordSetNoticeStep(try Self.chosen(fixture.onboarding)))
            guard case .succeeded(let detail) = result.outcome else { Issue.record("held up: \(result.outcome)"); return }
            #expect(detail.hasPrefix("password-set notice not sent: sms to +15•••••••77 was refused"), "\(detail)")
        }
    }

    @Test func aNoticeThatNeverGoesThroughIsGivenUpOnAndSaysSo() async throws {
        let timedOut = DeliveryError(.timedOut, provider: .azureCommunicationServices, detail: "no answer within 30 s")
        try await Self.withFixture(channels: [.sms], sms: Array(repeating: .failure(timedOut), count: 20)) { fixture in
            var completed = try Self.chosen(fixture.onboarding)
            var generator = SystemRandomNumberGenerator()
            for _ in 1..<DeliverySteps.passwordSetNoticeAttempts {
                let result = try #require(await fixture.steps.passwordSetNoticeStep(completed))
                guard case .retry = result.outcome else { Issue.record("not retried: \(result.outcome)"); return }
                completed = try CaseLifecycle().record(result.outcome, for: .cleanUp, of: completed, at: Self.now, using: &generator).updated
            }
            let last = try #require(await fixture.steps.passwordSetNoticeStep(completed))
            guard case .succeeded(let detail) = last.outcome else { Issue.record("not given up: \(last.outcome)"); return }
            #expect(detail.hasSuffix("; gave up after \(DeliverySteps.passwordSetNoticeAttempts) attempts"), "\(detail)")
            #expect(fixture.sms.messages.count == DeliverySteps.passwordSetNoticeAttempts)
        }
    }
}
