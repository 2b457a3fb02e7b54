import Credentials
import Foundation
import LDAP
import LDAPClient
import Onboarding
import OnboardingEngine
import Store
import Testing
import TestSupport
@testable import Directory

/// `firstkey serve` against the real DC, killed with SIGKILL at random moments and restarted:
/// no case is lost, and every hire's AD password is the one sealed in the store (never two).
@Suite(.enabled(if: IntegrationEnvironment.available), .serialized)
struct EngineCrashTests {
    typealias Env = IntegrationEnvironment

    enum StoreKind: String, CaseIterable, Sendable { case sqlite, postgresql }

    /// A PostgreSQL database of its own, so that the instances under test lease no other test's cases.
    static func freshPostgresURL() async throws -> String {
        let url = try Env.value("PG_URL")
        let name = "firstkey_crash_\(UInt32.random(in: 0..<UInt32.max))"
        let created = try await ProcessRunner.run("/usr/bin/psql", [url, "-qc", "CREATE DATABASE \(name)"], harness: true)
        guard created.status == 0 else { throw IntegrationSetupError(description: "psql CREATE DATABASE failed: \(created.stderr)") }
        return String(url[..<url.lastIndex(of: "/")!]) + "/" + name
    }

    /// SQLite: one instance, killed and restarted. PostgreSQL: two instances on one database,
    /// each killed at its own random moments while the other works on.
    @Test(arguments: StoreKind.allCases)
    func killingTheServiceMidStepLosesNoCaseAndNeverIssuesTwoCredentials(_ kind: StoreKind) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = directory.appendingPathComponent("cases.sqlite").path
        let keyFile = TestSecrets.directory.appendingPathComponent("sealing-\(UUID().uuidString).key").path
        let passwordFile = try TestSecrets.writeFile(try Env.dc1.servicePassword, named: "bind")
        let key = SealingKey.generate()
        try key.write(toFile: keyFile)
        TestSecrets.record(try String(contentsOfFile: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
        let instances = kind == .sqlite ? 1 : 2
        var storeArguments = ["--database", database]
        var postgresURL = ""
        if kind == .postgresql {
            let url = try await Self.freshPostgresURL()
            postgresURL = url
            TestSecrets.record(try Env.value("PG_PASSWORD"))
            storeArguments = ["--postgres-url-file", try TestSecrets.writeFile(url, named: "pg", recordAsCanary: false)]
        }
        func withOpenStore(_ body: (any CaseStore) async throws -> Void) async throws {
            switch kind {
            case .sqlite:
                let store = try await SQLiteCaseStore.open(path: database)
                do { try await body(store) } catch { await store.close(); throw error }
                await store.close()
            case .postgresql:
                try await PostgresCaseStore.withStore(try PostgresCaseStore.Configuration(url: postgresURL), logger: Env.logger) { try await body($0) }
            }
        }

        var hires: [(sam: String, dn: String, employeeID: String)] = []
        for _ in 0..<(10 * instances) { hires.append(try await Env.createHire(prefix: "crash")) }
        try await withOpenStore { store in
            let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(), runner: NoRunner())
            for hire in hires {
                _ = try await engine.intake(.init(identity: HireIdentity(employeeID: hire.employeeID), hireDate: Date().addingTimeInterval(7 * 86400),
                                                  deliveryMode: .temporaryPassword, recipients: Recipients(mobilePhone: "+15550100"), source: "test"), actor: "test")
            }
        }

        let arguments = ["serve", "--no-http", "--sealing-key-file", keyFile, "--url", "ldaps://\(try Env.dc1.host):636",
                         "--ca-file", try Env.dc1.caFile, "--bind-dn", try Env.dc1.serviceDN, "--bind-password-file", passwordFile,
                         "--base-dn", try Env.dc1.baseDN, "--batch-size", "2", "--lease-seconds", "1"] + storeArguments
        var kills = 0
        var logs: [String] = []
        for round in 0..<6 {
            var pids: [pid_t] = []
            for instance in 0..<instances {
                let log = directory.appendingPathComponent("serve-\(round)-\(instance).log").path
                logs.append(log)
                pids.append(try ProcessRunner.spawn(CLITests.binary, arguments, logFile: log))
            }
            for pid in pids {
                try await Task.sleep(for: .milliseconds(Int.random(in: 100...(250 + 90 * round))))
                kill(pid, SIGKILL)
                _ = await ProcessRunner.wait(for: pid)
                kills += 1
            }
        }
        try await Task.sleep(for: .milliseconds(1200))
        let finals = try await withThrowingTaskGroup(of: ProcessRunner.Result.self) { group in
            for _ in 0..<instances { group.addTask { try await ProcessRunner.run(CLITests.binary, arguments + ["--until-idle", "3"]) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for final in finals { #expect(final.status == 0, "\(final.stderr)") }

        try await withOpenStore { reopened in
            let cases = try await reopened.listCases(CaseFilter())
            #expect(cases.count == hires.count)
            let sealer = SecretSealer(current: key)
            let databaseBytes = (try? Data(contentsOf: URL(fileURLWithPath: database))) ?? Data()
            let walBytes = (try? Data(contentsOf: URL(fileURLWithPath: database + "-wal"))) ?? Data()
            for onboarding in cases {
                #expect(onboarding.state == .credentialPrepared, "case \(onboarding.id) is \(onboarding.state): \(onboarding.currentStep?.lastError ?? "")")
                let sealed = try #require(try await reopened.sealedSecret(kind: SealedPasswordIssuer.secretKind, for: onboarding.id))
                let password = try sealer.open(SealedSecret(storageText: sealed), context: onboarding.id.rawValue)
                TestSecrets.record(password)
                #expect(databaseBytes.range(of: Data(password.utf8)) == nil && walBytes.range(of: Data(password.utf8)) == nil, "plaintext password in the database")
                for log in logs { #expect(!((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains(password), "password in a service log") }
                // AD holds exactly the sealed password: binding with it says "must change" (773), not "wrong password" (52e).
                let dn = try #require(hires.first { $0.employeeID == onboarding.identity.employeeID }).dn
                let connection = try await Env.connect(try Env.dc1.ldaps, tls: try Env.dc1.tls)
                let error = await #expect(throws: LDAPError.self) { try await connection.bind(dn: dn, password: password) }
                #expect(error?.result?.diagnosticMessage.contains("data 773") == true, "\(error?.description ?? "")")
                await connection.close()
            }
        }
        print("crash test (\(kind.rawValue), \(instances) instance(s)): \(kills) SIGKILLs, \(hires.count) cases all credential-prepared with one sealed password each")
        TestSecrets.cleanUp(directory)
    }
}

struct NoRunner: StepRunner {
    func run(_ kind: StepKind, for onboarding: OnboardingCase) async -> StepResult { StepResult(.retry(reason: "intake only")) }
}
