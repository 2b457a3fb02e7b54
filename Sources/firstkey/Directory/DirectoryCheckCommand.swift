import ArgumentParser
import Directory
import Foundation
import LDAP
import LDAPClient

struct DirectoryCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Connect to every configured DC, verify TLS and the service account, and show what it may do and the password policy."
    )

    @OptionGroup var directory: DirectoryOptions

    @Option(help: "The OU whose user objects Firstkey manages (default: the search base).")
    var targetOU: String?

    struct Check: Encodable {
        enum Status: String, Encodable { case ok, warning, failed }
        var name: String
        var status: Status
        var detail: String
    }

    func run() async throws {
        var checks: [Check] = []
        let servers = try await directory.servers()
        let (bindDN, password) = try directory.bindCredentials()
        let base = try directory.searchBase()
        let logger = directory.logger()

        for server in servers {
            let started = ContinuousClock.now
            do {
                let connection = try await LDAPConnection.connect(to: server, tls: directory.tls(), requestTimeout: .seconds(directory.timeout), logger: logger)
                let tlsNote = server.security == .plain ? "no TLS" : (directory.insecureSkipTLSVerify ? "TLS WITHOUT verification (lab only)" : "TLS verified")
                checks.append(Check(name: "connect \(server)", status: server.security == .plain || directory.insecureSkipTLSVerify ? .warning : .ok,
                                    detail: "\(tlsNote), \(Self.milliseconds(since: started)) ms"))
                do {
                    try await connection.bind(dn: bindDN, password: password)
                    checks.append(Check(name: "bind \(server)", status: .ok, detail: "bound as \(bindDN)"))
                } catch {
                    checks.append(Check(name: "bind \(server)", status: .failed, detail: Self.explain(error, .bind)))
                }
                await connection.unbind()
            } catch {
                checks.append(Check(name: "connect \(server)", status: .failed, detail: Self.explain(error, .search)))
            }
        }

        let pool = try await directory.pool()
        defer { Task { await pool.shutdown() } }
        if directory.resolvedKind == "ad", checks.contains(where: { $0.name.hasPrefix("bind") && $0.status == .ok }) {
            let ad = ActiveDirectory(pool: pool, searchBase: base, logger: logger)
            do {
                let root = try await ad.rootDSE()
                checks.append(Check(name: "rootDSE", status: .ok, detail: "\(root.dnsHostName ?? "?"), naming context \(root.defaultNamingContext ?? "?")"))
                checks.append(Check(name: "password policy hints", status: root.policyHintsOID == nil ? .warning : .ok,
                                    detail: root.policyHintsOID.map { "supported (\($0)): resets honour password history" } ?? "not advertised: resets will not enforce password history"))
            } catch { checks.append(Check(name: "rootDSE", status: .failed, detail: Self.explain(error, .search))) }
            do {
                let policy = try await ad.domainPasswordPolicy()
                checks.append(Check(name: "domain password policy", status: .ok, detail: policy.summary))
            } catch { checks.append(Check(name: "domain password policy", status: .failed, detail: Self.explain(error, .search))) }
            let ou = targetOU ?? base
            do {
                let rights = try await ad.delegatedRights(of: bindDN, on: ou)
                for right in DelegatedRight.allCases {
                    let granted = rights[right] ?? false
                    checks.append(Check(name: "\(right.rawValue) on users in \(ou)", status: granted ? .ok : (right == .resetPassword ? .failed : .warning),
                                        detail: granted ? "granted" : "not granted to \(bindDN) or its groups"))
                }
            } catch { checks.append(Check(name: "delegation on \(ou)", status: .failed, detail: Self.explain(error, .search))) }
        }

        let ok = !checks.contains { $0.status == .failed }
        if directory.json {
            print(Output.json(CheckReport(ok: ok, checks: checks)))
        } else {
            for check in checks {
                let mark = switch check.status { case .ok: "ok  "; case .warning: "warn"; case .failed: "FAIL" }
                print("[\(mark)] \(check.name): \(check.detail)")
            }
            print(ok ? "Directory check passed." : "Directory check FAILED.")
        }
        if !ok { throw ExitCode(1) }
    }

    struct CheckReport: Encodable {
        var ok: Bool
        var checks: [Check]
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
