import Credentials
import Delivery
import Foundation
import Onboarding
import Store
import Testing
import TestSupport
@testable import OnboardingEngine

/// A channel that records what it was given and answers as scripted, per call.
final class ScriptedChannel: DeliveryChannel, @unchecked Sendable {
    let kind: DeliveryChannelKind
    let provider: DeliveryProvider
    private let lock = NSLock()
    private var answers: [Result<DeliveryReceipt.Status, DeliveryError>]
    private var received: [DeliveryMessage] = []

    init(_ kind: DeliveryChannelKind, answers: [Result<DeliveryReceipt.Status, DeliveryError>] = []) {
        self.kind = kind
        self.provider = DeliveryProvider("scripted-\(kind)")
        self.answers = answers
    }

    var messages: [DeliveryMessage] { lock.withLock { received } }

    func send(_ message: DeliveryMessage) async throws(DeliveryError) -> DeliveryReceipt {
        let answer: Result<DeliveryReceipt.Status, DeliveryError> = lock.withLock {
            received.append(message)
            return answers.isEmpty ? .success(.accepted) : answers.removeFirst()
        }
        let status = try answer.get()
        return DeliveryReceipt(status: status, provider: provider, channel: kind, providerMessageID: "\(kind)-\(messages.count)",
                               idempotencyKey: message.idempotencyKey, at: Date())
    }
}

