public import Foundation
public import Logging
public import Onboarding
import SQLiteNIO

/// The embedded store: one SQLite file, zero configuration, in WAL mode.
///
/// Every write runs on the store's one writer thread (``SQLiteWriter``), which takes the writes
/// that arrive together into one transaction (group commit) and answers each caller only after
/// that transaction committed. Reads run on the caller's thread on read connections of their own
/// (``SQLiteReaders``) and see committed transactions only.
///
/// Durability (``Synchronous``): with `.normal` (the default) a committed transaction — a
/// revealed pickup, a burned link — survives a crash of the process (kill -9), because it is in
/// the WAL file before its caller hears of it; a crash of the operating system or a power loss
/// can lose the transactions since the last checkpoint. `.full` also syncs the WAL to disk
/// before answering (one sync per batch of writes), so they survive that too.
public final class SQLiteCaseStore: CaseStore, APITokenStore, OneTimeUseStore, SessionStore {
    /// When a committed transaction is on disk (`PRAGMA synchronous`).
    public enum Synchronous: String, Sendable, CaseIterable {
        /// Kept across a crash of the process; not necessarily across a power loss.
        case normal = "NORMAL"
        /// Kept across a power loss too: the WAL is synced before a write is answered.
        case full = "FULL"
    }

    /// Reads (the name `connection` is what the read functions call).
    private let connection: SQLiteReaders
    private let writer: SQLiteWriter
    public let path: String
    public let synchronous: Synchronous

    private init(writer: SQLiteWriter, readers: SQLiteReaders, path: String, synchronous: Synchronous) {
        self.writer = writer
        self.connection = readers
        self.path = path
        self.synchronous = synchronous
    }

