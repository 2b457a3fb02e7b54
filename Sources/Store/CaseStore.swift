public import Foundation
public import Onboarding

/// A case handed to one worker until `expiresAt`. Only the holder may save a transition for it;
/// a worker that dies (kill -9) simply lets its lease expire and another worker takes over.
public struct CaseLease: Hashable, Sendable {
    public var onboarding: OnboardingCase
    public var owner: String
    public var expiresAt: Date
    /// The row version the lease was taken at: a save checks it, so two workers can never both
    /// apply a step result to the same case.
    public var version: Int
}

/// Which cases to list.
public struct CaseFilter: Hashable, Sendable {
    public var states: Set<CaseState>
    public var source: String?
    public var hireDateFrom: Date?
    public var hireDateTo: Date?
    /// Only the hire's cases: those whose Entra object ID or AD objectSid is one of these (the
    /// portal's signed-in user; matched exactly, object IDs case-insensitively).
    public var hire: HireKeys?
    /// Only cases created at or after this moment.
    public var createdFrom: Date?
    public var limit: Int
    public var offset: Int

    public struct HireKeys: Hashable, Sendable {
        public var entraObjectID: String?
        public var objectSid: String?
        public init(entraObjectID: String?, objectSid: String?) {
            self.entraObjectID = entraObjectID
            self.objectSid = objectSid
        }
    }

    public init(states: Set<CaseState> = [], source: String? = nil, hireDateFrom: Date? = nil, hireDateTo: Date? = nil, hire: HireKeys? = nil,
                createdFrom: Date? = nil, limit: Int = 100, offset: Int = 0) {
        self.createdFrom = createdFrom
        self.states = states
        self.source = source
        self.hireDateFrom = hireDateFrom
        self.hireDateTo = hireDateTo
        self.hire = hire
        self.limit = limit
        self.offset = offset
    }
}

/// A store refused an operation or failed. Descriptions never contain a secret.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable { case notFound, leaseLost, conflict, corrupt, unavailable, migration }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        public static let notFound = Code(.notFound)
        /// The lease expired or another writer changed the case: the transition was not saved.
        public static let leaseLost = Code(.leaseLost)
        public static let conflict = Code(.conflict)
        public static let corrupt = Code(.corrupt)
        public static let unavailable = Code(.unavailable)
        public static let migration = Code(.migration)
        public var description: String { base.rawValue }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "store: \(message)" }
}

/// Persistence for the case engine. Every method is one transaction.
public protocol CaseStore: APITokenStore, OneTimeUseStore, SessionStore {
    /// Brings the schema to the current version; safe to call on every start.
    func migrate() async throws

    /// Closes the connection(s). Required before the store is released.
    func close() async

    /// Stores a new case, or returns the existing one with the same intake key (`created` false).
    func createCase(_ onboarding: OnboardingCase, audit: [AuditEvent]) async throws -> (onboarding: OnboardingCase, created: Bool)

    func fetchCase(_ id: CaseID) async throws -> OnboardingCase?

    func fetchCase(intakeKey: String) async throws -> OnboardingCase?

    func listCases(_ filter: CaseFilter) async throws -> [OnboardingCase]

    func countCasesByState() async throws -> [CaseState: Int]

    /// Leases up to `limit` cases whose current step is due at `now` and that no live lease holds.
    func leaseDueCases(now: Date, owner: String, leaseDuration: TimeInterval, limit: Int) async throws -> [CaseLease]

    /// Saves a transition made under `lease` and releases the lease. Throws `leaseLost` if the
    /// case changed since the lease was taken.
    func save(_ transition: CaseTransition, under lease: CaseLease) async throws

    /// Saves an administrative transition (cancel, retry) computed from `original`, unless a
    /// worker holds a live lease on the case or it changed since `original` was read.
    func saveAdministrative(_ transition: CaseTransition, replacing original: OnboardingCase, now: Date) async throws

    /// Gives up every lease of `owner` (graceful shutdown), so other workers need not wait.
    func releaseLeases(owner: String) async throws

    func auditTrail(of id: CaseID) async throws -> [AuditEvent]

    /// Stores a sealed secret for the case under `kind` (one per kind; replaced if present).
    func storeSealedSecret(_ sealed: String, kind: String, for id: CaseID, at now: Date) async throws

    func sealedSecret(kind: String, for id: CaseID) async throws -> String?

    /// Deletes one sealed secret of the case; whether it was there.
    @discardableResult
    func deleteSealedSecret(kind: String, for id: CaseID) async throws -> Bool

    /// Deletes every sealed secret of the case; returns how many were deleted.
    @discardableResult
    func deleteSealedSecrets(for id: CaseID) async throws -> Int
    /// How many stored sealed secrets each sealing key (by key ID) sealed: a previous key may be
    /// dropped only when nothing it sealed is left.
    func sealedSecretCountsByKey() async throws -> [String: Int]

    // MARK: Pickups

    /// Stores a new pickup ticket; any ticket of the same case still open is closed (expired):
    /// a re-send makes the old link useless.
    func createPickup(_ ticket: PickupTicket) async throws

    func pickup(tokenDigest: String) async throws -> PickupTicket?

    /// Writes `updated` only if the stored ticket is still exactly `original` (state and
    /// attempts): two concurrent submissions can never both count, or both reveal.
    func updatePickup(_ updated: PickupTicket, replacing original: PickupTicket) async throws -> Bool

    /// In one transaction: marks the ticket revealed if it is still open, and takes (reads and
    /// deletes) the case's sealed secret of `kind`. nil when another request won, or the secret
    /// is gone. A secret is revealed at most once.
    func revealPickup(_ ticket: PickupTicket, secretKind: String, at now: Date) async throws -> String?

    // MARK: Deliveries

    /// Stores the record, replacing the one with the same key.
    func saveDelivery(_ record: DeliveryRecord) async throws

    /// Stores the record and appends `audit` to its case's trail, in one transaction: a record
    /// never changes without its audit entry (a provider's delivery report).
    func saveDelivery(_ record: DeliveryRecord, audit: [AuditEvent]) async throws

    /// The case's delivery records, oldest first.
    func deliveries(for id: CaseID) async throws -> [DeliveryRecord]

    /// The record a provider's status report refers to.
    func delivery(providerMessageID: String) async throws -> DeliveryRecord?
}
