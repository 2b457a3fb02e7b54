import Foundation
import LDAPClient
import Testing
import TestSupport

/// The `firstkey directory …` commands as an administrator runs them.
@Suite(.enabled(if: IntegrationEnvironment.available))
struct CLITests {
    typealias Env = IntegrationEnvironment

    static var binary: String { ProcessRunner.repositoryRoot.appendingPathComponent(".build/debug/firstkey").path }

    static func commonArguments() throws -> [String] {
        let passwordFile = try TestSecrets.writeFile(try Env.dc1.servicePassword, named: "bind")
        return ["--url", "ldaps://\(try Env.dc1.host):636", "--ca-file", try Env.dc1.caFile, "--bind-dn", try Env.dc1.serviceDN,
                "--bind-password-file", passwordFile, "--base-dn", try Env.dc1.baseDN]
    }

    @Test func checkReportsTLSBindPolicyAndDelegation() async throws {
        let result = try await ProcessRunner.run(Self.binary, ["directory", "check", "--target-ou", try Env.dc1.usersOU, "--json"] + Self.commonArguments())
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let checks = report?["checks"] as? [[String: String]] ?? []
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(checks.contains { $0["name"]?.hasPrefix("bind") == true && $0["status"] == "ok" })
        #expect(checks.contains { $0["name"] == "domain password policy" && $0["detail"]?.contains("minimum length 7") == true })
        #expect(checks.contains { $0["name"]?.hasPrefix("Reset Password") == true && $0["status"] == "ok" })
    }

    @Test func previewShowsEveryMessageAndRefusesAnUnsafeConfiguration() async throws {
        let preview = try await ProcessRunner.run(Self.binary, ["preview", "--mode", "temporary-password", "--language", "de"])
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.stdout.contains("pickup-link: email to the hire's private e-mail"))
        #expect(preview.stdout.contains("pickup-code: sms to the hire's mobile phone"))
        #expect(preview.stdout.contains("Ihr Abholcode"))
        let unsafe = try await ProcessRunner.run(Self.binary, ["preview", "--mode", "tap", "--channel", "email"])
        #expect(unsafe.status != 0)
        #expect(unsafe.stderr.contains("both SMS and e-mail must be configured"))
    }

    @Test func findPrintsTheUserAsJSON() async throws {
        let result = try await ProcessRunner.run(Self.binary, ["directory", "find", "--employee-id", "E1001", "--json"] + Self.commonArguments())
        #expect(result.status == 0, "\(result.stderr)")
        let user = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(user?["samAccountName"] as? String == "alice")
        #expect((user?["objectSid"] as? String)?.hasPrefix("S-1-5-21-") == true)
    }

    @Test func setPasswordReadsStdinNeverEchoesItAndTheUserCanBind() async throws {
        let hire = try await Env.createHire(prefix: "cli")
        let password = Env.randomPassword()
        let result = try await ProcessRunner.run(Self.binary, ["directory", "set-password", "--user", hire.sam, "--no-must-change", "--enable", "--json"] + Self.commonArguments(), stdin: password)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(!result.stdout.contains(password) && !result.stderr.contains(password))
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect((report?["user"] as? [String: Any])?["enabled"] as? Bool == true)
        let connection = try await Env.connect(try Env.dc1.ldaps, tls: try Env.dc1.tls, bindDN: hire.dn, password: password)
        await connection.unbind()
    }

    @Test func aRefusedPasswordExitsNonZeroWithThePolicyInWords() async throws {
        let hire = try await Env.createHire(prefix: "clibad")
        let result = try await ProcessRunner.run(Self.binary, ["directory", "set-password", "--user", hire.sam] + Self.commonArguments(), stdin: "Ab1")
        #expect(result.status == 1)
        #expect(result.stdout.contains("minimum length 7"))
        #expect(!result.stdout.contains("Ab1") && !result.stderr.contains("Ab1"))
    }

    @Test func passwordsAreNeverAcceptedOnTheCommandLine() async throws {
        let result = try await ProcessRunner.run(Self.binary, ["directory", "set-password", "--user", "alice", "--password", "Secret-123"] + Self.commonArguments())
        #expect(result.status != 0)
        #expect(result.stderr.contains("Unknown option"))
    }
}
