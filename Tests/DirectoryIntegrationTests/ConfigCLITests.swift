import Credentials
import FirstkeySimulator
import Foundation
import Logging
import Onboarding
import Store
import Testing
import TestSupport

/// `firstkey config check` with a real configuration file: every dependency reached for real.
@Suite(.enabled(if: IntegrationEnvironment.available))
struct ConfigCLITests {
    typealias Env = IntegrationEnvironment

    func workDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return url
    }

    func write(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
    }

    func checks(_ stdout: String) -> [[String: String]] {
        let report = try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any]
        return report?["checks"] as? [[String: String]] ?? []
    }

    func configuration(in directory: URL, postgres: Bool) throws -> URL {
        let bind = try TestSecrets.writeFile(try Env.dc1.servicePassword, named: "bind")
        let key = try TestSecrets.writeFile(Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString(), named: "key")
        var yaml = """
        database: \(directory.appendingPathComponent("cases.sqlite").path)
        sealingKeyFile: \(key)
        ldap:
          url: [ldaps://\(try Env.dc1.host):636, ldaps://\(try Env.dc2.host):636]
          caFile: \(try Env.dc1.caFile)
          bindDN: \(try Env.dc1.serviceDN)
          bindPasswordFile: \(bind)
          baseDN: \(try Env.dc1.baseDN)
          targetOU: \(try Env.dc1.usersOU)
        escalation:
          serviceDesk: desk@example.test

        """
        if postgres {
            TestSecrets.record(try Env.value("PG_PASSWORD"))
            yaml += "postgresUrlFile: \(try TestSecrets.writeFile(try Env.value("PG_URL"), named: "pg"))\n"
        }
        let file = directory.appendingPathComponent("firstkey.yaml")
        try write(yaml, to: file)
        return file
    }

    @Test(arguments: [false, true])
    func checkReachesEveryConfiguredDependency(postgres: Bool) async throws {
        let directory = try workDirectory()
        defer { TestSecrets.cleanUp(directory) }
        let file = try configuration(in: directory, postgres: postgres)
        let result = try await ProcessRunner.run(CLITests.binary, ["config", "check", "--config", file.path, "--json"])
        let checks = checks(result.stdout)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(checks.contains { $0["name"] == (postgres ? "database (PostgreSQL)" : "database (SQLite \(directory.appendingPathComponent("cases.sqlite").path))") && $0["status"] == "ok" })
        #expect(checks.contains { $0["name"] == "sealing key" && $0["status"] == "ok" })
        #expect(checks.filter { $0["name"]?.hasPrefix("bind ldaps://") == true && $0["status"] == "ok" }.count == 2)
        let resetCheck = "Reset Password on users in \(try Env.dc1.usersOU)"
        #expect(checks.contains { $0["name"] == resetCheck && $0["status"] == "ok" })
        // neither the bind password nor the database password is ever printed
        let servicePassword = try Env.dc1.servicePassword, databasePassword = try Env.value("PG_PASSWORD")
        #expect(!result.stdout.contains(servicePassword) && !result.stdout.contains(databasePassword))
    }

    @Test func environmentOverridesTheFileAndBrokenDependenciesFail() async throws {
        let directory = try workDirectory()
        defer { TestSecrets.cleanUp(directory) }
        let file = try configuration(in: directory, postgres: false)
        let wrongPassword = TestSecrets.canaryPassword()
        let result = try await ProcessRunner.run(CLITests.binary, ["config", "check", "--config", file.path, "--json"],
                                                 environment: ["FIRSTKEY_LDAP_BIND_PASSWORD_FILE": try TestSecrets.writeFile(wrongPassword, named: "wrong")])
        let checks = checks(result.stdout)
        #expect(result.status == 1)
        #expect(checks.contains { $0["name"]?.hasPrefix("bind ldaps://") == true && $0["status"] == "failed" && $0["detail"]?.contains("password") == true },
                "\(result.stdout)")
        #expect(!result.stdout.contains(wrongPassword) && !result.stderr.contains(wrongPassword))
    }

    @Test func invalidSettingsAreNamedBeforeAnythingIsContacted() async throws {
        let directory = try workDirectory()
        defer { TestSecrets.cleanUp(directory) }
        let file = directory.appendingPathComponent("bad.yaml")
        try write("ldap:\n  url: [http://dc.example]\n  timeoutSeconds: soon\nengine:\n  batchSize: 0\n", to: file)
        let result = try await ProcessRunner.run(CLITests.binary, ["config", "check", "--config", file.path, "--json"])
        let failed = Set(checks(result.stdout).filter { $0["status"] == "failed" }.compactMap { $0["name"] })
        #expect(result.status == 1)
        #expect(failed == ["configuration", "setting ldap.url", "setting ldap.timeoutSeconds", "setting engine.batchSize"])
    }

    /// With Entra (the simulator) configured, the portal and the dashboard are checked: the
    /// redirect URI to register, the sign-in rules, the tenant's keys fetched for real.
    @Test func thePortalLineNamesTheRedirectURIAndFetchesTheTenantsKeys() async throws {
        let directory = try workDirectory()
        defer { TestSecrets.cleanUp(directory) }
        var logger = Logger(label: "test.config")
        logger.logLevel = .critical
        let simulator = try await FirstkeySimulator.start(SimulatorConfiguration(httpsPort: nil), logger: logger)
        let secret = "sim~" + UUID().uuidString
        let application = SimulatedApplication(secrets: [secret], grantedRoles: ["User.Read.All"], redirectURIs: ["http://127.0.0.1:18443/portal/callback"])
        simulator.registerApplication(application)
        let base = try configuration(in: directory, postgres: false)
        let entra = """
        publicURL: http://127.0.0.1:18443
        entra:
          tenantID: \(simulator.tenantID)
          clientID: \(application.clientID)
          clientSecretFile: \(try TestSecrets.writeFile(secret, named: "entra"))
          authorityHost: \(simulator.httpURL)
          graphBaseURL: \(simulator.httpURL)/v1.0
        portal:
          authenticationContext: c1

        """
        let file = directory.appendingPathComponent("portal.yaml")
        try write(try String(contentsOf: base, encoding: .utf8) + entra, to: file)
        let result = try await ProcessRunner.run(CLITests.binary, ["config", "check", "--config", file.path, "--json"])
        let found = checks(result.stdout)
        let portal = found.first { $0["name"] == "portal" }
        #expect(portal?["status"] == "ok", "\(result.stdout)")
        #expect(portal?["detail"]?.contains("http://127.0.0.1:18443/portal/callback") == true)
        #expect(portal?["detail"]?.contains("authentication context c1") == true)
        #expect(found.contains { $0["name"] == "portal signing keys" && $0["status"] == "ok" }, "\(result.stdout)")
        #expect(found.contains { $0["name"] == "admin dashboard" && $0["status"] == "ok" && $0["detail"]?.contains("app role Firstkey.Admin") == true })
        #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
        // What the tenant must carry for the lever configured.
        #expect(found.contains { $0["name"] == "portal sign-in strength" && $0["status"] == "ok" && $0["detail"]?.contains("Conditional Access authentication context c1") == true },
                "\(result.stdout)")
        // The app has no AuditLog.Read.All: the guard cannot read sign-in activity, and says so.
        #expect(found.contains { $0["name"] == "entra sign-in activity" && $0["status"] == "warning" && $0["detail"]?.contains("AuditLog.Read.All") == true },
                "\(result.stdout)")

        // Fail closed: the same portal without any sign-in strength is refused by config check and by serve.
        let weak = directory.appendingPathComponent("weak.yaml")
        try write(try String(contentsOf: base, encoding: .utf8) + entra.replacingOccurrences(of: "portal:\n  authenticationContext: c1\n", with: ""), to: weak)
        let refused = try await ProcessRunner.run(CLITests.binary, ["config", "check", "--config", weak.path, "--json"])
        #expect(refused.status == 1)
        #expect(checks(refused.stdout).contains { $0["name"] == "setting portal.authenticationContext" && $0["status"] == "failed" }, "\(refused.stdout)")
        let serve = try await ProcessRunner.run(CLITests.binary, ["serve", "--config", weak.path, "--listen", "127.0.0.1:0"])
        #expect(serve.status != 0)
        #expect((serve.stdout + serve.stderr).contains("portal.authenticationContext"), "\(serve.stderr)")

        // The tenant's STS gone: the keys cannot be fetched, and the check says so.
        try await simulator.shutdown()
        let offline = try await ProcessRunner.run(CLITests.binary, ["config", "check", "--config", file.path, "--json"])
        #expect(offline.status == 1)
        #expect(checks(offline.stdout).contains { $0["name"] == "portal signing keys" && $0["status"] == "failed" }, "\(offline.stdout)")
    }

    @Test func aPortalWithoutEntraIsNotMountedAndSaysWhy() async throws {
        let directory = try workDirectory()
        defer { TestSecrets.cleanUp(directory) }
        let result = try await ProcessRunner.run(CLITests.binary, ["config", "check", "--config", try configuration(in: directory, postgres: false).path, "--json"])
        let portal = checks(result.stdout).first { $0["name"] == "portal" }
        #expect(portal?["status"] == "warning", "\(result.stdout)")
        #expect(portal?["detail"]?.contains("entra.*") == true && portal?["detail"]?.contains("publicURL") == true)
    }
}

