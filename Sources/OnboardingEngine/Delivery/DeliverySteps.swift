public import Credentials
public import Delivery
public import Foundation
public import Logging
import Microsoft
public import Onboarding
public import Store

/// How the deliver step reaches hires, as configured once.
public struct DeliverySettings: Sendable {
    public var channels: DeliveryChannelSet
    public var composer: DeliveryComposer
    public var options: DeliveryPlanOptions
    /// Where hires reach Firstkey: `<publicURL>/pickup/<token>`, `<publicURL>/portal`.
    public var publicURL: URL?
    public var pickupPolicy: PickupPolicy
    /// The language of the hire's and the manager's messages.
    public var language: DeliveryLanguage
    /// Providers whose delivery reports reach Firstkey (e.g. `twilio` with its status callback):
    /// a message of theirs still without a report after `reportTimeout` counts as not delivered.
    public var reportingProviders: Set<String>
    public var reportTimeout: TimeInterval

    public init(channels: DeliveryChannelSet, composer: DeliveryComposer, options: DeliveryPlanOptions = DeliveryPlanOptions(), publicURL: URL?,
                pickupPolicy: PickupPolicy = PickupPolicy(), language: DeliveryLanguage = .english,
                reportingProviders: Set<String> = [], reportTimeout: TimeInterval = 30 * 60) {
        self.channels = channels
        self.composer = composer
        self.options = options
        self.publicURL = publicURL
        self.pickupPolicy = pickupPolicy
        self.language = language
        self.reportingProviders = reportingProviders
        self.reportTimeout = reportTimeout
    }
}

/// The deliver step (split-channel messages, the pickup ticket) and what the complete step learns
/// from the pickup page. Every message is recorded before it is handed to its provider and again
/// with the provider's answer, so a retry after a crash or a transient error sends only what is
/// not yet accepted, under the same idempotency key; a permanent refusal moves the message to its
/// next route; a message with no route left needs a person (the case escalates).
public struct DeliverySteps: Sendable {
    /// The sealed pickup link and code of the current round, so that a retry sends the same ones.
    static let pickupMaterialKind = "pickup-link"

    let settings: DeliverySettings
    let store: any CaseStore
    let sealer: SecretSealer?
    let logger: Logger
    let now: @Sendable () -> Date
    /// Retry-After and recovery per channel, shared by every case this instance delivers.
    let pacing = ProviderPacing()

    public init(settings: DeliverySettings, store: any CaseStore, sealer: SecretSealer?, logger: Logger = Logger(label: "firstkey.delivery"),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.settings = settings
        self.store = store
        self.sealer = sealer
        self.logger = logger
        self.now = now
    }

    // MARK: Deliver

    public func deliver(_ onboarding: OnboardingCase) async -> StepResult {
        let plan: DeliveryPlan
        do {
            plan = try DeliveryPolicy.plan(DeliveryPlanRequest(mode: onboarding.deliveryMode, recipients: onboarding.recipients,
                                                               channels: settings.channels.kinds, options: settings.options))
        } catch {
            return StepResult(.attention(reason: "the messages cannot be sent safely: \(error)"))
        }
        guard let username = onboarding.identity.userPrincipalName ?? onboarding.identity.samAccountName else {
            return StepResult(.failed(reason: "the case has no username to tell the hire"))
        }
        guard let publicURL = settings.publicURL else {
            return StepResult(.attention(reason: "publicURL is not configured, so there is no link to send (the pickup page or the portal)"))
        }
        let round = onboarding.resendCount
        var content = DeliveryContent(username: username, displayName: onboarding.identity.displayName, hireDate: onboarding.hireDate,
                                      hireLanguage: settings.language, managerLanguage: settings.language)
        do {
            switch onboarding.deliveryMode {
            case .selfService:
                content.portalLink = publicURL.appendingPathComponent("portal")
            case .temporaryPassword, .tap:
                let material = try await pickupMaterial(for: onboarding, round: round)
                guard let token = material.token, let code = material.code else {
                    throw DeliveryStepFailure(.attention(reason: "this round's pickup link and code were wiped; re-send to give the hire a new one"))
                }
                content.pickupLink = publicURL.appendingPathComponent("pickup").appendingPathComponent(token)
                content.pickupCode = code
                content.pickupExpiresAt = material.expiresAt
            }
        } catch let failure as DeliveryStepFailure {
            return StepResult(failure.outcome)
        } catch {
            return StepResult(StepFailure.outcome(error, while: "preparing the pickup"))
        }
        return await send(plan, content: content, for: onboarding, round: round)
    }