@Suite struct DeliveryStepsTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    struct Fixture {
        let store: SQLiteCaseStore
        let sealer: SecretSealer
        let sms: ScriptedChannel
        let webhook: ScriptedChannel
        let email: ScriptedChannel
        let steps: DeliverySteps
        let onboarding: OnboardingCase
    }

    static func withFixture(mode: DeliveryMode = .temporaryPassword, sms: [Result<DeliveryReceipt.Status, DeliveryError>] = [],
                            webhook: [Result<DeliveryReceipt.Status, DeliveryError>] = [], withWebhook: Bool = true,
                            clock: TestClock = TestClock(DeliveryStepsTests.now),
                            _ body: (Fixture) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-delivery-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        let sealer = SecretSealer(current: SealingKey.generate())
        let smsChannel = ScriptedChannel(.sms, answers: sms)
        let webhookChannel = ScriptedChannel(.webhook, answers: webhook)
        let emailChannel = ScriptedChannel(.email)
        let channels = DeliveryChannelSet(withWebhook ? [smsChannel, webhookChannel, emailChannel] : [smsChannel, emailChannel])
        let settings = DeliverySettings(channels: channels, composer: DeliveryComposer(templates: try DeliveryTemplates(), organizationName: "Contoso"),
                                        publicURL: URL(string: "https://firstkey.contoso.test"), pickupPolicy: PickupPolicy(maximumAttempts: 3, lifetime: 3600),
                                        reportingProviders: ["scripted-sms"], reportTimeout: 600)
        let steps = DeliverySteps(settings: settings, store: store, sealer: sealer, now: { clock.now })
        var onboarding = OnboardingCase(intakeKey: "employee:E77", identity: HireIdentity(employeeID: "E77"), hireDate: now.addingTimeInterval(7 * 86400),
                                        deliveryMode: mode, recipients: Recipients(mobilePhone: "+15550100777", privateEmail: "kim@home.example",
                                                                                   managerEmail: "boss@contoso.test"),
                                        source: "api", createdAt: now)
        onboarding.identity.userPrincipalName = "kim@contoso.test"
        onboarding.identity.samAccountName = "kim"
        _ = try await store.createCase(onboarding, audit: [])
        if mode == .temporaryPassword {
            let password = TestSecrets.canaryPassword()
            try await store.storeSealedSecret(try sealer.seal(password, context: onboarding.id.rawValue).storageText,
                                              kind: SealedPasswordIssuer.secretKind, for: onboarding.id, at: now)
        }
        let fixture = Fixture(store: store, sealer: sealer, sms: smsChannel, webhook: webhookChannel, email: emailChannel, steps: steps, onboarding: onboarding)
        do { try await body(fixture) } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    @Test func theLinkAndTheCodeTravelApartAndTheManagerGetsNoSecret() async throws {
        try await Self.withFixture { fixture in
            let result = await fixture.steps.deliver(fixture.onboarding)
            guard case .succeeded(let detail) = result.outcome else { Issue.record("\(result.outcome)"); return }
            #expect(detail.contains("pickup-code by sms"))
            let emails = fixture.email.messages
            #expect(emails.map(\.recipient).sorted() == ["boss@contoso.test", "kim@home.example"])
            let link = try #require(emails.first { $0.recipient == "kim@home.example" })
            let code = try #require(fixture.sms.messages.first)
            #expect(fixture.sms.messages.count == 1 && code.recipient == "+15550100777")
            // the link message has the username and the link, the SMS only the code
            #expect(link.text.contains("kim@contoso.test") && link.text.contains("https://firstkey.contoso.test/pickup/"))
            let token = try #require(link.text.components(separatedBy: "/pickup/").last?.prefix(22))
            let digits = code.text.filter(\.isNumber)
            #expect(!code.text.contains("kim") && !code.text.contains("/pickup/"))
            #expect(digits.count >= 8)
            let manager = try #require(emails.first { $0.recipient == "boss@contoso.test" })
            #expect(!manager.text.contains(String(token)) && !manager.text.contains("/pickup/"))
            // the ticket exists under the token's digest, and the page's copy of the secret is sealed
            let ticket = try #require(try await fixture.store.pickup(tokenDigest: PickupSecrets.tokenDigest(String(token))))
            #expect(ticket.state == .open && ticket.attemptsLeft == 3 && ticket.expiresAt == Self.now.addingTimeInterval(3600))
            let sealed = try #require(try await fixture.store.sealedSecret(kind: PickupSecret.secretKind, for: fixture.onboarding.id))
            let secret = try PickupSecret(document: try fixture.sealer.open(SealedSecret(storageText: sealed), context: fixture.onboarding.id.rawValue))
            #expect(secret.kind == .temporaryPassword)
            // every message is on record, accepted, with the provider's ID and a masked recipient
            let records = try await fixture.store.deliveries(for: fixture.onboarding.id)
            #expect(records.count == 3 && records.allSatisfy { $0.status == .accepted && $0.providerMessageID != nil })
            #expect(!records.contains { $0.maskedRecipient.contains("100777") || $0.maskedRecipient.contains("kim@") })
        }
    }

    @Test func aRetrySendsOnlyWhatWasNotAcceptedWithTheSameLinkAndCode() async throws {
        let throttled = DeliveryError(.throttled, provider: .azureCommunicationServices, detail: "429")
        try await Self.withFixture(sms: [.failure(throttled)]) { fixture in
            let first = await fixture.steps.deliver(fixture.onboarding)
            guard case .retry(let reason) = first.outcome else { Issue.record("\(first.outcome)"); return }
            #expect(reason.contains("pickup-code"))
            let second = await fixture.steps.deliver(fixture.onboarding)
            guard case .succeeded = second.outcome else { Issue.record("\(second.outcome)"); return }
            // the e-mails went once; the SMS twice, as the same message (same key, same code)
            #expect(fixture.email.messages.count == 2)
            #expect(fixture.sms.messages.count == 2)
            #expect(fixture.sms.messages[0].idempotencyKey == fixture.sms.messages[1].idempotencyKey)
            #expect(fixture.sms.messages[0].text == fixture.sms.messages[1].text)
            #expect(fixture.sms.messages[0].firstAttemptAt == fixture.sms.messages[1].firstAttemptAt)
            // a third run (say, after a crash before the step was saved) sends nothing more
            _ = await fixture.steps.deliver(fixture.onboarding)
            #expect(fixture.email.messages.count == 2 && fixture.sms.messages.count == 2)
        }
    }

    @Test func aRefusedCodeFallsBackToTheWebhookOnTheSamePhoneNeverToTheMailbox() async throws {
        let refused = DeliveryError(.invalidRecipient, provider: .azureCommunicationServices, detail: "not a mobile number")
        try await Self.withFixture(sms: [.failure(refused)]) { fixture in
            let result = await fixture.steps.deliver(fixture.onboarding)
            guard case .succeeded = result.outcome else { Issue.record("\(result.outcome)"); return }
            #expect(fixture.webhook.messages.map(\.recipient) == ["+15550100777"])
            #expect(fixture.webhook.messages.first?.kind == .pickupCode)
            let records = try await fixture.store.deliveries(for: fixture.onboarding.id)
            #expect(records.filter { $0.kind == "pickup-code" }.map(\.status) == [.failed, .accepted])
        }
    }

    @Test func noRouteLeftNeedsAPerson() async throws {
        let refused = DeliveryError(.invalidRecipient, provider: .azureCommunicationServices, detail: "not a mobile number")
        try await Self.withFixture(sms: [.failure(refused)], withWebhook: false) { fixture in
            let result = await fixture.steps.deliver(fixture.onboarding)
            guard case .attention(let reason) = result.outcome else { Issue.record("\(result.outcome)"); return }
            #expect(reason.contains("pickup-code") && reason.contains("any route"))
            #expect(!reason.contains("100777"))
        }
    }

    @Test func theCompleteStepFollowsThePickup() async throws {
        try await Self.withFixture { fixture in
            #expect(await fixture.steps.pickupOutcome(fixture.onboarding) == nil)
            _ = await fixture.steps.deliver(fixture.onboarding)
            #expect(await fixture.steps.pickupOutcome(fixture.onboarding) == nil)
            let link = try #require(fixture.email.messages.first { $0.recipient == "kim@home.example" })
            let token = String(try #require(link.text.components(separatedBy: "/pickup/").last?.prefix(22)))
            let ticket = try #require(try await fixture.store.pickup(tokenDigest: PickupSecrets.tokenDigest(token)))
            var burned = ticket
            burned.state = .burned
            #expect(try await fixture.store.updatePickup(burned, replacing: ticket))
            guard case .attention(let reason)? = await fixture.steps.pickupOutcome(fixture.onboarding) else { Issue.record("not attention"); return }
            #expect(reason.contains("wrong codes"))
            // a re-send is a new round: a new link and code, and a new ticket
            let resent = try CaseLifecycle().resend(try fixture.onboarding.advanced(through: [.correlate, .check, .prepareCredential, .deliver]),
                                                    at: Self.now, actor: "admin").updated
            #expect(resent.resendCount == 1)
            guard case .succeeded = await fixture.steps.deliver(resent).outcome else { Issue.record("re-send failed"); return }
            let newLink = try #require(fixture.email.messages.last { $0.recipient == "kim@home.example" })
            let newToken = String(try #require(newLink.text.components(separatedBy: "/pickup/").last?.prefix(22)))
            #expect(newToken != token)
            let newTicket = try #require(try await fixture.store.pickup(tokenDigest: PickupSecrets.tokenDigest(newToken)))
            #expect(await fixture.steps.pickupOutcome(resent) == nil)
            _ = try await fixture.store.revealPickup(newTicket, secretKind: PickupSecret.secretKind, at: Self.now)
            guard case .succeeded? = await fixture.steps.pickupOutcome(resent) else { Issue.record("not succeeded"); return }
        }
    }

    /// The link expired unused: the credential, the page's copy and the link and code are wiped
    /// at once (the case waits for a person meanwhile), and a re-send prepares a new credential.
    @Test func anExpiredPickupRoundIsWipedAndAReSendPreparesANewCredential() async throws {
        let clock = TestClock(Self.now)
        try await Self.withFixture(clock: clock) { fixture in
            let onboarding = try fixture.onboarding.advanced(through: [.correlate, .check, .prepareCredential])
            guard case .succeeded = await fixture.steps.deliver(onboarding).outcome else { Issue.record("not delivered"); return }
            let code = try #require(fixture.sms.messages.first.flatMap { message in message.text.split(separator: " ").first { $0.count >= 6 && $0.contains("-") } })
            clock.advance(3601)
            guard case .attention(let reason)? = await fixture.steps.pickupOutcome(onboarding) else { Issue.record("not attention"); return }
            #expect(reason.contains("expired"))

            #expect(try await fixture.steps.closePickupRound(onboarding))
            #expect(try await fixture.store.sealedSecret(kind: SealedPasswordIssuer.secretKind, for: onboarding.id) == nil, "the temporary password stayed")
            #expect(try await fixture.store.sealedSecret(kind: PickupSecret.secretKind, for: onboarding.id) == nil, "the page's copy stayed")
            let link = try #require(try await fixture.store.sealedSecret(kind: DeliverySteps.pickupMaterialKind, for: onboarding.id))
            let opened = try fixture.sealer.open(SealedSecret(storageText: link), context: onboarding.id.rawValue)
            #expect(!opened.contains(String(code)) && !opened.contains("\"token\""), "the link and code stayed: \(opened.count) bytes")
            // The ticket is still found (the case's outcome stays "expired"), and the wipe is idempotent.
            guard case .attention? = await fixture.steps.pickupOutcome(onboarding) else { Issue.record("the ended round is no longer seen"); return }
            #expect(try await !fixture.steps.closePickupRound(onboarding))
            // Nothing of the round can be sent again: a re-send must prepare a new credential.
            guard case .attention = await fixture.steps.deliver(onboarding).outcome else { Issue.record("the wiped round was sent again"); return }
            let resent = try CaseLifecycle().resend(onboarding.advanced(through: [.deliver]), at: clock.now, actor: "admin", prepareAgain: true).updated
            #expect(resent.state == .checked && resent.currentStep?.kind == .prepareCredential && resent.step(.prepareCredential).status == .pending)
        }
    }

    /// The store fails while the ended round is wiped: the complete step answers retry (the engine
    /// runs it again), not an outcome that would leave the secrets sealed until the case ends.
    @Test func aWipeThatFailsIsTheStepsRetryAndTheNextAttemptFinishesIt() async throws {
        let clock = TestClock(Self.now)
        try await Self.withFixture(clock: clock) { fixture in
            let flaky = FlakyStore(fixture.store)
            let settings = DeliverySettings(channels: DeliveryChannelSet([fixture.sms, fixture.email]),
                                            composer: DeliveryComposer(templates: try DeliveryTemplates(), organizationName: "Contoso"),
                                            publicURL: URL(string: "https://firstkey.contoso.test"), pickupPolicy: PickupPolicy(maximumAttempts: 3, lifetime: 3600))
            let steps = DeliverySteps(settings: settings, store: flaky, sealer: fixture.sealer, now: { clock.now })
            let runner = DirectoryStepRunner(directory: DirectoryStepRunnerEntraTests.unreachableDirectory(), issuer: nil, delivery: steps)
            let onboarding = try fixture.onboarding.advanced(through: [.correlate, .check, .prepareCredential, .deliver])
            guard case .succeeded = await steps.deliver(onboarding).outcome else { Issue.record("not delivered"); return }
            clock.advance(3601)

            flaky.failNextDeletes(1)
            let failed = await runner.run(.complete, for: onboarding)
            guard case .retry(let reason) = failed.outcome else { Issue.record("not a retry: \(failed.outcome)"); return }
            #expect(reason.contains("wiping") && reason.contains("injected"), "\(reason)")
            #expect(try await fixture.store.sealedSecret(kind: SealedPasswordIssuer.secretKind, for: onboarding.id) != nil)

            let again = await runner.run(.complete, for: onboarding)
            guard case .attention = again.outcome else { Issue.record("not attention: \(again.outcome)"); return }
            #expect(try await fixture.store.sealedSecret(kind: SealedPasswordIssuer.secretKind, for: onboarding.id) == nil)
            #expect(try await fixture.store.sealedSecret(kind: PickupSecret.secretKind, for: onboarding.id) == nil)
        }
    }

    /// While the link is open the complete step asks to be looked at again right after its expiry,
    /// so an expired round is wiped then, not at the next hourly backoff.
    @Test func anOpenPickupMakesTheCompleteStepLookAgainAtItsExpiry() async throws {
        let clock = TestClock(Self.now)
        try await Self.withFixture(clock: clock) { fixture in
            let runner = DirectoryStepRunner(directory: DirectoryStepRunnerEntraTests.unreachableDirectory(), issuer: nil, delivery: fixture.steps)
            let onboarding = try fixture.onboarding.advanced(through: [.correlate, .check, .prepareCredential, .deliver])
            guard case .succeeded = await fixture.steps.deliver(onboarding).outcome else { Issue.record("not delivered"); return }
            let open = await runner.run(.complete, for: onboarding)
            #expect(open.outcome.isWait, "\(open.outcome)")
            #expect(open.lookAgainBy == Self.now.addingTimeInterval(3601))
            clock.advance(3601)
            let expired = await runner.run(.complete, for: onboarding)
            #expect(expired.lookAgainBy == nil)
            #expect(try await fixture.store.sealedSecret(kind: SealedPasswordIssuer.secretKind, for: onboarding.id) == nil)
        }
    }

    @Test func aPickedUpRoundLeavesNoSecretBehind() async throws {
        try await Self.withFixture { fixture in
            let onboarding = try fixture.onboarding.advanced(through: [.correlate, .check, .prepareCredential])
            _ = await fixture.steps.deliver(onboarding)
            let link = try #require(fixture.email.messages.first { $0.recipient == "kim@home.example" })
            let token = String(try #require(link.text.components(separatedBy: "/pickup/").last?.prefix(22)))
            let ticket = try #require(try await fixture.store.pickup(tokenDigest: PickupSecrets.tokenDigest(token)))
            _ = try await fixture.store.revealPickup(ticket, secretKind: PickupSecret.secretKind, at: Self.now)
            guard case .succeeded? = await fixture.steps.pickupOutcome(onboarding) else { Issue.record("not picked up"); return }
            #expect(try await fixture.steps.closePickupRound(onboarding))
            #expect(try await fixture.store.sealedSecret(kind: SealedPasswordIssuer.secretKind, for: onboarding.id) == nil)
            #expect(try await fixture.store.sealedSecretCountsByKey().values.reduce(0, +) == 1, "only the closed link record (no token, no code) is left")
        }
    }

    @Test func theEngineReSendsAWipedRoundByPreparingANewCredential() async throws {
        try await Self.withFixture { fixture in
            let engine = OnboardingEngine(store: fixture.store, lifecycle: CaseLifecycle(), runner: IdleRunner())
            let onboarding = try await Self.deliveringCase("E88", in: fixture)
            _ = await fixture.steps.deliver(onboarding)
            // While the pickup is open, a re-send sends the same credential over a new link.
            let open = try await engine.resend(onboarding.id, actor: "admin")
            #expect(open.step(.prepareCredential).status == .succeeded && open.state == .credentialPrepared)
            // Once the round ended and was wiped, it prepares a new one first.
            _ = await fixture.steps.deliver(open)
            #expect(try await fixture.steps.closePickupRound(open))
            let wiped = try await engine.resend(onboarding.id, actor: "admin")
            #expect(wiped.step(.prepareCredential).status == .pending && wiped.state == .checked)
            #expect(try await fixture.store.auditTrail(of: onboarding.id).last?.detail.contains("prepare a new credential") == true)
        }
    }

    struct IdleRunner: StepRunner {
        func run(_ kind: StepKind, for onboarding: OnboardingCase) async -> StepResult { StepResult(.wait(reason: "not in this test")) }
    }

    @Test func aReportOfAnUndeliveredCodeSendsItOverTheNextRouteOnce() async throws {
        try await Self.withFixture { fixture in
            guard case .succeeded = await fixture.steps.deliver(fixture.onboarding).outcome else { Issue.record("not delivered"); return }
            let engine = OnboardingEngine(store: fixture.store, lifecycle: CaseLifecycle(), runner: IdleRunner(), now: { Self.now })
            let code = try #require(try await fixture.store.deliveries(for: fixture.onboarding.id).first { $0.kind == "pickup-code" })
            let failed = DeliveryStatusReport(provider: .twilio, providerMessageID: try #require(code.providerMessageID),
                                              status: .failed(reason: "Twilio reports the SMS as undelivered (error 30003)"), providerStatus: "undelivered")
            #expect(try await engine.record(failed))
            // the same report again (providers retry) and a report for an unknown message change nothing
            #expect(try await engine.record(failed))
            #expect(try await !engine.record(DeliveryStatusReport(provider: .twilio, providerMessageID: "SMunknown", status: .delivered, providerStatus: "delivered")))
            let audit = try await fixture.store.auditTrail(of: fixture.onboarding.id)
            #expect(audit.filter { $0.event == "delivery.failed" }.count == 1)
            #expect(audit.contains { $0.event == "delivery.failed" && $0.detail.contains("30003") && !$0.detail.contains("100777") })
            // the next run of delivery (the complete step does it) sends the code by webhook, same number, same code
            guard case .succeeded = await fixture.steps.deliver(fixture.onboarding).outcome else { Issue.record("fallback failed"); return }
            #expect(fixture.webhook.messages.map(\.recipient) == ["+15550100777"])
            #expect(fixture.webhook.messages.first?.text.filter(\.isNumber) == fixture.sms.messages.first?.text.filter(\.isNumber))
            #expect(fixture.email.messages.count == 2 && fixture.sms.messages.count == 1)
            _ = await fixture.steps.deliver(fixture.onboarding)
            #expect(fixture.webhook.messages.count == 1)
            // a delivered report is kept too
            let link = try #require(try await fixture.store.deliveries(for: fixture.onboarding.id).first { $0.kind == "pickup-link" })
            #expect(try await engine.record(DeliveryStatusReport(provider: .smtp, providerMessageID: try #require(link.providerMessageID), status: .delivered, providerStatus: "delivered")))
            #expect(try await fixture.store.deliveries(for: fixture.onboarding.id).first { $0.kind == "pickup-link" }?.status == .delivered)
        }
    }

    @Test func anSMSWithoutADeliveryReportInTimeGoesOverItsNextRoute() async throws {
        let clock = TestClock(Self.now)
        try await Self.withFixture(clock: clock) { fixture in
            guard case .succeeded = await fixture.steps.deliver(fixture.onboarding).outcome else { Issue.record("not delivered"); return }
            clock.now = Self.now.addingTimeInterval(599)
            _ = await fixture.steps.deliver(fixture.onboarding)
            #expect(fixture.webhook.messages.isEmpty)
            clock.now = Self.now.addingTimeInterval(600)
            guard case .succeeded = await fixture.steps.deliver(fixture.onboarding).outcome else { Issue.record("fallback failed"); return }
            #expect(fixture.webhook.messages.map(\.kind) == [.pickupCode])
            let code = try await fixture.store.deliveries(for: fixture.onboarding.id).filter { $0.kind == "pickup-code" }
            #expect(code.map(\.status) == [.failed, .accepted])
            #expect(code.first?.detail == "no delivery report from scripted-sms within 10 minutes")
            // e-mail sends no reports here: it is never given up on
            #expect(fixture.email.messages.count == 2)
        }
    }

    /// Another hire's case in the fixture's store, at its deliver step, with its sealed password.
    static func deliveringCase(_ employeeID: String, in fixture: Fixture) async throws -> OnboardingCase {
        var onboarding = OnboardingCase(intakeKey: "employee:\(employeeID)", identity: HireIdentity(employeeID: employeeID), hireDate: now.addingTimeInterval(7 * 86400),
                                        deliveryMode: .temporaryPassword, recipients: Recipients(mobilePhone: "+15550100888", privateEmail: "lee@home.example"),
                                        source: "api", createdAt: now)
        onboarding.identity.userPrincipalName = "\(employeeID.lowercased())@contoso.test"
        onboarding = try onboarding.advanced(through: [.correlate, .check, .prepareCredential])
        let stored = try await fixture.store.createCase(onboarding, audit: []).onboarding
        try await fixture.store.storeSealedSecret(try fixture.sealer.seal(TestSecrets.canaryPassword(), context: stored.id.rawValue).storageText,
                                                  kind: SealedPasswordIssuer.secretKind, for: stored.id, at: now)
        return stored
    }

    @Test func aRetryAfterHoldsBackEverySendOverThatChannelUntilItHasPassed() async throws {
        let throttled = DeliveryError(.throttled, provider: .azureCommunicationServices, retryAfter: .seconds(30), detail: "429")
        let clock = TestClock(Self.now)
        try await Self.withFixture(sms: [.failure(throttled)], clock: clock) { fixture in
            let other = try await Self.deliveringCase("E78", in: fixture)
            guard case .retry = await fixture.steps.deliver(fixture.onboarding).outcome else { Issue.record("the throttled send did not retry"); return }
            #expect(fixture.sms.messages.count == 1)
            // another case within the 30 s: its SMS is not even tried; its e-mail goes (another channel)
            clock.advance(29)
            let held = await fixture.steps.deliver(other)
            guard case .retry(let reason) = held.outcome else { Issue.record("\(held.outcome)"); return }
            #expect(reason.contains("held back") && reason.contains("Retry-After"))
            #expect(fixture.sms.messages.count == 1)
            #expect(fixture.email.messages.contains { $0.recipient == "lee@home.example" })
            // once it has passed, the SMS goes
            clock.advance(2)
            guard case .succeeded = await fixture.steps.deliver(other).outcome else { Issue.record("not sent after Retry-After"); return }
            #expect(fixture.sms.messages.count == 2 && fixture.sms.messages[1].recipient == "+15550100888")
        }
    }

    @Test func theFirstSendAcceptedAfterAnOutageMakesTheCasesWaitingOnThatChannelDueAtOnce() async throws {
        let unavailable = DeliveryError(.providerUnavailable, provider: .azureCommunicationServices, detail: "503")
        try await Self.withFixture(sms: [.failure(unavailable)]) { fixture in
            let waiting = try await Self.deliveringCase("E79", in: fixture)
            // the waiting case's send fails; the engine saves its retry with backoff
            let failed = await fixture.steps.deliver(waiting)
            guard case .retry = failed.outcome else { Issue.record("\(failed.outcome)"); return }
            let lease = try #require(try await fixture.store.leaseDueCases(now: Self.now, owner: "test", leaseDuration: 60, limit: 10)
                .first { $0.onboarding.id == waiting.id })
            var generator = SplitMix64(seed: 3)
            try await fixture.store.save(try CaseLifecycle().record(failed.outcome, for: .deliver, of: lease.onboarding, at: Self.now, using: &generator), under: lease)
            try await fixture.store.releaseLeases(owner: "test")
            let backedOff = try #require(try await fixture.store.fetchCase(waiting.id)?.currentStep?.nextAttemptAt)
            #expect(backedOff > Self.now.addingTimeInterval(1))
            // another case's SMS is accepted: the channel works again, the waiting case is due now
            let other = try await Self.deliveringCase("E80", in: fixture)
            guard case .succeeded = await fixture.steps.deliver(other).outcome else { Issue.record("not delivered"); return }
            var woken: OnboardingCase?
            for _ in 0..<100 {
                if let fetched = try await fixture.store.fetchCase(waiting.id), let due = fetched.currentStep?.nextAttemptAt, due <= Self.now.addingTimeInterval(1) {
                    woken = fetched
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(woken != nil, "the waiting case stayed on its backoff")
            #expect(try await fixture.store.auditTrail(of: waiting.id).contains { $0.event == "delivery.channel-recovered" })
            // a case that never failed over that channel is left alone
            #expect(try await !fixture.store.auditTrail(of: fixture.onboarding.id).contains { $0.event == "delivery.channel-recovered" })
        }
    }

    @Test func selfServiceSendsThePortalInvitationAndNoPickup() async throws {
        try await Self.withFixture(mode: .selfService) { fixture in
            guard case .succeeded = await fixture.steps.deliver(fixture.onboarding).outcome else { Issue.record("not delivered"); return }
            let invitation = try #require(fixture.email.messages.first { $0.recipient == "kim@home.example" })
            #expect(invitation.text.contains("https://firstkey.contoso.test/portal"))
            #expect(fixture.sms.messages.isEmpty)
            #expect(try await fixture.store.sealedSecret(kind: DeliverySteps.pickupMaterialKind, for: fixture.onboarding.id) == nil)
        }
    }
}

enum SplitMixHolder {
    nonisolated(unsafe) static var generator = SplitMix64(seed: 11)
}

extension OnboardingCase {
    /// The case after `kinds` succeeded in order (from its current step).
    func advanced(through kinds: [StepKind]) throws -> OnboardingCase {
        var onboarding = self
        for kind in kinds {
            onboarding = try CaseLifecycle().record(.succeeded(detail: ""), for: kind, of: onboarding, at: DeliveryStepsTests.now,
                                                    using: &SplitMixHolder.generator).updated
        }
        return onboarding
    }
}
