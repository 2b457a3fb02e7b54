import ArgumentParser
import Directory
import FirstkeyConfiguration
import Foundation
import LDAP
import LDAPClient

struct DirectoryCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Connect to every configured DC, verify TLS and the service account, and show what it may do and the password policy."
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var directory: DirectoryOptions

    @Option(help: "The OU whose user objects Firstkey manages (default: the search base).")
    var targetOU: String?

    func run() async throws {
        let directory = self.directory.access(try await config.load(self.directory))
        let checks = try await DirectoryChecks.run(directory, targetOU: targetOU)
        try CheckList(checks).print(json: directory.json, passed: "Directory check passed.", failed: "Directory check FAILED.")
    }
}

/// The directory half of `directory check` and `config check`: every DC reached over verified
/// TLS, the service account bound, the policy read, the delegation on the target OU confirmed.
enum DirectoryChecks {
    static func run(_ directory: DirectoryAccess, targetOU: String?) async throws -> [Check] {
        var checks: [Check] = []
        let servers = try await directory.servers()
        let (bindDN, password) = try directory.bindCredentials()
        let base = try directory.searchBase()
        let logger = directory.logger()

        var answering: [LDAPServer] = []
        for server in servers {
            let started = ContinuousClock.now
            do {
                let connection = try await LDAPConnection.connect(to: server, tls: directory.tls(), connectTimeout: directory.connectTimeout,
                                                                  handshakeTimeout: directory.handshakeTimeout, requestTimeout: .seconds(directory.timeout), logger: logger)
                let tlsNote = server.security == .plain ? "no TLS" : (directory.insecureSkipTLSVerify ? "TLS WITHOUT verification (lab only)" : "TLS verified")
                checks.append(Check(name: "connect \(server)", status: server.security == .plain || directory.insecureSkipTLSVerify ? .warning : .ok,
                                    detail: "\(tlsNote), \(milliseconds(since: started)) ms"))
                do {
                    try await connection.bind(dn: bindDN, password: password, timeout: directory.handshakeTimeout)
                    checks.append(Check(name: "bind \(server)", status: .ok, detail: "bound as \(bindDN)"))
                    answering.append(server)
                } catch {
                    checks.append(Check(name: "bind \(server)", status: .failed, detail: explain(error, .bind)))
                }
                await connection.unbind()
            } catch {
                checks.append(Check(name: "connect \(server)", status: .failed, detail: explain(error, .search)))
            }
        }

        // The rest reads from the DCs that just answered, so a DC that hangs costs its deadline once.
        guard directory.kind == "ad", !answering.isEmpty else { return checks }
        return try await directory.withPool(servers: answering) { pool in
            try await adChecks(checks, pool: pool, directory, bindDN: bindDN, base: base, targetOU: targetOU)
        }
    }

    static func adChecks(_ earlier: [Check], pool: LDAPConnectionPool, _ directory: DirectoryAccess, bindDN: String, base: String, targetOU: String?) async throws -> [Check] {
        var checks = earlier
        let logger = directory.logger()
        let ad = ActiveDirectory(pool: pool, searchBase: base, logger: logger)
        do {
            let root = try await ad.rootDSE()
            checks.append(Check(name: "rootDSE", status: .ok, detail: "\(root.dnsHostName ?? "?"), naming context \(root.defaultNamingContext ?? "?")"))
            checks.append(Check(name: "password policy hints", status: root.policyHintsOID == nil ? .warning : .ok,
                                detail: root.policyHintsOID.map { "supported (\($0)): resets honour password history" } ?? "not advertised: resets will not enforce password history"))
        } catch { checks.append(Check(name: "rootDSE", status: .failed, detail: explain(error, .search))) }
        do {
            let policy = try await ad.domainPasswordPolicy()
            checks.append(Check(name: "domain password policy", status: .ok, detail: policy.summary))
        } catch { checks.append(Check(name: "domain password policy", status: .failed, detail: explain(error, .search))) }
        let ou = targetOU ?? directory.settings.targetOU ?? base
        do {
            let rights = try await ad.delegatedRights(of: bindDN, on: ou)
            for right in DelegatedRight.allCases {
                let granted = rights[right] ?? false
                checks.append(Check(name: "\(right.rawValue) on users in \(ou)", status: granted ? .ok : (right == .resetPassword ? .failed : .warning),
                                    detail: granted ? "granted" : "not granted to \(bindDN) or its groups"))
            }
        } catch { checks.append(Check(name: "delegation on \(ou)", status: .failed, detail: explain(error, .search))) }
        return checks
    }

    static func explain(_ error: any Error, _ operation: ADOperation) -> String {
        if let ldapError = error as? LDAPError, ldapError.result != nil {
            return DirectoryErrorExplaining.describe(ldapError, operation: operation)
        }
        return "\(error)"
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}