    /// Sends every message of the plan not yet accepted in this round.
    func send(_ plan: DeliveryPlan, content: DeliveryContent, for onboarding: OnboardingCase, round: Int) async -> StepResult {
        let baseKey = DeliveryIdempotencyKey.delivery(caseID: onboarding.id.rawValue, round: round)
        var records: [String: DeliveryRecord]
        do {
            records = Dictionary(try await store.deliveries(for: onboarding.id).map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        } catch {
            return StepResult(.retry(reason: "the delivery records could not be read: \(error)"))
        }
        var sent: [String] = []
        for planned in plan.messages {
            var route = planned.primaryRoute
            while true {
                let key = baseKey.appending(planned.kind.rawValue).appending(route.channel.rawValue)
                var existing = records[key.rawValue]
                if var silent = existing, silent.status == .accepted, let provider = silent.provider, settings.reportingProviders.contains(provider),
                   now().timeIntervalSince(silent.updatedAt) >= settings.reportTimeout {
                    silent.status = .failed
                    silent.detail = "no delivery report from \(provider) within \(Int(settings.reportTimeout / 60)) minutes"
                    silent.updatedAt = now()
                    do { try await store.saveDelivery(silent) } catch {
                        return StepResult(.retry(reason: "the delivery record could not be saved: \(error)"))
                    }
                    records[silent.key] = silent
                    existing = silent
                }
                if let existing, existing.status == .accepted || existing.status == .delivered {
                    sent.append("\(planned.kind) by \(route.channel) to \(existing.maskedRecipient)")
                    break
                }
                if let existing, existing.status == .failed {
                    guard let next = plan.nextRoute(for: planned.kind, after: route) else {
                        return StepResult(.attention(reason: "the \(planned.kind) message could not be delivered by any route; last: \(route.channel) to \(existing.maskedRecipient): \(existing.detail ?? "failed")"))
                    }
                    route = next
                    continue
                }
                let time = now()
                if let until = pacing.heldUntil(route.channel, now: time) {
                    return StepResult(.retry(reason: "the \(planned.kind) message by \(route.channel): held back, not sent: the provider asked for no request before \(Self.clock(until)) (Retry-After)"))
                }
                let message: DeliveryMessage
                do {
                    message = try settings.composer.message(planned.kind, of: plan, via: route, content: content, idempotencyKey: baseKey,
                                                            tag: onboarding.id.rawValue, firstAttemptAt: existing?.firstAttemptAt ?? time)
                } catch {
                    return StepResult(.attention(reason: "the \(planned.kind) message could not be composed: \(error)"))
                }
                let record: DeliveryRecord
                do {
                    let attempt = try await self.attempt(
                        message, recording: existing ?? Self.record(of: message, kind: planned.kind, via: route, caseID: onboarding.id, round: round, at: time))
                    if let error = attempt.transientError {
                        pacing.failed(route.channel, retryAfter: error.retryAfter, now: now())
                        return StepResult(.retry(reason: "the \(planned.kind) message by \(route.channel): \(error.description)"))
                    }
                    record = attempt.record
                    if record.status == .accepted || record.status == .delivered, pacing.accepted(route.channel) {
                        await wakeCases(waitingOn: route.channel, except: onboarding.id)
                    }
                } catch {
                    return StepResult(.retry(reason: "the delivery record could not be saved: \(error)"))
                }
                records[record.key] = record
                if record.status == .failed {
                    logger.warning("message refused; trying its next route", metadata: ["case": "\(onboarding.id)", "kind": "\(planned.kind)", "channel": "\(route.channel)"])
                }
            }
        }
        return StepResult(.succeeded(detail: "sent " + sent.joined(separator: "; ")))
    }

    /// The channel works again after failing: every other case whose deliver step waits on it
    /// (its last error names the channel) is due now instead of at the end of its backoff, with
    /// an audit record. Cases a worker holds are skipped; they are running anyway. Runs inside the
    /// step that saw the channel recover (only the first accepted send after an outage does), so
    /// nothing of it outlives the engine's work.
    func wakeCases(waitingOn channel: DeliveryChannelKind, except caseID: CaseID) async {
        let marker = " by \(channel.rawValue): "
        do {
            let open = try await store.listCases(CaseFilter(states: [.credentialPrepared, .waiting, .escalated], limit: 100_000))
            var woken = 0
            for onboarding in open where onboarding.id != caseID {
                guard let step = onboarding.currentStep, step.kind == .deliver, let due = step.nextAttemptAt,
                      due > now().addingTimeInterval(1), step.lastError?.contains(marker) == true else { continue }
                let time = now()
                guard let transition = try? CaseLifecycle().nudge(onboarding, at: time, actor: "engine", event: "delivery.channel-recovered",
                                                                  detail: "\(channel.rawValue) accepts messages again: deliver is due now") else { continue }
                do {
                    try await store.saveAdministrative(transition, replacing: onboarding, now: time)
                    woken += 1
                } catch {
                    continue
                }
            }
            logger.notice("delivery channel recovered; waiting cases are due now", metadata: ["channel": "\(channel)", "cases": "\(woken)"])
        } catch {
            logger.warning("delivery channel recovered, but the waiting cases could not be listed; they retry on their own backoff",
                           metadata: ["channel": "\(channel)", "error": "\(error)"])
        }
    }

    static func clock(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// A new record of `message` on `route`, about to be sent.
    static func record(of message: DeliveryMessage, kind: DeliveryMessageKind, via route: DeliveryRoute, caseID: CaseID, round: Int, at time: Date) -> DeliveryRecord {
        DeliveryRecord(key: message.idempotencyKey.rawValue, caseID: caseID, round: round, kind: kind.rawValue, channel: route.channel.rawValue,
                       destination: route.destination.rawValue, maskedRecipient: message.maskedRecipient, status: .sending,
                       firstAttemptAt: time, updatedAt: time)
    }

    /// Hands `message` to its channel, once, with its record saved `sending` before and again with
    /// the answer: `accepted` or `delivered` with the provider's message ID, or `failed` on a
    /// refusal (permanent error or failed receipt). A transient error is returned with the record
    /// still `sending` — the message may have arrived, and a retry uses the same key. Throws only
    /// when the store cannot save the record.
    func attempt(_ message: DeliveryMessage, recording record: DeliveryRecord) async throws -> (record: DeliveryRecord, transientError: DeliveryError?) {
        var record = record
        record.status = .sending
        try await store.saveDelivery(record)
        do {
            let receipt = try await settings.channels.send(message)
            record.provider = receipt.provider.description
            record.providerMessageID = receipt.providerMessageID
            record.updatedAt = now()
            switch receipt.status {
            case .failed(let reason):
                record.status = .failed
                record.detail = reason
            case .delivered: record.status = .delivered
            case .accepted: record.status = .accepted
            }
        } catch let error {
            record.updatedAt = now()
            record.detail = error.description
            guard !error.isTransient else {
                try await store.saveDelivery(record)
                return (record, error)
            }
            record.status = .failed
        }
        try await store.saveDelivery(record)
        return (record, nil)
    }

    // MARK: Pickup

    /// The pickup link and code of this round: made once (ticket, sealed copy of the secret for
    /// the page, sealed link and code), found again by every retry.
    func pickupMaterial(for onboarding: OnboardingCase, round: Int) async throws -> PickupMaterial {
        guard let sealer else {
            throw DeliveryStepFailure(.failed(reason: "no sealing key is configured, so no pickup can be kept safely"))
        }
        let context = onboarding.id.rawValue
        if let stored = try await store.sealedSecret(kind: Self.pickupMaterialKind, for: onboarding.id) {
            let material = try PickupMaterial(document: try sealer.open(SealedSecret(storageText: stored), context: context))
            if material.round == round {
                guard !material.isClosed else {
                    throw DeliveryStepFailure(.attention(reason: "this round's pickup has ended and its link and code were wiped; re-send to give the hire a new one"))
                }
                return material
            }
        }
        let time = now()
        var expiresAt = time.addingTimeInterval(settings.pickupPolicy.lifetime)
        let secret: PickupSecret
        switch onboarding.deliveryMode {
        case .temporaryPassword:
            guard let stored = try await store.sealedSecret(kind: SealedPasswordIssuer.secretKind, for: onboarding.id) else {
                throw DeliveryStepFailure(.attention(reason: "the temporary password prepared earlier is no longer on record; retry the case from prepare-credential"))
            }
            secret = PickupSecret(kind: .temporaryPassword, value: try sealer.open(SealedSecret(storageText: stored), context: context))
        case .tap:
            guard let issued = try await IssuedTemporaryAccessPass.load(for: onboarding.id, from: store, sealer: sealer), !issued.isWiped else {
                throw DeliveryStepFailure(.attention(reason: "the Temporary Access Pass created earlier is no longer on record; re-send to create a new one"))
            }
            expiresAt = min(expiresAt, issued.expiresAt)
            secret = PickupSecret(kind: .temporaryAccessPass, value: issued.pass.revealedValue, validFrom: issued.validFrom, validUntil: issued.expiresAt)
        case .selfService:
            throw DeliveryStepFailure(.failed(reason: "self-service has nothing to pick up"))
        }
        let halves = PickupSecrets.generate()
        let material = PickupMaterial(round: round, token: halves.token, code: halves.code, tokenDigest: PickupSecrets.tokenDigest(halves.token), expiresAt: expiresAt)
        // The copy for the page and the ticket first, the material last: material on record means
        // its ticket exists. A crash before that only leaves a ticket the next try closes.
        try await store.storeSealedSecret(try sealer.seal(try secret.document(), context: context).storageText, kind: PickupSecret.secretKind, for: onboarding.id, at: time)
        let digester = PickupCodeDigester(sealer: sealer)
        try await store.createPickup(PickupTicket(caseID: onboarding.id, tokenDigest: PickupSecrets.tokenDigest(halves.token),
                                                  codeDigest: digester.digest(halves.code, caseID: context),
                                                  attempts: settings.pickupPolicy.maximumAttempts, createdAt: time, expiresAt: expiresAt))
        try await store.storeSealedSecret(try sealer.seal(try material.document(), context: context).storageText, kind: Self.pickupMaterialKind, for: onboarding.id, at: time)
        return material
    }

    /// When the current round's open pickup link expires (nil without one): the complete step
    /// looks again then, so an expired round is wiped at its expiry, not at the next backoff.
    public func openPickupExpiry(_ onboarding: OnboardingCase) async -> Date? {
        guard onboarding.deliveryMode != .selfService, let sealer,
              let stored = try? await store.sealedSecret(kind: Self.pickupMaterialKind, for: onboarding.id),
              let material = try? PickupMaterial(document: try sealer.open(SealedSecret(storageText: stored), context: onboarding.id.rawValue)),
              !material.isClosed else { return nil }
        return material.expiresAt
    }

    /// Wipes what the ended pickup round leaves (picked up, destroyed or expired): the page's copy
    /// of the secret, the temporary password, the TAP's value (its record stays, without it, for
    /// the steps that delete the pass) and the link and code. Idempotent; the link and code go
    /// last, so a wipe that fails half-way is found and finished by the step's next attempt.
    public func closePickupRound(_ onboarding: OnboardingCase) async throws -> Bool {
        guard onboarding.deliveryMode != .selfService, let sealer else { return false }
        let context = onboarding.id.rawValue
        guard let stored = try await store.sealedSecret(kind: Self.pickupMaterialKind, for: onboarding.id) else { return false }
        let material = try PickupMaterial(document: try sealer.open(SealedSecret(storageText: stored), context: context))
        if material.isClosed { return false }
        try await store.deleteSealedSecret(kind: PickupSecret.secretKind, for: onboarding.id)
        try await store.deleteSealedSecret(kind: SealedPasswordIssuer.secretKind, for: onboarding.id)
        if let issued = try await IssuedTemporaryAccessPass.load(for: onboarding.id, from: store, sealer: sealer), !issued.isWiped {
            try await issued.wiped().store(for: onboarding.id, in: store, sealer: sealer, at: now())
        }
        try await store.storeSealedSecret(try sealer.seal(try material.closed().document(), context: context).storageText,
                                          kind: Self.pickupMaterialKind, for: onboarding.id, at: now())
        return true
    }

    /// What the current round's pickup says for the complete step: picked up, destroyed, expired,
    /// or nil while it is open (or the case has no pickup).
    public func pickupOutcome(_ onboarding: OnboardingCase) async -> StepOutcome? {
        guard onboarding.deliveryMode != .selfService, let sealer else { return nil }
        do {
            guard let stored = try await store.sealedSecret(kind: Self.pickupMaterialKind, for: onboarding.id) else { return nil }
            let material = try PickupMaterial(document: try sealer.open(SealedSecret(storageText: stored), context: onboarding.id.rawValue))
            guard let ticket = try await store.pickup(tokenDigest: material.ticketDigest) else { return nil }
            switch ticket.state {
            case .revealed:
                return .succeeded(detail: "the hire picked up the \(onboarding.deliveryMode == .tap ? "Temporary Access Pass" : "temporary password")")
            case .burned:
                return .attention(reason: "too many wrong codes on the pickup page: the link was destroyed; re-send to give the hire a new one")
            case .expired:
                return .attention(reason: "the pickup link expired unused; re-send to give the hire a new one")
            case .open:
                if now() >= ticket.expiresAt { return .attention(reason: "the pickup link expired unused; re-send to give the hire a new one") }
                return nil
            }
        } catch {
            return StepFailure.outcome(error, while: "reading the pickup")
        }
    }
}

/// The link token and code of one delivery round, kept sealed so a retry sends the same ones.
struct PickupMaterial: Codable, Sendable {
    var round: Int
    /// The link's token and the code: nil once the round's pickup ended (`closed()`).
    var token: String?
    var code: String?
    /// Finds the round's ticket after the token is wiped (nil in records written before it existed).
    var tokenDigest: String?
    var expiresAt: Date

    init(round: Int, token: String, code: String, tokenDigest: String, expiresAt: Date) {
        self.round = round
        self.token = token
        self.code = code
        self.tokenDigest = tokenDigest
        self.expiresAt = expiresAt
    }

    var isClosed: Bool { token == nil || code == nil }

    var ticketDigest: String { tokenDigest ?? PickupSecrets.tokenDigest(token ?? "") }

    /// The record without the link and code, which only its ticket lookup still needs.
    func closed() -> PickupMaterial {
        var copy = self
        copy.tokenDigest = ticketDigest
        copy.token = nil
        copy.code = nil
        return copy
    }

    init(document: String) throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        self = try decoder.decode(PickupMaterial.self, from: Data(document.utf8))
    }

    func document() throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// A reason the step ends now with a given outcome rather than a retry.
struct DeliveryStepFailure: Error {
    let outcome: StepOutcome
    init(_ outcome: StepOutcome) { self.outcome = outcome }
}