/// `firstkey config keys rotate` on a real key file and store.
@Suite(.enabled(if: IntegrationEnvironment.available))
struct SealingKeyRotateCLITests {
    @Test func rotatePutsANewKeyFirstKeepsThePreviousAndNeverDropsOneInUse() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-rotate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { TestSecrets.cleanUp(directory) }
        let keyFile = directory.appendingPathComponent("sealing.key").path
        let original = SealingKey.generate()
        try original.write(toFile: keyFile)
        let database = directory.appendingPathComponent("cases.sqlite").path
        let config = directory.appendingPathComponent("firstkey.yaml")
        try Data("database: \(database)\nsealingKeyFile: \(keyFile)\n".utf8).write(to: config)

        // Something sealed with the original key, as an open case would hold.
        let store = try await SQLiteCaseStore.open(path: database)
        let onboarding = OnboardingCase(intakeKey: "employee:R1", identity: HireIdentity(employeeID: "R1"), hireDate: Date().addingTimeInterval(86_400),
                                        deliveryMode: .temporaryPassword, recipients: Recipients(mobilePhone: "+15550100"), source: "test", createdAt: Date())
        _ = try await store.createCase(onboarding, audit: [])
        try await store.storeSealedSecret(try SecretSealer(current: original).seal("canary", context: onboarding.id.rawValue).storageText,
                                          kind: "temporary-password", for: onboarding.id, at: Date())
        await store.close()