    /// Opens (creating if needed) the database file and migrates it.
    public static func open(path: String, synchronous: Synchronous = .normal,
                            logger: Logger = Logger(label: "firstkey.store.sqlite")) async throws -> SQLiteCaseStore {
        let handle: SQLiteHandle
        do {
            handle = try SQLiteHandle(path: path)
            for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=\(synchronous.rawValue)", "PRAGMA foreign_keys=ON"] {
                try handle.query(pragma)
            }
        } catch {
            throw StoreError(.unavailable, "the database '\(path)' could not be opened: \(error)")
        }
        let store = SQLiteCaseStore(writer: SQLiteWriter(handle: handle), readers: SQLiteReaders(path: path), path: path, synchronous: synchronous)
        do {
            try await store.migrate()
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    public func close() async {
        await writer.close()
        connection.close()
    }

    // MARK: Migrations

    static let migrations = Schema.migrations(.sqlite)

    public func migrate() async throws {
        let now = Date().timeIntervalSince1970
        try await writer.write { db in
            try db.query("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at REAL NOT NULL)")
            let applied = Set(try db.query("SELECT version FROM schema_migrations").compactMap { $0.column("version")?.integer })
            for migration in Self.migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    do {
                        try db.query(statement)
                    } catch {
                        throw StoreError(.migration, "migration \(migration.version) failed: \(error)")
                    }
                }
                try db.query("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", [.integer(migration.version), .float(now)])
            }
        }
    }

    public var schemaVersion: Int {
        get async throws {
            try await connection.query("SELECT MAX(version) AS v FROM schema_migrations").first?.column("v")?.integer ?? 0
        }
    }

    // MARK: Cases

    public func createCase(_ onboarding: OnboardingCase, audit: [AuditEvent]) async throws -> (onboarding: OnboardingCase, created: Bool) {
        let document = try CaseDocument.encode(onboarding)
        let existing: SQLiteResultRow? = try await writer.write { db in
            if let existing = try db.query("SELECT id, document FROM cases WHERE intake_key = ?", [.text(onboarding.intakeKey)]).first {
                return existing
            }
            try db.query("""
                INSERT INTO cases (id, intake_key, state, source, hire_date, next_attempt_at, document, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(onboarding.id.rawValue), .text(onboarding.intakeKey), .text(onboarding.state.rawValue), .text(onboarding.source),
                      .float(onboarding.hireDate.timeIntervalSince1970), Self.time(CaseDocument.nextAttempt(of: onboarding)),
                      .text(document), .float(onboarding.createdAt.timeIntervalSince1970),
                      .float(onboarding.updatedAt.timeIntervalSince1970)])
            try Self.insertAudit(audit, for: onboarding.id, db)
            return nil
        }
        if let existing { return (try Self.decodeRow(existing), false) }
        return (onboarding, true)
    }

    public func fetchCase(_ id: CaseID) async throws -> OnboardingCase? {
        try await connection.query("SELECT id, document FROM cases WHERE id = ?", [.text(id.rawValue)]).first.map(Self.decodeRow)
    }

    public func fetchCase(intakeKey: String) async throws -> OnboardingCase? {
        try await connection.query("SELECT id, document FROM cases WHERE intake_key = ?", [.text(intakeKey)]).first.map(Self.decodeRow)
    }

    public func listCases(_ filter: CaseFilter) async throws -> [OnboardingCase] {
        var clauses: [String] = []
        var binds: [SQLiteData] = []
        if !filter.states.isEmpty {
            clauses.append("state IN (" + filter.states.map { _ in "?" }.joined(separator: ",") + ")")
            binds += filter.states.map(\.rawValue).sorted().map { .text($0) }
        }
        if let source = filter.source { clauses.append("source = ?"); binds.append(.text(source)) }
        if let from = filter.hireDateFrom { clauses.append("hire_date >= ?"); binds.append(.float(from.timeIntervalSince1970)) }
        if let to = filter.hireDateTo { clauses.append("hire_date <= ?"); binds.append(.float(to.timeIntervalSince1970)) }
        if let from = filter.createdFrom { clauses.append("created_at >= ?"); binds.append(.float(from.timeIntervalSince1970)) }
        if let hire = filter.hire {
            // No hire key given matches no case, never every case.
            clauses.append("(lower(json_extract(document, '$.identity.entraObjectID')) = ? OR json_extract(document, '$.identity.objectSid') = ?)")
            binds += [hire.entraObjectID.map { .text($0.lowercased()) } ?? .null, hire.objectSid.map { .text($0) } ?? .null]
        }
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        binds += [.integer(max(0, min(filter.limit, 10_000))), .integer(max(0, filter.offset))]
        return try await connection.query("SELECT id, document FROM cases \(whereClause) ORDER BY hire_date, created_at, id LIMIT ? OFFSET ?", binds).map(Self.decodeRow)
    }

    public func countCasesByState() async throws -> [CaseState: Int] {
        var counts: [CaseState: Int] = [:]
        for row in try await connection.query("SELECT state, COUNT(*) AS n FROM cases GROUP BY state") {
            if let state = row.column("state")?.string.flatMap(CaseState.init(rawValue:)) {
                counts[state] = row.column("n")?.integer ?? 0
            }
        }
        return counts
    }

    // MARK: Leasing

    public func leaseDueCases(now: Date, owner: String, leaseDuration: TimeInterval, limit: Int) async throws -> [CaseLease] {
        let expiresAt = now.addingTimeInterval(leaseDuration)
        let rows = try await writer.write { db in
            let rows = try db.query("""
                SELECT id, document, version FROM cases
                WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ?
                  AND (lease_expires_at IS NULL OR lease_expires_at <= ?)
                ORDER BY next_attempt_at LIMIT ?
                """, [.float(now.timeIntervalSince1970), .float(now.timeIntervalSince1970), .integer(max(0, limit))])
            for row in rows {
                try db.query("UPDATE cases SET lease_owner = ?, lease_expires_at = ?, version = version + 1 WHERE id = ?",
                             [.text(owner), .float(expiresAt.timeIntervalSince1970), row.column("id") ?? .null])
            }
            return rows
        }
        return try rows.map { row in
            CaseLease(onboarding: try Self.decodeRow(row), owner: owner, expiresAt: expiresAt, version: (row.column("version")?.integer ?? 0) + 1)
        }
    }

    public func save(_ transition: CaseTransition, under lease: CaseLease) async throws {
        let updated = transition.updated
        let document = try CaseDocument.encode(updated)
        try await writer.write { db in
            let changed = try db.query("""
                UPDATE cases SET state = ?, next_attempt_at = ?, lease_owner = NULL, lease_expires_at = NULL,
                       version = version + 1, document = ?, updated_at = ?
                WHERE id = ? AND version = ? AND lease_owner = ?
                RETURNING id
                """, [.text(updated.state.rawValue), Self.time(CaseDocument.nextAttempt(of: updated)), .text(document),
                      .float(updated.updatedAt.timeIntervalSince1970), .text(updated.id.rawValue), .integer(lease.version), .text(lease.owner)])
            guard !changed.isEmpty else {
                throw StoreError(.leaseLost, "the lease on case \(updated.id) was lost (it expired or the case changed); the result was not saved")
            }
            try Self.insertAudit(transition.audit, for: updated.id, db)
        }
    }

    public func saveAdministrative(_ transition: CaseTransition, replacing original: OnboardingCase, now: Date) async throws {
        let updated = transition.updated
        let document = try CaseDocument.encode(updated)
        try await writer.write { db in
            let changed = try db.query("""
                UPDATE cases SET state = ?, next_attempt_at = ?, version = version + 1, document = ?, updated_at = ?
                WHERE id = ? AND updated_at = ? AND (lease_expires_at IS NULL OR lease_expires_at <= ?)
                RETURNING id
                """, [.text(updated.state.rawValue), Self.time(CaseDocument.nextAttempt(of: updated)), .text(document),
                      .float(updated.updatedAt.timeIntervalSince1970), .text(updated.id.rawValue),
                      .float(original.updatedAt.timeIntervalSince1970), .float(now.timeIntervalSince1970)])
            guard !changed.isEmpty else {
                throw StoreError(.conflict, "case \(updated.id) is being processed or changed meanwhile; read it again and retry")
            }
            try Self.insertAudit(transition.audit, for: updated.id, db)
        }
    }

    public func releaseLeases(owner: String) async throws {
        try await writer.write { db in
            try db.query("UPDATE cases SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = ?", [.text(owner)])
        }
    }

    // MARK: Audit and secrets

    public func auditTrail(of id: CaseID) async throws -> [AuditEvent] {
        try await connection.query("SELECT at, actor, event, detail FROM audit WHERE case_id = ? ORDER BY id", [.text(id.rawValue)]).map { row in
            AuditEvent(at: Date(timeIntervalSince1970: row.column("at")?.double ?? 0), actor: row.column("actor")?.string ?? "",
                       event: row.column("event")?.string ?? "", detail: row.column("detail")?.string ?? "")
        }
    }

    public func storeSealedSecret(_ sealed: String, kind: String, for id: CaseID, at now: Date) async throws {
        try await writer.write { db in
            try db.query("INSERT OR REPLACE INTO sealed_secrets (case_id, kind, sealed, created_at) VALUES (?, ?, ?, ?)",
                         [.text(id.rawValue), .text(kind), .text(sealed), .float(now.timeIntervalSince1970)])
        }
    }

    public func sealedSecret(kind: String, for id: CaseID) async throws -> String? {
        try await connection.query("SELECT sealed FROM sealed_secrets WHERE case_id = ? AND kind = ?", [.text(id.rawValue), .text(kind)]).first?.column("sealed")?.string
    }

    public func sealedSecretCountsByKey() async throws -> [String: Int] {
        // storageText is v1:<keyID>:<base64>, with an 8-hex-digit key ID.
        let rows = try await connection.query("SELECT substr(sealed, 4, 8) AS key_id, COUNT(*) AS n FROM sealed_secrets GROUP BY key_id")
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.column("key_id")?.string ?? "?", $0.column("n")?.integer ?? 0) })
    }

    @discardableResult
    public func deleteSealedSecret(kind: String, for id: CaseID) async throws -> Bool {
        try await writer.write { db in
            try db.query("DELETE FROM sealed_secrets WHERE case_id = ? AND kind = ? RETURNING kind", [.text(id.rawValue), .text(kind)]).count == 1
        }
    }

    @discardableResult
    public func deleteSealedSecrets(for id: CaseID) async throws -> Int {
        try await writer.write { db in
            try db.query("DELETE FROM sealed_secrets WHERE case_id = ? RETURNING kind", [.text(id.rawValue)]).count
        }
    }

    // MARK: Pickups

    public func createPickup(_ ticket: PickupTicket) async throws {
        try await writer.write { db in
            try db.query("UPDATE pickups SET state = 'expired' WHERE case_id = ? AND state = 'open'", [.text(ticket.caseID.rawValue)])
            try db.query("""
                INSERT INTO pickups (token_digest, case_id, code_digest, attempts_left, state, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [.text(ticket.tokenDigest), .text(ticket.caseID.rawValue), .text(ticket.codeDigest), .integer(ticket.attemptsLeft),
                      .text(ticket.state.rawValue), .float(ticket.createdAt.timeIntervalSince1970), .float(ticket.expiresAt.timeIntervalSince1970)])
        }
    }

    public func pickup(tokenDigest: String) async throws -> PickupTicket? {
        guard let row = try await connection.query("""
            SELECT case_id, code_digest, attempts_left, state, created_at, expires_at FROM pickups WHERE token_digest = ?
            """, [.text(tokenDigest)]).first else { return nil }
        guard let caseID = row.column("case_id")?.string, let code = row.column("code_digest")?.string, let attempts = row.column("attempts_left")?.integer,
              let state = row.column("state")?.string.flatMap(PickupTicket.State.init(rawValue:)), let created = row.column("created_at")?.double,
              let expires = row.column("expires_at")?.double else {
            throw StoreError(.corrupt, "a pickup ticket could not be read back")
        }
        var ticket = PickupTicket(caseID: CaseID(rawValue: caseID), tokenDigest: tokenDigest, codeDigest: code, attempts: attempts,
                                  createdAt: Date(timeIntervalSince1970: created), expiresAt: Date(timeIntervalSince1970: expires))
        ticket.state = state
        return ticket
    }

    public func updatePickup(_ updated: PickupTicket, replacing original: PickupTicket) async throws -> Bool {
        try await writer.write { db in
            try db.query("""
                UPDATE pickups SET state = ?, attempts_left = ? WHERE token_digest = ? AND state = ? AND attempts_left = ? RETURNING token_digest
                """, [.text(updated.state.rawValue), .integer(updated.attemptsLeft), .text(original.tokenDigest),
                      .text(original.state.rawValue), .integer(original.attemptsLeft)]).count == 1
        }
    }

    public func revealPickup(_ ticket: PickupTicket, secretKind: String, at now: Date) async throws -> String? {
        try await writer.write { db in
            let won = try db.query("""
                UPDATE pickups SET state = 'revealed' WHERE token_digest = ? AND state = 'open' AND expires_at > ? RETURNING token_digest
                """, [.text(ticket.tokenDigest), .float(now.timeIntervalSince1970)]).count == 1
            guard won else { return nil }
            return try db.query("DELETE FROM sealed_secrets WHERE case_id = ? AND kind = ? RETURNING sealed",
                                [.text(ticket.caseID.rawValue), .text(secretKind)]).first?.column("sealed")?.string
        }
    }

    // MARK: Deliveries

    public func saveDelivery(_ record: DeliveryRecord) async throws {
        try await saveDelivery(record, audit: [])
    }

    public func saveDelivery(_ record: DeliveryRecord, audit: [AuditEvent]) async throws {
        let document = try DeliveryDocument.encode(record)
        try await writer.write { db in
            try db.query("""
                INSERT OR REPLACE INTO deliveries (message_key, case_id, provider_message_id, document, first_attempt_at) VALUES (?, ?, ?, ?, ?)
                """, [.text(record.key), .text(record.caseID.rawValue), record.providerMessageID.map { .text($0) } ?? .null, .text(document),
                      .float(record.firstAttemptAt.timeIntervalSince1970)])
            try Self.insertAudit(audit, for: record.caseID, db)
        }
    }

    public func deliveries(for id: CaseID) async throws -> [DeliveryRecord] {
        try await connection.query("SELECT document FROM deliveries WHERE case_id = ? ORDER BY first_attempt_at, message_key", [.text(id.rawValue)])
            .map { try DeliveryDocument.decode($0.column("document")?.string ?? "") }
    }

    public func delivery(providerMessageID: String) async throws -> DeliveryRecord? {
        try await connection.query("SELECT document FROM deliveries WHERE provider_message_id = ?", [.text(providerMessageID)])
            .first.map { try DeliveryDocument.decode($0.column("document")?.string ?? "") }
    }

    // MARK: API tokens

    public func storeAPIToken(_ token: APITokenRecord) async throws {
        try await writer.write { db in
            try db.query("INSERT INTO api_tokens (id, name, token_hash, scopes, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                         [.text(token.id), .text(token.name), .text(token.tokenHash), .text(token.scopesText), .float(token.createdAt.timeIntervalSince1970),
                          token.expiresAt.map { .float($0.timeIntervalSince1970) } ?? .null])
        }
    }

    private static let tokenColumns = "id, name, token_hash, scopes, created_at, revoked_at, expires_at, last_used_at"

    private static func tokenRecord(_ row: SQLiteResultRow) -> APITokenRecord {
        func time(_ name: String) -> Date? { row.column(name)?.double.map(Date.init(timeIntervalSince1970:)) }
        return APITokenRecord(id: row.column("id")?.string ?? "", name: row.column("name")?.string ?? "", tokenHash: row.column("token_hash")?.string ?? "",
                              scopes: APITokenRecord.scopes(from: row.column("scopes")?.string ?? ""), createdAt: time("created_at") ?? Date(timeIntervalSince1970: 0),
                              revokedAt: time("revoked_at"), expiresAt: time("expires_at"), lastUsedAt: time("last_used_at"))
    }

    public func apiToken(hash: String) async throws -> APITokenRecord? {
        try await connection.query("SELECT \(Self.tokenColumns) FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL", [.text(hash)]).first.map(Self.tokenRecord)
    }

    public func listAPITokens() async throws -> [APITokenRecord] {
        try await connection.query("SELECT \(Self.tokenColumns) FROM api_tokens ORDER BY created_at, id").map(Self.tokenRecord)
    }

    public func recordAPITokenUse(id: String, at time: Date) async throws {
        try await writer.write { db in
            _ = try db.query("UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                             [.float(time.timeIntervalSince1970), .text(id), .float(time.timeIntervalSince1970 - 60)])
        }
    }

    // MARK: Sessions

    public func createSession(_ session: SessionRecord) async throws {
        try await writer.write { db in
            _ = try db.query("INSERT INTO sessions (digest, purpose, object_id, display_name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                             [.text(session.digest), .text(session.purpose), .text(session.objectID), session.displayName.map { .text($0) } ?? .null,
                              .float(session.createdAt.timeIntervalSince1970), .float(session.expiresAt.timeIntervalSince1970)])
        }
    }

    private static let sessionColumns = "digest, purpose, object_id, display_name, created_at, expires_at, ended_at"

    private static func sessionRecord(_ row: SQLiteResultRow) -> SessionRecord {
        func time(_ name: String) -> Date? { row.column(name)?.double.map(Date.init(timeIntervalSince1970:)) }
        return SessionRecord(digest: row.column("digest")?.string ?? "", purpose: row.column("purpose")?.string ?? "", objectID: row.column("object_id")?.string ?? "",
                             displayName: row.column("display_name")?.string, createdAt: time("created_at") ?? Date(timeIntervalSince1970: 0),
                             expiresAt: time("expires_at") ?? Date(timeIntervalSince1970: 0), endedAt: time("ended_at"))
    }

    public func liveSession(digest: String, now: Date) async throws -> SessionRecord? {
        try await connection.query("SELECT \(Self.sessionColumns) FROM sessions WHERE digest = ? AND ended_at IS NULL AND expires_at > ?",
                                   [.text(digest), .float(now.timeIntervalSince1970)]).first.map(Self.sessionRecord)
    }

    @discardableResult
    public func endSession(digest: String, at time: Date) async throws -> Bool {
        try await writer.write { db in
            !(try db.query("UPDATE sessions SET ended_at = ? WHERE digest = ? AND ended_at IS NULL RETURNING digest", [.float(time.timeIntervalSince1970), .text(digest)]).isEmpty)
        }
    }

    public func endSessions(objectID: String?, at time: Date) async throws -> Int {
        try await writer.write { db in
            // Expired sessions go at the same time: nothing can use them any more.
            _ = try db.query("DELETE FROM sessions WHERE expires_at <= ?", [.float(time.timeIntervalSince1970 - 86_400)])
            if let objectID {
                return try db.query("UPDATE sessions SET ended_at = ? WHERE object_id = ? AND ended_at IS NULL AND expires_at > ? RETURNING digest",
                                    [.float(time.timeIntervalSince1970), .text(objectID), .float(time.timeIntervalSince1970)]).count
            }
            return try db.query("UPDATE sessions SET ended_at = ? WHERE ended_at IS NULL AND expires_at > ? RETURNING digest",
                                [.float(time.timeIntervalSince1970), .float(time.timeIntervalSince1970)]).count
        }
    }

    public func liveSessions(now: Date) async throws -> [SessionRecord] {
        try await connection.query("SELECT \(Self.sessionColumns) FROM sessions WHERE ended_at IS NULL AND expires_at > ? ORDER BY created_at DESC",
                                   [.float(now.timeIntervalSince1970)]).map(Self.sessionRecord)
    }

    // MARK: Used once

    public func useOnce(kind: String, digest: String, until expiry: Date, now: Date) async throws -> Bool {
        try await writer.write { db in
            _ = try db.query("DELETE FROM used_once WHERE expires_at <= ?", [.float(now.timeIntervalSince1970)])
            return !(try db.query("INSERT INTO used_once (kind, digest, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING digest",
                                  [.text(kind), .text(digest), .float(expiry.timeIntervalSince1970)]).isEmpty)
        }
    }

    public func revokeAPIToken(id: String, at time: Date) async throws -> Bool {
        try await writer.write { db in
            !(try db.query("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING id", [.float(time.timeIntervalSince1970), .text(id)]).isEmpty)
        }
    }

    // MARK: Helpers

    private static func insertAudit(_ events: [AuditEvent], for id: CaseID, _ db: SQLiteHandle) throws {
        for event in events {
            try db.query("INSERT INTO audit (case_id, at, actor, event, detail) VALUES (?, ?, ?, ?, ?)",
                         [.text(id.rawValue), .float(event.at.timeIntervalSince1970), .text(event.actor), .text(event.event), .text(event.detail)])
        }
    }

    private static func decodeRow(_ row: SQLiteResultRow) throws -> OnboardingCase {
        let id = row.column("id")?.string ?? "?"
        guard let document = row.column("document")?.string else { throw StoreError(.corrupt, "case \(id) has no document") }
        return try CaseDocument.decode(document, caseID: id)
    }

    private static func time(_ date: Date?) -> SQLiteData {
        date.map { .float($0.timeIntervalSince1970) } ?? .null
    }
}
