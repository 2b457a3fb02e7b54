import Foundation
import Onboarding
import Testing
import TestSupport
@testable import Store

/// The behaviour every CaseStore must have. Each test runs against every implementation
/// available here (SQLite always; PostgreSQL joins when its server is configured).
@Suite struct CaseStoreContractTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let lifecycle = CaseLifecycle(retryPolicy: RetryPolicy(initialDelay: 10, jitter: 0))

    /// PostgreSQL joins when scripts/test-env-up started it (PG_HOST …); with
    /// FIRSTKEY_REQUIRE_INTEGRATION=1 (scripts/test) its absence is a failure, not a skip.
    static func postgresConfiguration() throws -> PostgresCaseStore.Configuration? {
        let environment = ProcessInfo.processInfo.environment
        guard let host = environment["PG_HOST"], let port = environment["PG_PORT"].flatMap(Int.init),
              let user = environment["PG_USER"], let password = environment["PG_PASSWORD"], let database = environment["PG_DATABASE"] else {
            if environment["FIRSTKEY_REQUIRE_INTEGRATION"] == "1" { throw StoreError(.unavailable, "PG_* is not set: run the tests with scripts/test") }
            return nil
        }
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return .init(host: host, port: port, username: user, password: password, database: database, schema: schema)
    }

    /// Runs `body` against a fresh store of each implementation, closing it afterwards.
    static func withEachStore(_ body: (any CaseStore) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-store-\(UUID().uuidString).sqlite").path
        let sqlite = try await SQLiteCaseStore.open(path: path)
        do {
            try await body(sqlite)
        } catch {
            await sqlite.close()
            throw StoreError(.conflict, "SQLiteCaseStore: \(error)")
        }
        await sqlite.close()
        if let configuration = try postgresConfiguration() {
            try await PostgresCaseStore.withStore(configuration) { store in
                do { try await body(store) } catch { throw StoreError(.conflict, "PostgresCaseStore: \(error)") }
            }
        }
    }

    static func newCase(_ employeeID: String, hireInDays days: Double = 7, at time: Date = now) -> (OnboardingCase, [AuditEvent]) {
        let onboarding = OnboardingCase(intakeKey: "employee:\(employeeID)", identity: HireIdentity(employeeID: employeeID),
                                        hireDate: time.addingTimeInterval(days * 86400), deliveryMode: .temporaryPassword,
                                        recipients: Recipients(mobilePhone: "+15550100"), source: "api", createdAt: time)
        let transition = lifecycle.start(onboarding, at: time, actor: "test")
        return (transition.updated, transition.audit)
    }

    @Test func intakeOfTheSameHireTwiceReturnsTheExistingCase() async throws {
        try await Self.withEachStore { store in
            let (first, audit) = Self.newCase("E1")
            let created = try await store.createCase(first, audit: audit)
            #expect(created.created)
            let (second, _) = Self.newCase("E1")
            let again = try await store.createCase(second, audit: [])
            #expect(!again.created)
            #expect(again.onboarding.id == first.id)
            #expect(try await store.listCases(CaseFilter()).count == 1)
            #expect(try await store.fetchCase(intakeKey: "employee:E1")?.id == first.id)
        }
    }

    @Test func listFiltersAndCounts() async throws {
        try await Self.withEachStore { store in
            for index in 0..<5 {
                let (onboarding, audit) = Self.newCase("L\(index)", hireInDays: Double(index + 1))
                _ = try await store.createCase(onboarding, audit: audit)
            }
            #expect(try await store.listCases(CaseFilter(limit: 2)).count == 2)
            #expect(try await store.listCases(CaseFilter(limit: 10, offset: 3)).count == 2)
            #expect(try await store.listCases(CaseFilter(hireDateTo: Self.now.addingTimeInterval(2.5 * 86400))).count == 2)
            #expect(try await store.listCases(CaseFilter(states: [.failed])).isEmpty)
            #expect(try await store.countCasesByState() == [.received: 5])
        }
    }

    @Test func listFindsTheCasesOfOneHireByEntraObjectIDOrObjectSid() async throws {
        try await Self.withEachStore { store in
            var (byObjectID, audit) = Self.newCase("H1")
            byObjectID.identity.entraObjectID = "6F9E0C1A-0000-4000-8000-000000000001"
            _ = try await store.createCase(byObjectID, audit: audit)
            var (bySid, sidAudit) = Self.newCase("H2")
            bySid.identity.objectSid = "S-1-5-21-1-2-3-1105"
            _ = try await store.createCase(bySid, audit: sidAudit)
            let (other, otherAudit) = Self.newCase("H3")
            _ = try await store.createCase(other, audit: otherAudit)

            let lowercased = CaseFilter.HireKeys(entraObjectID: "6f9e0c1a-0000-4000-8000-000000000001", objectSid: nil)
            #expect(try await store.listCases(CaseFilter(hire: lowercased)).map(\.id) == [byObjectID.id])
            let sid = CaseFilter.HireKeys(entraObjectID: "0000", objectSid: "S-1-5-21-1-2-3-1105")
            #expect(try await store.listCases(CaseFilter(hire: sid)).map(\.id) == [bySid.id])
            // A prefix of a SID is another account.
            #expect(try await store.listCases(CaseFilter(hire: .init(entraObjectID: nil, objectSid: "S-1-5-21-1-2-3-110"))).isEmpty)
            #expect(try await store.listCases(CaseFilter(hire: .init(entraObjectID: nil, objectSid: nil))).isEmpty)
            #expect(try await store.listCases(CaseFilter(states: [.failed], hire: lowercased)).isEmpty)
        }
    }

    @Test func onlyDueCasesAreLeasedAndALeaseKeepsOthersOut() async throws {
        try await Self.withEachStore { store in
            let (due, audit) = Self.newCase("D1")
            _ = try await store.createCase(due, audit: audit)
            let (later, laterAudit) = Self.newCase("D2", at: Self.now.addingTimeInterval(3600))
            _ = try await store.createCase(later, audit: laterAudit)

            let leases = try await store.leaseDueCases(now: Self.now, owner: "worker-a", leaseDuration: 60, limit: 10)
            #expect(leases.map(\.onboarding.id) == [due.id])
            #expect(try await store.leaseDueCases(now: Self.now, owner: "worker-b", leaseDuration: 60, limit: 10).isEmpty)
            // After the lease expires (the worker died), another worker takes the case over.
            let takeover = try await store.leaseDueCases(now: Self.now.addingTimeInterval(61), owner: "worker-b", leaseDuration: 60, limit: 10)
            #expect(takeover.map(\.onboarding.id) == [due.id])
            // The dead worker's late result is refused: no case ever gets two results for one attempt.
            var generator = SplitMix64(seed: 1)
            let stale = try Self.lifecycle.record(.succeeded(detail: "late"), for: .correlate, of: leases[0].onboarding, at: Self.now, using: &generator)
            await #expect(throws: StoreError.self) { try await store.save(stale, under: leases[0]) }
            let fresh = try Self.lifecycle.record(.succeeded(detail: "found"), for: .correlate, of: takeover[0].onboarding, at: Self.now.addingTimeInterval(61), using: &generator)
            try await store.save(fresh, under: takeover[0])
            let saved = try #require(try await store.fetchCase(due.id))
            #expect(saved.state == .correlated)
            #expect(saved.step(.correlate).attempts == 1)
        }
    }

    @Test func concurrentWorkersNeverLeaseTheSameCase() async throws {
        try await Self.withEachStore { store in
            for index in 0..<60 {
                let (onboarding, audit) = Self.newCase("C\(index)")
                _ = try await store.createCase(onboarding, audit: audit)
            }
            let leased = try await withThrowingTaskGroup(of: [CaseID].self) { group in
                for worker in 0..<6 {
                    group.addTask {
                        var mine: [CaseID] = []
                        for _ in 0..<5 {
                            mine += try await store.leaseDueCases(now: Self.now, owner: "w\(worker)", leaseDuration: 60, limit: 3).map(\.onboarding.id)
                        }
                        return mine
                    }
                }
                var all: [CaseID] = []
                for try await ids in group { all += ids }
                return all
            }
            #expect(leased.count == 60)
            #expect(Set(leased).count == 60)
        }
    }

    @Test func administrativeChangesWaitForAWorkersLease() async throws {
        try await Self.withEachStore { store in
            let (onboarding, audit) = Self.newCase("A1")
            _ = try await store.createCase(onboarding, audit: audit)
            let lease = try #require(try await store.leaseDueCases(now: Self.now, owner: "w", leaseDuration: 60, limit: 1).first)
            let cancel = try Self.lifecycle.cancel(lease.onboarding, at: Self.now, actor: "admin", reason: "withdrawn")
            await #expect(throws: StoreError.self) { try await store.saveAdministrative(cancel, replacing: lease.onboarding, now: Self.now) }
            try await store.releaseLeases(owner: "w")
            try await store.saveAdministrative(cancel, replacing: lease.onboarding, now: Self.now)
            #expect(try await store.fetchCase(onboarding.id)?.state == .cancelled)
            // Nothing is due for an ended case.
            #expect(try await store.leaseDueCases(now: Self.now.addingTimeInterval(86400), owner: "w", leaseDuration: 60, limit: 10).isEmpty)
            let events = try await store.auditTrail(of: onboarding.id).map(\.event)
            #expect(events == ["case.received", "case.cancelled"])
        }
    }

    @Test func sealedSecretsAreStoredReplacedAndWiped() async throws {
        try await Self.withEachStore { store in
            let (onboarding, audit) = Self.newCase("S1")
            _ = try await store.createCase(onboarding, audit: audit)
            try await store.storeSealedSecret("v1:key:AAAA", kind: "temporary-password", for: onboarding.id, at: Self.now)
            try await store.storeSealedSecret("v1:key:BBBB", kind: "temporary-password", for: onboarding.id, at: Self.now)
            #expect(try await store.sealedSecret(kind: "temporary-password", for: onboarding.id) == "v1:key:BBBB")
            #expect(try await store.deleteSealedSecrets(for: onboarding.id) == 1)
            #expect(try await store.sealedSecret(kind: "temporary-password", for: onboarding.id) == nil)
        }
    }

    @Test func oneSealedSecretIsDeletedAndTheOthersStay() async throws {
        try await Self.withEachStore { store in
            let (onboarding, audit) = Self.newCase("S2")
            _ = try await store.createCase(onboarding, audit: audit)
            try await store.storeSealedSecret("v1:key:AAAA", kind: "pickup-secret", for: onboarding.id, at: Self.now)
            try await store.storeSealedSecret("v1:key:BBBB", kind: "temporary-access-pass", for: onboarding.id, at: Self.now)
            #expect(try await store.deleteSealedSecret(kind: "pickup-secret", for: onboarding.id))
            #expect(try await !store.deleteSealedSecret(kind: "pickup-secret", for: onboarding.id))
            #expect(try await store.sealedSecret(kind: "pickup-secret", for: onboarding.id) == nil)
            #expect(try await store.sealedSecret(kind: "temporary-access-pass", for: onboarding.id) == "v1:key:BBBB")
        }
    }

    @Test func deliveryRecordsAreReplacedByKeyAndFoundByProviderMessageID() async throws {
        try await Self.withEachStore { store in
            let (onboarding, audit) = Self.newCase("D1")
            _ = try await store.createCase(onboarding, audit: audit)
            var code = DeliveryRecord(key: "firstkey/\(onboarding.id)/deliver/0/pickup-code/sms", caseID: onboarding.id, round: 0, kind: "pickup-code",
                                      channel: "sms", destination: "hire-mobile-phone", maskedRecipient: "+15••••00", status: .sending,
                                      firstAttemptAt: Self.now, updatedAt: Self.now)
            let link = DeliveryRecord(key: "firstkey/\(onboarding.id)/deliver/0/pickup-link/email", caseID: onboarding.id, round: 0, kind: "pickup-link",
                                      channel: "email", destination: "hire-private-email", maskedRecipient: "k•••@example.org", status: .accepted,
                                      provider: "SMTP", firstAttemptAt: Self.now.addingTimeInterval(-1), updatedAt: Self.now)
            try await store.saveDelivery(code)
            try await store.saveDelivery(link)
            #expect(try await store.delivery(providerMessageID: "Outgoing_1") == nil)
            code.status = .accepted
            code.provider = "Azure Communication Services"
            code.providerMessageID = "Outgoing_1"
            code.updatedAt = Self.now.addingTimeInterval(2)
            try await store.saveDelivery(code)
            #expect(try await store.deliveries(for: onboarding.id) == [link, code])
            #expect(try await store.delivery(providerMessageID: "Outgoing_1") == code)
            let (other, otherAudit) = Self.newCase("D2")
            _ = try await store.createCase(other, audit: otherAudit)
            #expect(try await store.deliveries(for: other.id).isEmpty)
        }
    }

    @Test func aDeliveryRecordAndItsAuditEntryAreWrittenTogether() async throws {
        try await Self.withEachStore { store in
            let (onboarding, audit) = Self.newCase("D3")
            _ = try await store.createCase(onboarding, audit: audit)
            var code = DeliveryRecord(key: "firstkey/\(onboarding.id)/deliver/0/pickup-code/sms", caseID: onboarding.id, round: 0, kind: "pickup-code",
                                      channel: "sms", destination: "hire-mobile-phone", maskedRecipient: "+15••••00", status: .accepted,
                                      providerMessageID: "Outgoing_3", firstAttemptAt: Self.now, updatedAt: Self.now)
            try await store.saveDelivery(code)
            code.status = .failed
            code.detail = "4006"
            let report = AuditEvent(at: Self.now.addingTimeInterval(5), actor: "provider:acs", event: "delivery.failed", detail: "pickup-code by sms was not delivered: 4006")
            try await store.saveDelivery(code, audit: [report])
            #expect(try await store.delivery(providerMessageID: "Outgoing_3")?.status == .failed)
            #expect(try await store.auditTrail(of: onboarding.id).last == report)
        }
    }

    @Test func pickupsUpdateOnlyFromWhatWasReadAndRevealAtMostOnce() async throws {
        try await Self.withEachStore { store in
            let (onboarding, audit) = Self.newCase("P1")
            _ = try await store.createCase(onboarding, audit: audit)
            try await store.storeSealedSecret("v1:key:SEALED", kind: "temporary-password", for: onboarding.id, at: Self.now)
            let ticket = PickupTicket(caseID: onboarding.id, tokenDigest: "digest-1", codeDigest: "code-digest", attempts: 5,
                                      createdAt: Self.now, expiresAt: Self.now.addingTimeInterval(3600))
            try await store.createPickup(ticket)
            #expect(try await store.pickup(tokenDigest: "digest-1") == ticket)
            #expect(try await store.pickup(tokenDigest: "unknown") == nil)

            var counted = ticket
            counted.attemptsLeft = 4
            #expect(try await store.updatePickup(counted, replacing: ticket))
            // a second submission that read the same old ticket does not count again
            #expect(try await !store.updatePickup(counted, replacing: ticket))
            #expect(try await store.pickup(tokenDigest: "digest-1")?.attemptsLeft == 4)

            // many reveals at once: exactly one gets the secret, and it is gone afterwards
            let current = try #require(try await store.pickup(tokenDigest: "digest-1"))
            let revealed = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<12 { group.addTask { try await store.revealPickup(current, secretKind: "temporary-password", at: Self.now) } }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(revealed.compactMap { $0 } == ["v1:key:SEALED"])
            #expect(try await store.sealedSecret(kind: "temporary-password", for: onboarding.id) == nil)
            #expect(try await store.pickup(tokenDigest: "digest-1")?.state == .revealed)

            // a new ticket for the case (a re-send) closes the old open one; an expired one reveals nothing
            let (other, otherAudit) = Self.newCase("P2")
            _ = try await store.createCase(other, audit: otherAudit)
            try await store.storeSealedSecret("v1:key:OTHER", kind: "temporary-password", for: other.id, at: Self.now)
            let first = PickupTicket(caseID: other.id, tokenDigest: "digest-2", codeDigest: "c", attempts: 5, createdAt: Self.now, expiresAt: Self.now.addingTimeInterval(60))
            try await store.createPickup(first)
            try await store.createPickup(PickupTicket(caseID: other.id, tokenDigest: "digest-3", codeDigest: "c", attempts: 5, createdAt: Self.now, expiresAt: Self.now.addingTimeInterval(60)))
            #expect(try await store.pickup(tokenDigest: "digest-2")?.state == .expired)
            #expect(try await store.revealPickup(first, secretKind: "temporary-password", at: Self.now) == nil)
            let second = try #require(try await store.pickup(tokenDigest: "digest-3"))
            #expect(try await store.revealPickup(second, secretKind: "temporary-password", at: Self.now.addingTimeInterval(61)) == nil)
            #expect(try await store.sealedSecret(kind: "temporary-password", for: other.id) == "v1:key:OTHER")
        }
    }

    @Test func postgresMigratesOnceAndTwoInstancesShareTheDatabase() async throws {
        guard var configuration = try Self.postgresConfiguration() else { return }
        configuration.maximumConnections = 2
        try await PostgresCaseStore.withStore(configuration) { first in
            try await PostgresCaseStore.withStore(configuration) { second in
                #expect(try await second.schemaVersion == Schema.migrations(.sqlite).last!.version)
                for index in 0..<30 {
                    let (onboarding, audit) = Self.newCase("P\(index)")
                    _ = try await first.createCase(onboarding, audit: audit)
                }
                let leased = try await withThrowingTaskGroup(of: [CaseID].self) { group in
                    for (index, store) in [first, second, first, second].enumerated() {
                        group.addTask {
                            var mine: [CaseID] = []
                            for _ in 0..<5 { mine += try await store.leaseDueCases(now: Self.now, owner: "instance-\(index)", leaseDuration: 60, limit: 2).map(\.onboarding.id) }
                            return mine
                        }
                    }
                    var all: [CaseID] = []
                    for try await ids in group { all += ids }
                    return all
                }
                #expect(leased.count == 30)
                #expect(Set(leased).count == 30)
            }
        }
    }

    @Test func aReopenedDatabaseHasEverythingAndMigratesOnlyOnce() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-reopen-\(UUID().uuidString).sqlite").path
        let first = try await SQLiteCaseStore.open(path: path)
        let (onboarding, audit) = Self.newCase("R1")
        _ = try await first.createCase(onboarding, audit: audit)
        await first.close()
        let second = try await SQLiteCaseStore.open(path: path)
        try await second.migrate()
        #expect(try await second.schemaVersion == Schema.migrations(.sqlite).last!.version)
        #expect(try await second.fetchCase(onboarding.id) == onboarding)
        #expect(try await second.auditTrail(of: onboarding.id).count == 1)
        await second.close()
    }
}

