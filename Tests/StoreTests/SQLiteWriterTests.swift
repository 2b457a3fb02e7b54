import Dispatch
import Foundation
import Onboarding
import Synchronization
import Testing
@testable import Store

/// The SQLite store's writer (group commit) and read connections, on a real database file.
@Suite struct SQLiteWriterTests {
    struct Refused: Error, Equatable { var number: Int }

    /// A fresh database with table `t` and, for a commit that must fail, a deferred foreign key.
    static func database() throws -> (path: String, writer: SQLiteWriter) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-writer-\(UUID().uuidString).sqlite").path
        let handle = try SQLiteHandle(path: path)
        for statement in ["PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)",
                          "CREATE TABLE parent (id INTEGER PRIMARY KEY)",
                          "CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)"] {
            try handle.query(statement)
        }
        return (path, SQLiteWriter(handle: handle, name: "firstkey-sqlite-writer-test"))
    }

    /// Holds the writer's thread in a write until `release`, so the writes sent meanwhile queue
    /// up and run as one batch.
    final class Hold: Sendable {
        private let gate = DispatchSemaphore(value: 0)
        private let started = Mutex(false)

        func body(_ db: SQLiteHandle) throws {
            try db.query("INSERT INTO t (id, v) VALUES (0, 'held')")
            started.withLock { $0 = true }
            gate.wait()
        }

        func untilStarted() async throws {
            while !started.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(2)) }
        }

        func release() { gate.signal() }
    }

    static func untilQueued(_ count: Int, _ writer: SQLiteWriter) async throws {
        for _ in 0..<2_500 where writer.queuedJobs < count { try await Task.sleep(for: .milliseconds(2)) }
        #expect(writer.queuedJobs == count)
    }

    @Test func writesThatArriveTogetherShareOneTransactionAndEachGetsItsOwnAnswer() async throws {
        let (path, writer) = try Self.database()
        let hold = Hold()
        async let held: Void = writer.write { try hold.body($0) }
        try await hold.untilStarted()
        let before = writer.committedBatches

        let results = try await withThrowingTaskGroup(of: (Int, Result<String, Refused>).self) { group in
            for number in 1...20 {
                group.addTask {
                    do {
                        let value = try await writer.write { db -> String in
                            try db.query("INSERT INTO t (id, v) VALUES (\(number), 'row \(number)')")
                            if number == 7 { throw Refused(number: number) }
                            return "row \(number)"
                        }
                        return (number, .success(value))
                    } catch let refused as Refused {
                        return (number, .failure(refused))
                    }
                }
            }
            try await Self.untilQueued(20, writer)
            hold.release()
            var results: [Int: Result<String, Refused>] = [:]
            for try await (number, result) in group { results[number] = result }
            return results
        }
        try await held

        // The held write was one batch (not yet counted when `before` was read), the twenty
        // queued behind it one more.
        #expect(writer.committedBatches == before + 2)
        for number in 1...20 where number != 7 {
            #expect(try results[number]?.get() == "row \(number)")
        }
        if case .failure(let refused)? = results[7] {
            #expect(refused == Refused(number: 7))
        } else {
            Issue.record("the refused write was answered with \(String(describing: results[7]))")
        }
        // Only the refused write was undone.
        let readers = SQLiteReaders(path: path)
        let ids = try await readers.query("SELECT id FROM t ORDER BY id").compactMap { $0.integer("id") }
        #expect(ids == [0] + Array(1...20).filter { $0 != 7 })
        readers.close()
        await writer.close()
    }

    @Test func aBatchThatCannotCommitFailsEveryCallerAndKeepsNothing() async throws {
        let (path, writer) = try Self.database()
        let hold = Hold()
        async let held: Void = writer.write { try hold.body($0) }
        try await hold.untilStarted()

        let outcomes = await withTaskGroup(of: (any Error)?.self) { group in
            for number in 1...6 {
                group.addTask {
                    do {
                        try await writer.write { db in
                            try db.query("INSERT INTO parent (id) VALUES (\(number))")
                            // Deferred: the statement succeeds, the COMMIT of the batch fails.
                            if number == 4 { try db.query("INSERT INTO child (id, parent) VALUES (1, 999)") }
                        }
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            try? await Self.untilQueued(6, writer)
            hold.release()
            var outcomes: [(any Error)?] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        try await held

        #expect(outcomes.count == 6)
        for outcome in outcomes {
            #expect((outcome as? StoreError)?.code == .unavailable)
        }
        let readers = SQLiteReaders(path: path)
        #expect(try await readers.query("SELECT COUNT(*) AS n FROM parent").first?.integer("n") == 0)
        #expect(try await readers.query("SELECT COUNT(*) AS n FROM child").first?.integer("n") == 0)
        // The writer goes on with the next batch.
        try await writer.write { try $0.query("INSERT INTO parent (id) VALUES (100)") }
        #expect(try await readers.query("SELECT id FROM parent").compactMap { $0.integer("id") } == [100])
        readers.close()
        await writer.close()
    }

    @Test func readsSeeOnlyCommittedWrites() async throws {
        let (path, writer) = try Self.database()
        let readers = SQLiteReaders(path: path)
        let hold = Hold()
        async let held: Void = writer.write { try hold.body($0) }
        try await hold.untilStarted()
        // The held write has inserted its row but not committed it.
        #expect(try await readers.query("SELECT COUNT(*) AS n FROM t").first?.integer("n") == 0)
        hold.release()
        try await held
        #expect(try await readers.query("SELECT v FROM t WHERE id = 0").first?.string("v") == "held")
        // A reader cannot write.
        #expect(throws: StoreError.self) { try readers.read { try $0.query("DELETE FROM t") } }
        readers.close()
        await writer.close()
    }

    @Test func aClosedWriterRefusesWrites() async throws {
        let (_, writer) = try Self.database()
        await writer.close()
        await #expect(throws: StoreError.self) { try await writer.write { try $0.query("INSERT INTO t (id, v) VALUES (1, 'late')") } }
        await writer.close()
    }

    /// Through the store: many reveals at once, of many tickets and of one, each caller with its
    /// own answer and every secret revealed once.
    @Test func concurrentRevealsEachGetTheirOwnSecretAndOneTicketRevealsOnce() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-reveals-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        let now = CaseStoreContractTests.now
        var tickets: [(PickupTicket, String)] = []
        for number in 0..<40 {
            let (onboarding, audit) = CaseStoreContractTests.newCase("REV\(number)")
            _ = try await store.createCase(onboarding, audit: audit)
            try await store.storeSealedSecret("sealed-\(number)", kind: "pickup", for: onboarding.id, at: now)
            let ticket = PickupTicket(caseID: onboarding.id, tokenDigest: "digest-\(number)", codeDigest: "code", attempts: 5,
                                      createdAt: now, expiresAt: now.addingTimeInterval(3600))
            try await store.createPickup(ticket)
            tickets.append((ticket, "sealed-\(number)"))
        }
        let seeded = tickets
        let revealed = try await withThrowingTaskGroup(of: (String, String?).self) { group in
            for (ticket, expected) in seeded {
                group.addTask { (expected, try await store.revealPickup(ticket, secretKind: "pickup", at: now)) }
            }
            // The first ticket, twenty times more at once: it was revealed once above.
            for _ in 0..<20 {
                group.addTask { ("again", try await store.revealPickup(seeded[0].0, secretKind: "pickup", at: now)) }
            }
            var revealed: [(String, String?)] = []
            for try await answer in group { revealed.append(answer) }
            return revealed
        }
        let first = revealed.filter { $0.0 != "again" }
        let again = revealed.filter { $0.0 == "again" }
        // Either the first reveal of ticket 0 won, or one of the twenty; exactly one of all did.
        let ticket0 = (first.filter { $0.0 == "sealed-0" } + again).compactMap(\.1)
        #expect(ticket0 == ["sealed-0"])
        for (expected, answer) in first where expected != "sealed-0" {
            #expect(answer == expected)
        }
        #expect(try await store.pickup(tokenDigest: "digest-39")?.state == .revealed)
        #expect(try await store.sealedSecret(kind: "pickup", for: tickets[39].0.caseID) == nil)
        await store.close()
    }
}
