import ArgumentParser
import Directory
import LDAP
import Foundation
import LDAPClient
import Logging

/// How to reach the directory. Every option can also come from the environment
/// (FIRSTKEY_LDAP_URL, FIRSTKEY_LDAP_CA_FILE, …); the bind password only from a file or the
/// environment, never from the command line, where other users of the machine could read it.
struct DirectoryOptions: ParsableArguments {
    @Option(name: .customLong("url"), help: "Directory server, in failover order: ldaps://host[:636] or ldap://host[:389] (StartTLS). Repeatable. Env: FIRSTKEY_LDAP_URL (comma-separated).")
    var urls: [String] = []

    @Option(help: "Find the DCs of this AD DNS domain through SRV records (_ldap._tcp.dc._msdcs.<domain>) instead of --url. Env: FIRSTKEY_LDAP_DISCOVER_DOMAIN.")
    var discoverDomain: String?

    @Option(help: "DNS server (ip[:port]) for --discover-domain; default: the system resolver.")
    var dnsServer: String?

    @Option(help: "PEM file with the CA certificate(s) of the DCs. Default: the system trust store. Env: FIRSTKEY_LDAP_CA_FILE.")
    var caFile: String?

    @Option(help: "Name to verify in the server certificate when connecting by IP address or alias. Env: FIRSTKEY_LDAP_TLS_SERVER_NAME.")
    var tlsServerName: String?

    @Option(help: "DN (or UPN) of the service account. Env: FIRSTKEY_LDAP_BIND_DN.")
    var bindDN: String?

    @Option(help: "File holding the service account's password. Env: FIRSTKEY_LDAP_BIND_PASSWORD_FILE (or FIRSTKEY_LDAP_BIND_PASSWORD).")
    var bindPasswordFile: String?

    @Option(help: "Where users are searched: the domain root or the delegated OU. Env: FIRSTKEY_LDAP_BASE_DN.")
    var baseDN: String?

    @Option(help: "Directory kind: ad (Active Directory, Samba AD) or openldap. Env: FIRSTKEY_LDAP_KIND.")
    var kind: String?

    @Option(help: "Seconds to wait for one directory request.")
    var timeout: Int = 30

    @Flag(name: .customLong("insecure-skip-tls-verify-lab-only"), help: "Do not verify the server certificate. For a lab only: passwords can then be read by anyone on the path.")
    var insecureSkipTLSVerify = false

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    @Flag(help: "Log protocol detail to stderr.")
    var verbose = false

    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    var resolvedKind: String { (kind ?? environment["FIRSTKEY_LDAP_KIND"] ?? "ad").lowercased() }

    func servers() async throws -> [LDAPServer] {
        if let domain = discoverDomain ?? environment["FIRSTKEY_LDAP_DISCOVER_DOMAIN"], urls.isEmpty {
            return try await LDAPServerDiscovery.domainControllers(for: domain, security: .ldaps, nameServer: dnsServer)
        }
        var list = urls
        if list.isEmpty, let fromEnvironment = environment["FIRSTKEY_LDAP_URL"] {
            list = fromEnvironment.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        guard !list.isEmpty else { throw ValidationError("Name at least one directory server with --url ldaps://dc1.example.com (or FIRSTKEY_LDAP_URL).") }
        return try list.map { try LDAPServer(url: $0) }
    }

    func tls() -> LDAPTLSConfiguration {
        LDAPTLSConfiguration(caFile: caFile ?? environment["FIRSTKEY_LDAP_CA_FILE"],
                             serverName: tlsServerName ?? environment["FIRSTKEY_LDAP_TLS_SERVER_NAME"],
                             insecureSkipVerificationLabOnly: insecureSkipTLSVerify)
    }

    func bindCredentials() throws -> (dn: String, password: String) {
        guard let dn = bindDN ?? environment["FIRSTKEY_LDAP_BIND_DN"] else {
            throw ValidationError("Name the service account with --bind-dn (or FIRSTKEY_LDAP_BIND_DN).")
        }
        if let path = bindPasswordFile ?? environment["FIRSTKEY_LDAP_BIND_PASSWORD_FILE"] {
            return (dn, try SecretFile.read(path, what: "bind password"))
        }
        if let password = environment["FIRSTKEY_LDAP_BIND_PASSWORD"], !password.isEmpty {
            return (dn, password)
        }
        throw ValidationError("Give the service account's password in a file with --bind-password-file (or FIRSTKEY_LDAP_BIND_PASSWORD_FILE).")
    }

    func searchBase() throws -> String {
        guard let base = baseDN ?? environment["FIRSTKEY_LDAP_BASE_DN"] else {
            throw ValidationError("Name the search base with --base-dn, e.g. DC=corp,DC=example,DC=com (or FIRSTKEY_LDAP_BASE_DN).")
        }
        return base
    }

    func logger() -> Logger { quietLogger(verbose: verbose) }

    func pool() async throws -> LDAPConnectionPool {
        let (dn, password) = try bindCredentials()
        return LDAPConnectionPool(configuration: .init(servers: try await servers(), tls: tls(), bindDN: dn, bindPassword: password,
                                                       maximumConnections: 2, requestTimeout: .seconds(timeout)), logger: logger())
    }
}

enum SecretFile {
    /// Reads a secret from a file, without its trailing newline.
    static func read(_ path: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("The \(what) file '\(path)' cannot be read.")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw ValidationError("The \(what) file '\(path)' is not UTF-8 text.")
        }
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        guard !text.isEmpty else { throw ValidationError("The \(what) file '\(path)' is empty.") }
        return text
    }
}
