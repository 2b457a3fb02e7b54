import Foundation
import Onboarding
import Store
import Synchronization

/// A real store whose sealed-secret deletions fail while `failingDeletes` is above zero: what a
/// database that goes away between two writes looks like to a step.
final class FlakyStore: CaseStore {
    struct Outage: Error, CustomStringConvertible { var description: String { "the database did not answer (injected)" } }

    let base: any CaseStore
    private let failures = Mutex(0)

    init(_ base: any CaseStore) { self.base = base }

    func failNextDeletes(_ count: Int) { failures.withLock { $0 = count } }

    private func deleteMayFail() throws {
        try failures.withLock { left in
            guard left > 0 else { return }
            left -= 1
            throw Outage()
        }
    }

    func deleteSealedSecret(kind: String, for id: CaseID) async throws -> Bool {
        try deleteMayFail()
        return try await base.deleteSealedSecret(kind: kind, for: id)
    }

    func deleteSealedSecrets(for id: CaseID) async throws -> Int {
        try deleteMayFail()
        return try await base.deleteSealedSecrets(for: id)
    }

    // Everything else goes straight through.
    func migrate() async throws { try await base.migrate() }
    func close() async { await base.close() }
    func createCase(_ onboarding: OnboardingCase, audit: [AuditEvent]) async throws -> (onboarding: OnboardingCase, created: Bool) { try await base.createCase(onboarding, audit: audit) }
    func fetchCase(_ id: CaseID) async throws -> OnboardingCase? { try await base.fetchCase(id) }
    func fetchCase(intakeKey: String) async throws -> OnboardingCase? { try await base.fetchCase(intakeKey: intakeKey) }
    func listCases(_ filter: CaseFilter) async throws -> [OnboardingCase] { try await base.listCases(filter) }
    func countCasesByState() async throws -> [CaseState: Int] { try await base.countCasesByState() }
    func leaseDueCases(now: Date, owner: String, leaseDuration: TimeInterval, limit: Int) async throws -> [CaseLease] {
        try await base.leaseDueCases(now: now, owner: owner, leaseDuration: leaseDuration, limit: limit)
    }
    func save(_ transition: CaseTransition, under lease: CaseLease) async throws { try await base.save(transition, under: lease) }
    func saveAdministrative(_ transition: CaseTransition, replacing original: OnboardingCase, now: Date) async throws {
        try await base.saveAdministrative(transition, replacing: original, now: now)
    }
    func releaseLeases(owner: String) async throws { try await base.releaseLeases(owner: owner) }
    func auditTrail(of id: CaseID) async throws -> [AuditEvent] { try await base.auditTrail(of: id) }
    func storeSealedSecret(_ sealed: String, kind: String, for id: CaseID, at now: Date) async throws { try await base.storeSealedSecret(sealed, kind: kind, for: id, at: now) }
    func sealedSecret(kind: String, for id: CaseID) async throws -> String? { try await base.sealedSecret(kind: kind, for: id) }
    func sealedSecretCountsByKey() async throws -> [String: Int] { try await base.sealedSecretCountsByKey() }
    func createPickup(_ ticket: PickupTicket) async throws { try await base.createPickup(ticket) }
    func pickup(tokenDigest: String) async throws -> PickupTicket? { try await base.pickup(tokenDigest: tokenDigest) }
    func updatePickup(_ updated: PickupTicket, replacing original: PickupTicket) async throws -> Bool { try await base.updatePickup(updated, replacing: original) }
    func revealPickup(_ ticket: PickupTicket, secretKind: String, at now: Date) async throws -> String? { try await base.revealPickup(ticket, secretKind: secretKind, at: now) }
    func saveDelivery(_ record: DeliveryRecord) async throws { try await base.saveDelivery(record) }
    func saveDelivery(_ record: DeliveryRecord, audit: [AuditEvent]) async throws { try await base.saveDelivery(record, audit: audit) }
    func deliveries(for id: CaseID) async throws -> [DeliveryRecord] { try await base.deliveries(for: id) }
    func delivery(providerMessageID: String) async throws -> DeliveryRecord? { try await base.delivery(providerMessageID: providerMessageID) }
    func storeAPIToken(_ token: APITokenRecord) async throws { try await base.storeAPIToken(token) }
    func apiToken(hash: String) async throws -> APITokenRecord? { try await base.apiToken(hash: hash) }
    func revokeAPIToken(id: String, at time: Date) async throws -> Bool { try await base.revokeAPIToken(id: id, at: time) }
    func listAPITokens() async throws -> [APITokenRecord] { try await base.listAPITokens() }
    func recordAPITokenUse(id: String, at time: Date) async throws { try await base.recordAPITokenUse(id: id, at: time) }
    func useOnce(kind: String, digest: String, until expiry: Date, now: Date) async throws -> Bool { try await base.useOnce(kind: kind, digest: digest, until: expiry, now: now) }
    func createSession(_ session: SessionRecord) async throws { try await base.createSession(session) }
    func liveSession(digest: String, now: Date) async throws -> SessionRecord? { try await base.liveSession(digest: digest, now: now) }
    func endSession(digest: String, at time: Date) async throws -> Bool { try await base.endSession(digest: digest, at: time) }
    func endSessions(objectID: String?, at time: Date) async throws -> Int { try await base.endSessions(objectID: objectID, at: time) }
    func liveSessions(now: Date) async throws -> [SessionRecord] { try await base.liveSessions(now: now) }
}