@Suite struct APITokenStoreTests {
    @Test func tokensAreFoundByHashUntilRevoked() async throws {
        try await CaseStoreContractTests.withEachStore { store in
            let record = APITokenRecord(id: "tok_\(UUID().uuidString.prefix(8))", name: "hr", tokenHash: String(repeating: "ab", count: 32), scopes: [.read, .write], createdAt: Date())
            try await store.storeAPIToken(record)
            #expect(try await store.apiToken(hash: record.tokenHash)?.scopes == [.read, .write])
            #expect(try await store.apiToken(hash: String(repeating: "cd", count: 32)) == nil)
            #expect(try await store.revokeAPIToken(id: record.id, at: Date()))
            #expect(try await store.apiToken(hash: record.tokenHash) == nil)
            #expect(!(try await store.revokeAPIToken(id: record.id, at: Date())))
        }
    }
}

@Suite struct APITokenLifetimeTests {
    @Test func expiryAndLastUseAreStoredAndListed() async throws {
        try await CaseStoreContractTests.withEachStore { store in
            let created = Date(timeIntervalSince1970: 1_900_000_000)
            let record = APITokenRecord(id: "tok_\(UUID().uuidString.prefix(8))", name: "hr-feed", tokenHash: String(repeating: "ef", count: 32), scopes: [.write],
                                        createdAt: created, expiresAt: created.addingTimeInterval(86_400))
            try await store.storeAPIToken(record)
            let found = try #require(try await store.apiToken(hash: record.tokenHash))
            #expect(found.expiresAt == record.expiresAt && found.lastUsedAt == nil)
            #expect(!found.isExpired(at: created.addingTimeInterval(86_399)) && found.isExpired(at: created.addingTimeInterval(86_400)))

            try await store.recordAPITokenUse(id: record.id, at: created.addingTimeInterval(10))
            // Within a minute of the last noted use nothing is written (one write per minute at most).
            try await store.recordAPITokenUse(id: record.id, at: created.addingTimeInterval(40))
            #expect(try await store.apiToken(hash: record.tokenHash)?.lastUsedAt == created.addingTimeInterval(10))
            try await store.recordAPITokenUse(id: record.id, at: created.addingTimeInterval(100))
            #expect(try await store.apiToken(hash: record.tokenHash)?.lastUsedAt == created.addingTimeInterval(100))

            #expect(try await store.revokeAPIToken(id: record.id, at: created.addingTimeInterval(200)))
            let listed = try #require(try await store.listAPITokens().first { $0.id == record.id })
            #expect(listed.revokedAt == created.addingTimeInterval(200) && listed.lastUsedAt == created.addingTimeInterval(100) && listed.name == "hr-feed")
        }
    }
}