        let rotated = try await ProcessRunner.run(CLITests.binary, ["config", "keys", "rotate", "--config", config.path, "--json"])
        #expect(rotated.status == 0, "\(rotated.stdout)\(rotated.stderr)")
        let ring = try SealingKey.loadRing(fromFile: keyFile)
        #expect(ring.count == 2 && ring[1].keyID == original.keyID && ring[0].keyID != original.keyID)
        let newKeyText = try String(contentsOfFile: keyFile, encoding: .utf8).split(separator: "\n")[1]
        #expect(rotated.stdout.contains(ring[0].keyID) && !rotated.stdout.contains(newKeyText), "the key itself is never printed")

        // Dropping the original key would orphan the sealed secret: refused, the ring unchanged.
        let dropping = try await ProcessRunner.run(CLITests.binary, ["config", "keys", "rotate", "--config", config.path, "--keep-previous", "0", "--json"])
        #expect(dropping.status != 0)
        #expect(dropping.stdout.contains("key-in-use") && dropping.stdout.contains(original.keyID), "\(dropping.stdout)")
        #expect(try SealingKey.loadRing(fromFile: keyFile).map(\.keyID) == ring.map(\.keyID))

        // `config keys` still lists the settings.
        let listed = try await ProcessRunner.run(CLITests.binary, ["config", "keys"])
        #expect(listed.status == 0 && listed.stdout.contains("sealingKeyFile"))
    }
}
