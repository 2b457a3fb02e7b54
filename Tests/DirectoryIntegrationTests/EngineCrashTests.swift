import Credentials
import Foundation
import LDAP
import LDAPClient
import Onboarding
import OnboardingEngine
import Store
import Testing
@testable import Directory

/// `firstkey serve` against the real DC, killed with SIGKILL at random moments and restarted:
/// no case is lost, and every hire's AD password is the one sealed in the store (never two).
@Suite(.enabled(if: IntegrationEnvironment.available), .serialized)
struct EngineCrashTests {
    typealias Env = IntegrationEnvironment

    @Test func killingTheServiceMidStepLosesNoCaseAndNeverIssuesTwoCredentials() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = directory.appendingPathComponent("cases.sqlite").path
        let keyFile = directory.appendingPathComponent("sealing.key").path
        let passwordFile = directory.appendingPathComponent("bind").path
        let log = directory.appendingPathComponent("serve.log").path
        let key = SealingKey.generate()
        try key.write(toFile: keyFile)
        try Data(try Env.dc1.servicePassword.utf8).write(to: URL(fileURLWithPath: passwordFile))

        var hires: [(sam: String, dn: String, employeeID: String)] = []
        for _ in 0..<10 { hires.append(try await Env.createHire(prefix: "crash")) }
        let store = try await SQLiteCaseStore.open(path: database)
        let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(), runner: NoRunner())
        for hire in hires {
            _ = try await engine.intake(.init(identity: HireIdentity(employeeID: hire.employeeID), hireDate: Date().addingTimeInterval(7 * 86400),
                                              deliveryMode: .temporaryPassword, recipients: Recipients(mobilePhone: "+15550100"), source: "test"), actor: "test")
        }
        await store.close()

        let arguments = ["serve", "--database", database, "--sealing-key-file", keyFile, "--url", "ldaps://\(try Env.dc1.host):636",
                         "--ca-file", try Env.dc1.caFile, "--bind-dn", try Env.dc1.serviceDN, "--bind-password-file", passwordFile,
                         "--base-dn", try Env.dc1.baseDN, "--batch-size", "2", "--lease-seconds", "1"]
        var kills = 0
        for round in 0..<6 {
            let pid = try ProcessRunner.spawn(CLITests.binary, arguments, logFile: log)
            try await Task.sleep(for: .milliseconds(150 + 90 * round))
            kill(pid, SIGKILL)
            _ = await ProcessRunner.wait(for: pid)
            kills += 1
        }
        try await Task.sleep(for: .milliseconds(1200))
        let final = try await ProcessRunner.run(CLITests.binary, arguments + ["--until-idle", "3"])
        #expect(final.status == 0, "\(final.stderr)")

        let reopened = try await SQLiteCaseStore.open(path: database)
        let cases = try await reopened.listCases(CaseFilter())
        #expect(cases.count == hires.count)
        let sealer = SecretSealer(current: key)
        let databaseBytes = (try? Data(contentsOf: URL(fileURLWithPath: database))) ?? Data()
        let walBytes = (try? Data(contentsOf: URL(fileURLWithPath: database + "-wal"))) ?? Data()
        for onboarding in cases {
            #expect(onboarding.state == .credentialPrepared, "case \(onboarding.id) is \(onboarding.state): \(onboarding.currentStep?.lastError ?? "")")
            let sealed = try #require(try await reopened.sealedSecret(kind: SealedPasswordIssuer.secretKind, for: onboarding.id))
            let password = try sealer.open(SealedSecret(storageText: sealed), context: onboarding.id.rawValue)
            #expect(databaseBytes.range(of: Data(password.utf8)) == nil && walBytes.range(of: Data(password.utf8)) == nil, "plaintext password in the database")
            #expect(!(try String(contentsOfFile: log, encoding: .utf8)).contains(password), "password in the service log")
            // AD holds exactly the sealed password: binding with it says "must change" (773), not "wrong password" (52e).
            let dn = try #require(hires.first { $0.employeeID == onboarding.identity.employeeID }).dn
            let connection = try await Env.connect(try Env.dc1.ldaps, tls: try Env.dc1.tls)
            let error = await #expect(throws: LDAPError.self) { try await connection.bind(dn: dn, password: password) }
            #expect(error?.result?.diagnosticMessage.contains("data 773") == true, "\(error?.description ?? "")")
            await connection.close()
        }
        await reopened.close()
        print("crash test: \(kills) SIGKILLs, \(cases.count) cases all credential-prepared with one sealed password each")
        try? FileManager.default.removeItem(at: directory)
    }
}

struct NoRunner: StepRunner {
    func run(_ kind: StepKind, for onboarding: OnboardingCase) async -> StepResult { StepResult(.retry(reason: "intake only")) }
}