@Suite struct OneTimeUseStoreTests {
    @Test func aDigestIsUsedOnceUntilItExpires() async throws {
        try await CaseStoreContractTests.withEachStore { store in
            let now = Date(timeIntervalSince1970: 1_900_000_000)
            let digest = String(repeating: "7a", count: 32)
            let first = try await store.useOnce(kind: "signin-state", digest: digest, until: now.addingTimeInterval(600), now: now)
            let replayed = try await store.useOnce(kind: "signin-state", digest: digest, until: now.addingTimeInterval(600), now: now.addingTimeInterval(1))
            // Another kind is another namespace.
            let otherKind = try await store.useOnce(kind: "other", digest: digest, until: now.addingTimeInterval(600), now: now)
            // Once expired it is forgotten (nothing could replay it any more).
            let afterExpiry = try await store.useOnce(kind: "signin-state", digest: digest, until: now.addingTimeInterval(1_300), now: now.addingTimeInterval(700))
            #expect(first && !replayed && otherKind && afterExpiry)
        }
    }

    @Test func concurrentUsesOfOneDigestLetExactlyOneThrough() async throws {
        try await CaseStoreContractTests.withEachStore { store in
            let now = Date()
            let digest = UUID().uuidString
            let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<12 { group.addTask { try await store.useOnce(kind: "signin-state", digest: digest, until: now.addingTimeInterval(600), now: now) } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(admitted == 1)
        }
    }
}

@Suite struct SessionStoreTests {
    @Test func aSessionIsLiveUntilItEndsOrExpiresAndEndsForOneUserOrForAll() async throws {
        try await CaseStoreContractTests.withEachStore { store in
            let now = Date(timeIntervalSince1970: 1_900_000_000)
            func session(_ object: String) -> SessionRecord {
                SessionRecord(digest: UUID().uuidString, purpose: "admin", objectID: object, displayName: "\(object)@contoso.test", createdAt: now, expiresAt: now.addingTimeInterval(900))
            }
            let alice = session("alice"), aliceToo = session("alice"), bob = session("bob")
            for record in [alice, aliceToo, bob] { try await store.createSession(record) }
            let found = try await store.liveSession(digest: alice.digest, now: now)
            let expired = try await store.liveSession(digest: alice.digest, now: now.addingTimeInterval(900))
            #expect(found?.objectID == "alice" && found?.displayName == "alice@contoso.test" && expired == nil)
            let ended = try await store.endSession(digest: bob.digest, at: now)
            let endedTwice = try await store.endSession(digest: bob.digest, at: now)
            let bobAfter = try await store.liveSession(digest: bob.digest, now: now)
            #expect(ended && !endedTwice && bobAfter == nil)
            let endedForAlice = try await store.endSessions(objectID: "alice", at: now)
            let live = try await store.liveSessions(now: now)
            #expect(endedForAlice == 2 && live.isEmpty)
            try await store.createSession(session("carol"))
            let endedForAll = try await store.endSessions(objectID: nil, at: now)
            #expect(endedForAll == 1)
        }
    }
}
