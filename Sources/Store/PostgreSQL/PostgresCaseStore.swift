public import Foundation
public import Logging
public import Onboarding
import PostgresNIO

/// The store for several instances: one PostgreSQL database shared by every `firstkey serve`.
/// Leasing uses `FOR UPDATE SKIP LOCKED`, so two instances never lease the same case; saves check
/// the row version, so a result from a worker whose lease expired is never applied.
public final class PostgresCaseStore: CaseStore, APITokenStore, OneTimeUseStore, SessionStore {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String
        public var database: String
        /// Schema for every table (tests use a fresh one each); nil uses the server's search_path.
        public var schema: String?
        public var requireTLS: Bool
        public var maximumConnections: Int

        public init(host: String, port: Int = 5432, username: String, password: String, database: String, schema: String? = nil,
                    requireTLS: Bool = false, maximumConnections: Int = 8) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.schema = schema
            self.requireTLS = requireTLS
            self.maximumConnections = maximumConnections
        }

        /// `postgres://user:password@host:port/database`.
        public init(url: String) throws {
            guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
                  let host = components.host, let user = components.user, !components.path.dropFirst().isEmpty else {
                throw StoreError(.unavailable, "the PostgreSQL URL must look like postgres://user:password@host:5432/database")
            }
            self.init(host: host, port: components.port ?? 5432, username: user, password: components.password ?? "",
                      database: String(components.path.dropFirst()))
        }
    }

    private let client: PostgresClient
    private let logger: Logger

    private init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Runs `body` with a store whose connection pool lives exactly as long as `body`: the pool
    /// runs in a child task of this call and ends with it (structured; nothing outlives the scope).
    public static func withStore<T: Sendable>(_ configuration: Configuration, logger: Logger = Logger(label: "firstkey.store.postgres"),
                                              _ body: (PostgresCaseStore) async throws -> T) async throws -> T {
        var clientConfiguration = PostgresClient.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.username, password: configuration.password,
            database: configuration.database, tls: configuration.requireTLS ? .require(.makeClientConfiguration()) : .disable)
        clientConfiguration.options.maximumConnections = configuration.maximumConnections
        if let schema = configuration.schema {
            guard schema.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw StoreError(.unavailable, "the schema name may only hold letters, digits and underscores")
            }
            clientConfiguration.options.additionalStartupParameters = [("search_path", schema)]
        }
        let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
        let store = PostgresCaseStore(client: client, logger: logger)
        return try await withoutActuallyEscaping(body) { body in
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Queries wait until run() has begun: a lease before it makes PostgresNIO warn on every start.
                let (started, signalStarted) = AsyncStream.makeStream(of: Void.self)
                group.addTask {
                    signalStarted.finish()
                    await client.run()
                }
                for await _ in started {}
                do {
                    do {
                        if let schema = configuration.schema {
                            try await client.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: logger)
                        }
                        try await store.migrate()
                    } catch {
                        throw StoreError(.unavailable, "PostgreSQL at \(configuration.host):\(configuration.port) could not be used: \(String(reflecting: error))")
                    }
                    let value = try await body(store)
                    group.cancelAll()
                    return value
                } catch {
                    group.cancelAll()
                    throw error
                }
            }
        }
    }

    /// Nothing to do: the connection pool ends with `withStore`'s scope.
    public func close() async {}

    // MARK: Migrations

    static let migrations = Schema.migrations(.postgres)

    public func migrate() async throws {
        try await transaction { connection in
            // Several instances may start together: one migrates, the others wait here.
            try await connection.query("SELECT pg_advisory_xact_lock(4242001)", logger: logger)
            try await connection.query("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)", logger: logger)
            var applied = Set<Int>()
            for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger).decode(Int.self) { applied.insert(version) }
            for migration in Self.migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                let now = Date().timeIntervalSince1970
                try await connection.query("INSERT INTO schema_migrations (version, applied_at) VALUES (\(migration.version), \(now))", logger: logger)
            }
        }
    }

    public var schemaVersion: Int {
        get async throws {
            var version = 0
            for try await value in try await client.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", logger: logger).decode(Int.self) { version = value }
            return version
        }
    }

    // MARK: Cases

    public func createCase(_ onboarding: OnboardingCase, audit: [AuditEvent]) async throws -> (onboarding: OnboardingCase, created: Bool) {
        let document = try CaseDocument.encode(onboarding)
        let next = CaseDocument.nextAttempt(of: onboarding)?.timeIntervalSince1970
        return try await transaction { connection in
            var inserted = false
            let id = onboarding.id.rawValue, key = onboarding.intakeKey, state = onboarding.state.rawValue, source = onboarding.source
            let hire = onboarding.hireDate.timeIntervalSince1970, created = onboarding.createdAt.timeIntervalSince1970, updated = onboarding.updatedAt.timeIntervalSince1970
            for try await _ in try await connection.query("""
                INSERT INTO cases (id, intake_key, state, source, hire_date, next_attempt_at, document, created_at, updated_at)
                VALUES (\(id), \(key), \(state), \(source), \(hire), \(next), \(document), \(created), \(updated))
                ON CONFLICT (intake_key) DO NOTHING RETURNING id
                """, logger: logger).decode(String.self) { inserted = true }
            if inserted {
                try await Self.insertAudit(audit, for: onboarding.id, on: connection, logger: logger)
                return (onboarding, true)
            }
            guard let existing = try await Self.fetch(where: "intake_key", equals: key, on: connection, logger: logger) else {
                throw StoreError(.conflict, "the case for this hire could neither be created nor read")
            }
            return (existing, false)
        }
    }

    public func fetchCase(_ id: CaseID) async throws -> OnboardingCase? {
        try await client.withConnection { try await Self.fetch(where: "id", equals: id.rawValue, on: $0, logger: logger) }
    }

    public func fetchCase(intakeKey: String) async throws -> OnboardingCase? {
        try await client.withConnection { try await Self.fetch(where: "intake_key", equals: intakeKey, on: $0, logger: logger) }
    }

    private static func fetch(where column: String, equals value: String, on connection: PostgresConnection, logger: Logger) async throws -> OnboardingCase? {
        var query = PostgresQuery(unsafeSQL: "SELECT id, document FROM cases WHERE \(column) = $1")
        query.binds.append(value, context: .default)
        for try await (id, document) in try await connection.query(query, logger: logger).decode((String, String).self) {
            return try CaseDocument.decode(document, caseID: id)
        }
        return nil
    }

    public func listCases(_ filter: CaseFilter) async throws -> [OnboardingCase] {
        var sql = "SELECT id, document FROM cases WHERE TRUE"
        var binds = PostgresBindings()
        if !filter.states.isEmpty {
            binds.append(filter.states.map(\.rawValue).sorted())
            sql += " AND state = ANY($\(binds.count))"
        }
        if let source = filter.source { binds.append(source); sql += " AND source = $\(binds.count)" }
        if let from = filter.hireDateFrom { binds.append(from.timeIntervalSince1970); sql += " AND hire_date >= $\(binds.count)" }
        if let from = filter.createdFrom { binds.append(from.timeIntervalSince1970); sql += " AND created_at >= $\(binds.count)" }
        if let to = filter.hireDateTo { binds.append(to.timeIntervalSince1970); sql += " AND hire_date <= $\(binds.count)" }
        if let hire = filter.hire {
            // No hire key given matches no case, never every case.
            binds.append(hire.entraObjectID?.lowercased())
            binds.append(hire.objectSid)
            sql += " AND (lower(document::jsonb #>> '{identity,entraObjectID}') = $\(binds.count - 1) OR document::jsonb #>> '{identity,objectSid}' = $\(binds.count))"
        }
        binds.append(max(0, min(filter.limit, 10_000)))
        sql += " ORDER BY hire_date, created_at, id LIMIT $\(binds.count)"
        binds.append(max(0, filter.offset))
        sql += " OFFSET $\(binds.count)"
        var cases: [OnboardingCase] = []
        for try await (id, document) in try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).decode((String, String).self) {
            cases.append(try CaseDocument.decode(document, caseID: id))
        }
        return cases
    }

    public func countCasesByState() async throws -> [CaseState: Int] {
        var counts: [CaseState: Int] = [:]
        for try await (state, count) in try await client.query("SELECT state, COUNT(*)::BIGINT FROM cases GROUP BY state", logger: logger).decode((String, Int).self) {
            if let value = CaseState(rawValue: state) { counts[value] = count }
        }
        return counts
    }

    // MARK: Leasing

    public func leaseDueCases(now: Date, owner: String, leaseDuration: TimeInterval, limit: Int) async throws -> [CaseLease] {
        let time = now.timeIntervalSince1970, expires = now.addingTimeInterval(leaseDuration).timeIntervalSince1970, count = max(0, limit)
        var leases: [CaseLease] = []
        for try await (id, document, version) in try await client.query("""
            WITH due AS (
                SELECT id FROM cases
                WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= \(time)
                  AND (lease_expires_at IS NULL OR lease_expires_at <= \(time))
                ORDER BY next_attempt_at LIMIT \(count)
                FOR UPDATE SKIP LOCKED
            )
            UPDATE cases SET lease_owner = \(owner), lease_expires_at = \(expires), version = cases.version + 1
            FROM due WHERE cases.id = due.id
            RETURNING cases.id, cases.document, cases.version
            """, logger: logger).decode((String, String, Int).self) {
            leases.append(CaseLease(onboarding: try CaseDocument.decode(document, caseID: id), owner: owner,
                                    expiresAt: Date(timeIntervalSince1970: expires), version: version))
        }
        return leases.sorted { ($0.onboarding.currentStep?.nextAttemptAt ?? .distantPast) < ($1.onboarding.currentStep?.nextAttemptAt ?? .distantPast) }
    }

    public func save(_ transition: CaseTransition, under lease: CaseLease) async throws {
        let updated = transition.updated
        let document = try CaseDocument.encode(updated)
        let next = CaseDocument.nextAttempt(of: updated)?.timeIntervalSince1970
        try await transaction { connection in
            var saved = false
            let state = updated.state.rawValue, time = updated.updatedAt.timeIntervalSince1970, id = updated.id.rawValue, version = lease.version, owner = lease.owner
            for try await _ in try await connection.query("""
                UPDATE cases SET state = \(state), next_attempt_at = \(next), lease_owner = NULL, lease_expires_at = NULL,
                       version = version + 1, document = \(document), updated_at = \(time)
                WHERE id = \(id) AND version = \(version) AND lease_owner = \(owner)
                RETURNING id
                """, logger: logger).decode(String.self) { saved = true }
            guard saved else {
                throw StoreError(.leaseLost, "the lease on case \(updated.id) was lost (it expired or the case changed); the result was not saved")
            }
            try await Self.insertAudit(transition.audit, for: updated.id, on: connection, logger: logger)
        }
    }

    public func saveAdministrative(_ transition: CaseTransition, replacing original: OnboardingCase, now: Date) async throws {
        let updated = transition.updated
        let document = try CaseDocument.encode(updated)
        let next = CaseDocument.nextAttempt(of: updated)?.timeIntervalSince1970
        try await transaction { connection in
            var saved = false
            let state = updated.state.rawValue, time = updated.updatedAt.timeIntervalSince1970, id = updated.id.rawValue
            let originalTime = original.updatedAt.timeIntervalSince1970, nowTime = now.timeIntervalSince1970
            for try await _ in try await connection.query("""
                UPDATE cases SET state = \(state), next_attempt_at = \(next), version = version + 1, document = \(document), updated_at = \(time)
                WHERE id = \(id) AND updated_at = \(originalTime) AND (lease_expires_at IS NULL OR lease_expires_at <= \(nowTime))
                RETURNING id
                """, logger: logger).decode(String.self) { saved = true }
            guard saved else {
                throw StoreError(.conflict, "case \(updated.id) is being processed or changed meanwhile; read it again and retry")
            }
            try await Self.insertAudit(transition.audit, for: updated.id, on: connection, logger: logger)
        }
    }

    public func releaseLeases(owner: String) async throws {
        try await client.query("UPDATE cases SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = \(owner)", logger: logger)
    }

    // MARK: Audit and secrets

    public func auditTrail(of id: CaseID) async throws -> [AuditEvent] {
        var events: [AuditEvent] = []
        for try await (at, actor, event, detail) in try await client.query("SELECT at, actor, event, detail FROM audit WHERE case_id = \(id.rawValue) ORDER BY id", logger: logger)
            .decode((Double, String, String, String).self) {
            events.append(AuditEvent(at: Date(timeIntervalSince1970: at), actor: actor, event: event, detail: detail))
        }
        return events
    }

    public func storeSealedSecret(_ sealed: String, kind: String, for id: CaseID, at now: Date) async throws {
        try await client.query("""
            INSERT INTO sealed_secrets (case_id, kind, sealed, created_at) VALUES (\(id.rawValue), \(kind), \(sealed), \(now.timeIntervalSince1970))
            ON CONFLICT (case_id, kind) DO UPDATE SET sealed = EXCLUDED.sealed, created_at = EXCLUDED.created_at
            """, logger: logger)
    }

    public func sealedSecret(kind: String, for id: CaseID) async throws -> String? {
        for try await sealed in try await client.query("SELECT sealed FROM sealed_secrets WHERE case_id = \(id.rawValue) AND kind = \(kind)", logger: logger).decode(String.self) {
            return sealed
        }
        return nil
    }

    public func sealedSecretCountsByKey() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        // storageText is v1:<keyID>:<base64>, with an 8-hex-digit key ID.
        for try await (keyID, count) in try await client.query("SELECT substr(sealed, 4, 8), COUNT(*) FROM sealed_secrets GROUP BY 1", logger: logger)
            .decode((String, Int).self) {
            counts[keyID] = count
        }
        return counts
    }

    @discardableResult
    public func deleteSealedSecrets(for id: CaseID) async throws -> Int {
        var count = 0
        for try await _ in try await client.query("DELETE FROM sealed_secrets WHERE case_id = \(id.rawValue) RETURNING kind", logger: logger).decode(String.self) { count += 1 }
        return count
    }

    @discardableResult
    public func deleteSealedSecret(kind: String, for id: CaseID) async throws -> Bool {
        var deleted = false
        for try await _ in try await client.query("DELETE FROM sealed_secrets WHERE case_id = \(id.rawValue) AND kind = \(kind) RETURNING kind", logger: logger).decode(String.self) {
            deleted = true
        }
        return deleted
    }

    // MARK: Deliveries

    public func saveDelivery(_ record: DeliveryRecord) async throws {
        try await saveDelivery(record, audit: [])
    }

    public func saveDelivery(_ record: DeliveryRecord, audit: [AuditEvent]) async throws {
        let document = try DeliveryDocument.encode(record)
        let logger = logger
        try await transaction { connection in
            try await connection.query("""
                INSERT INTO deliveries (message_key, case_id, provider_message_id, document, first_attempt_at)
                VALUES (\(record.key), \(record.caseID.rawValue), \(record.providerMessageID), \(document), \(record.firstAttemptAt.timeIntervalSince1970))
                ON CONFLICT (message_key) DO UPDATE SET provider_message_id = EXCLUDED.provider_message_id, document = EXCLUDED.document
                """, logger: logger)
            try await Self.insertAudit(audit, for: record.caseID, on: connection, logger: logger)
        }
    }

    public func deliveries(for id: CaseID) async throws -> [DeliveryRecord] {
        var records: [DeliveryRecord] = []
        for try await document in try await client.query(
            "SELECT document FROM deliveries WHERE case_id = \(id.rawValue) ORDER BY first_attempt_at, message_key", logger: logger).decode(String.self) {
            records.append(try DeliveryDocument.decode(document))
        }
        return records
    }

    public func delivery(providerMessageID: String) async throws -> DeliveryRecord? {
        for try await document in try await client.query(
            "SELECT document FROM deliveries WHERE provider_message_id = \(providerMessageID)", logger: logger).decode(String.self) {
            return try DeliveryDocument.decode(document)
        }
        return nil
    }

    // MARK: API tokens

    public func storeAPIToken(_ token: APITokenRecord) async throws {
        try await client.query("""
            INSERT INTO api_tokens (id, name, token_hash, scopes, created_at, expires_at)
            VALUES (\(token.id), \(token.name), \(token.tokenHash), \(token.scopesText), \(token.createdAt.timeIntervalSince1970), \(token.expiresAt?.timeIntervalSince1970))
            """, logger: logger)
    }

    private typealias TokenRow = (String, String, String, String, Double, Double?, Double?, Double?)

    private static func tokenRecord(_ row: TokenRow) -> APITokenRecord {
        let (id, name, tokenHash, scopes, created, revoked, expires, lastUsed) = row
        return APITokenRecord(id: id, name: name, tokenHash: tokenHash, scopes: APITokenRecord.scopes(from: scopes), createdAt: Date(timeIntervalSince1970: created),
                              revokedAt: revoked.map(Date.init(timeIntervalSince1970:)), expiresAt: expires.map(Date.init(timeIntervalSince1970:)),
                              lastUsedAt: lastUsed.map(Date.init(timeIntervalSince1970:)))
    }

    public func apiToken(hash: String) async throws -> APITokenRecord? {
        for try await row in try await client.query(
            "SELECT id, name, token_hash, scopes, created_at, revoked_at, expires_at, last_used_at FROM api_tokens WHERE token_hash = \(hash) AND revoked_at IS NULL",
            logger: logger).decode(TokenRow.self) {
            return Self.tokenRecord(row)
        }
        return nil
    }

    public func listAPITokens() async throws -> [APITokenRecord] {
        var records: [APITokenRecord] = []
        for try await row in try await client.query(
            "SELECT id, name, token_hash, scopes, created_at, revoked_at, expires_at, last_used_at FROM api_tokens ORDER BY created_at, id", logger: logger)
            .decode(TokenRow.self) {
            records.append(Self.tokenRecord(row))
        }
        return records
    }

    public func recordAPITokenUse(id: String, at time: Date) async throws {
        let seconds = time.timeIntervalSince1970
        try await client.query(
            "UPDATE api_tokens SET last_used_at = \(seconds) WHERE id = \(id) AND (last_used_at IS NULL OR last_used_at < \(seconds - 60))", logger: logger)
    }

    // MARK: Sessions

    public func createSession(_ session: SessionRecord) async throws {
        try await client.query("""
            INSERT INTO sessions (digest, purpose, object_id, display_name, created_at, expires_at)
            VALUES (\(session.digest), \(session.purpose), \(session.objectID), \(session.displayName), \(session.createdAt.timeIntervalSince1970), \(session.expiresAt.timeIntervalSince1970))
            """, logger: logger)
    }

    private typealias SessionRow = (String, String, String, String?, Double, Double, Double?)

    private static func sessionRecord(_ row: SessionRow) -> SessionRecord {
        let (digest, purpose, objectID, name, created, expires, ended) = row
        return SessionRecord(digest: digest, purpose: purpose, objectID: objectID, displayName: name, createdAt: Date(timeIntervalSince1970: created),
                             expiresAt: Date(timeIntervalSince1970: expires), endedAt: ended.map(Date.init(timeIntervalSince1970:)))
    }

    public func liveSession(digest: String, now: Date) async throws -> SessionRecord? {
        for try await row in try await client.query(
            "SELECT digest, purpose, object_id, display_name, created_at, expires_at, ended_at FROM sessions WHERE digest = \(digest) AND ended_at IS NULL AND expires_at > \(now.timeIntervalSince1970)",
            logger: logger).decode(SessionRow.self) {
            return Self.sessionRecord(row)
        }
        return nil
    }

    @discardableResult
    public func endSession(digest: String, at time: Date) async throws -> Bool {
        var ended = false
        for try await _ in try await client.query("UPDATE sessions SET ended_at = \(time.timeIntervalSince1970) WHERE digest = \(digest) AND ended_at IS NULL RETURNING digest",
                                                  logger: logger).decode(String.self) {
            ended = true
        }
        return ended
    }

    public func endSessions(objectID: String?, at time: Date) async throws -> Int {
        let now = time.timeIntervalSince1970
        try await client.query("DELETE FROM sessions WHERE expires_at <= \(now - 86_400)", logger: logger)
        var count = 0
        let rows = if let objectID {
            try await client.query("UPDATE sessions SET ended_at = \(now) WHERE object_id = \(objectID) AND ended_at IS NULL AND expires_at > \(now) RETURNING digest", logger: logger)
        } else {
            try await client.query("UPDATE sessions SET ended_at = \(now) WHERE ended_at IS NULL AND expires_at > \(now) RETURNING digest", logger: logger)
        }
        for try await _ in rows.decode(String.self) { count += 1 }
        return count
    }

    public func liveSessions(now: Date) async throws -> [SessionRecord] {
        var records: [SessionRecord] = []
        for try await row in try await client.query(
            "SELECT digest, purpose, object_id, display_name, created_at, expires_at, ended_at FROM sessions WHERE ended_at IS NULL AND expires_at > \(now.timeIntervalSince1970) ORDER BY created_at DESC",
            logger: logger).decode(SessionRow.self) {
            records.append(Self.sessionRecord(row))
        }
        return records
    }

    // MARK: Used once

    public func useOnce(kind: String, digest: String, until expiry: Date, now: Date) async throws -> Bool {
        try await client.query("DELETE FROM used_once WHERE expires_at <= \(now.timeIntervalSince1970)", logger: logger)
        for try await _ in try await client.query(
            "INSERT INTO used_once (kind, digest, expires_at) VALUES (\(kind), \(digest), \(expiry.timeIntervalSince1970)) ON CONFLICT DO NOTHING RETURNING digest",
            logger: logger).decode(String.self) {
            return true
        }
        return false
    }

    public func revokeAPIToken(id: String, at time: Date) async throws -> Bool {
        var revoked = false
        for try await _ in try await client.query("UPDATE api_tokens SET revoked_at = \(time.timeIntervalSince1970) WHERE id = \(id) AND revoked_at IS NULL RETURNING id", logger: logger).decode(String.self) {
            revoked = true
        }
        return revoked
    }

    /// One transaction; the closure's own errors come out as they were thrown, not wrapped.
    // MARK: Pickups

    public func createPickup(_ ticket: PickupTicket) async throws {
        let caseID = ticket.caseID.rawValue, created = ticket.createdAt.timeIntervalSince1970, expires = ticket.expiresAt.timeIntervalSince1970
        try await transaction { connection in
            try await connection.query("UPDATE pickups SET state = 'expired' WHERE case_id = \(caseID) AND state = 'open'", logger: logger)
            try await connection.query("""
                INSERT INTO pickups (token_digest, case_id, code_digest, attempts_left, state, created_at, expires_at)
                VALUES (\(ticket.tokenDigest), \(caseID), \(ticket.codeDigest), \(ticket.attemptsLeft), \(ticket.state.rawValue), \(created), \(expires))
                """, logger: logger)
        }
    }

    public func pickup(tokenDigest: String) async throws -> PickupTicket? {
        let rows = try await client.query("""
            SELECT case_id, code_digest, attempts_left, state, created_at, expires_at FROM pickups WHERE token_digest = \(tokenDigest)
            """, logger: logger)
        for try await (caseID, code, attempts, state, created, expires) in rows.decode((String, String, Int, String, Double, Double).self) {
            guard let state = PickupTicket.State(rawValue: state) else { throw StoreError(.corrupt, "a pickup ticket has an unknown state") }
            var ticket = PickupTicket(caseID: CaseID(rawValue: caseID), tokenDigest: tokenDigest, codeDigest: code, attempts: attempts,
                                      createdAt: Date(timeIntervalSince1970: created), expiresAt: Date(timeIntervalSince1970: expires))
            ticket.state = state
            return ticket
        }
        return nil
    }

    public func updatePickup(_ updated: PickupTicket, replacing original: PickupTicket) async throws -> Bool {
        var changed = false
        for try await _ in try await client.query("""
            UPDATE pickups SET state = \(updated.state.rawValue), attempts_left = \(updated.attemptsLeft)
            WHERE token_digest = \(original.tokenDigest) AND state = \(original.state.rawValue) AND attempts_left = \(original.attemptsLeft)
            RETURNING token_digest
            """, logger: logger).decode(String.self) { changed = true }
        return changed
    }

    public func revealPickup(_ ticket: PickupTicket, secretKind: String, at now: Date) async throws -> String? {
        let caseID = ticket.caseID.rawValue, nowTime = now.timeIntervalSince1970
        return try await transaction { connection in
            var won = false
            for try await _ in try await connection.query("""
                UPDATE pickups SET state = 'revealed' WHERE token_digest = \(ticket.tokenDigest) AND state = 'open' AND expires_at > \(nowTime)
                RETURNING token_digest
                """, logger: logger).decode(String.self) { won = true }
            guard won else { return nil }
            var sealed: String?
            for try await value in try await connection.query("""
                DELETE FROM sealed_secrets WHERE case_id = \(caseID) AND kind = \(secretKind) RETURNING sealed
                """, logger: logger).decode(String.self) { sealed = value }
            return sealed
        }
    }

    private func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            if let closureError = error.closureError { throw closureError }
            throw StoreError(.unavailable, "a PostgreSQL transaction failed: \(String(reflecting: error))")
        }
    }

    private static func insertAudit(_ events: [AuditEvent], for id: CaseID, on connection: PostgresConnection, logger: Logger) async throws {
        for event in events {
            try await connection.query("INSERT INTO audit (case_id, at, actor, event, detail) VALUES (\(id.rawValue), \(event.at.timeIntervalSince1970), \(event.actor), \(event.event), \(event.detail))", logger: logger)
        }
    }
}
