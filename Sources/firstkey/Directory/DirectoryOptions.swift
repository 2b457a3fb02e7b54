import ArgumentParser
import Directory
import FirstkeyConfiguration
import LDAP
import Foundation
import LDAPClient
import Logging

/// Command-line overrides of the `ldap.*` settings. The bind password only ever comes from a
/// file (or FIRSTKEY_LDAP_BIND_PASSWORD), never from the command line, where other users of
/// the machine could read it.
struct DirectoryOptions: ParsableArguments, SettingsOverride {
    @Option(name: .customLong("url"), help: "Directory server, in failover order: ldaps://host[:636] or ldap://host[:389] (StartTLS). Repeatable. Setting ldap.url.")
    var urls: [String] = []

    @Option(help: "Find the DCs of this AD DNS domain through SRV records (_ldap._tcp.dc._msdcs.<domain>) instead of --url. Setting ldap.discoverDomain.")
    var discoverDomain: String?

    @Option(help: "DNS server (ip[:port]) for --discover-domain; default: the system resolver.")
    var dnsServer: String?

    @Option(help: "PEM file with the CA certificate(s) of the DCs. Default: the system trust store. Setting ldap.caFile.")
    var caFile: String?

    @Option(help: "Name to verify in the server certificate when connecting by IP address or alias. Setting ldap.tlsServerName.")
    var tlsServerName: String?

    @Option(help: "DN (or UPN) of the service account. Setting ldap.bindDN.")
    var bindDN: String?

    @Option(help: "File holding the service account's password. Setting ldap.bindPasswordFile.")
    var bindPasswordFile: String?

    @Option(help: "Where users are searched: the domain root or the delegated OU. Setting ldap.baseDN.")
    var baseDN: String?

    @Option(help: "Directory kind: ad (Active Directory, Samba AD) or openldap. Setting ldap.kind.")
    var kind: String?

    @Option(help: "Seconds to wait for one directory request (default 30). Setting ldap.timeoutSeconds.")
    var timeout: Int?

    @Option(help: "Seconds for the TCP connection to one DC (default 3). Setting ldap.connectTimeoutSeconds.")
    var connectTimeout: Double?

    @Option(help: "Seconds for the TLS handshake or StartTLS, and for the bind, on one DC (default 3). Setting ldap.handshakeTimeoutSeconds.")
    var handshakeTimeout: Double?

    @Option(help: "Seconds a request may go unanswered before its DC is probed; a DC that fails the probe is hung and work moves to the next DC (default 1.5, 0: never). Setting ldap.stallSeconds.")
    var stallSeconds: Double?

    @Flag(name: .customLong("insecure-skip-tls-verify-lab-only"), help: "Do not verify the server certificate. For a lab only: passwords can then be read by anyone on the path.")
    var insecureSkipTLSVerify = false

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    @Flag(help: "Log protocol detail to stderr.")
    var verbose = false

    func apply(to settings: inout FirstkeySettings) {
        if !urls.isEmpty { settings.ldap.urls = urls }
        if let discoverDomain { settings.ldap.discoverDomain = discoverDomain }
        if let dnsServer { settings.ldap.dnsServer = dnsServer }
        if let caFile { settings.ldap.caFile = caFile }
        if let tlsServerName { settings.ldap.tlsServerName = tlsServerName }
        if let bindDN { settings.ldap.bindDN = bindDN }
        if let bindPasswordFile { settings.ldap.bindPasswordFile = bindPasswordFile }
        if let baseDN { settings.ldap.baseDN = baseDN }
        if let kind { settings.ldap.kind = kind.lowercased() }
        if let timeout { settings.ldap.timeoutSeconds = timeout }
        if let connectTimeout { settings.ldap.connectTimeoutSeconds = connectTimeout }
        if let handshakeTimeout { settings.ldap.handshakeTimeoutSeconds = handshakeTimeout }
        if let stallSeconds { settings.ldap.stallSeconds = stallSeconds }
    }

    /// The directory as the settings (with these flags applied) describe it.
    func access(_ settings: FirstkeySettings) -> DirectoryAccess {
        DirectoryAccess(settings: settings.ldap, insecureSkipTLSVerify: insecureSkipTLSVerify, json: json, verbose: verbose)
    }
}

/// Everything needed to reach the directory, resolved from settings and flags.
struct DirectoryAccess {
    let settings: FirstkeySettings.Directory
    let insecureSkipTLSVerify: Bool
    let json: Bool
    let verbose: Bool

    var kind: String { settings.kind }
    var timeout: Int { settings.timeoutSeconds }

    func servers() async throws -> [LDAPServer] {
        if let domain = settings.discoverDomain, settings.urls.isEmpty {
            // A DNS answer is easy to spoof: the DCs it names must prove themselves with the
            // organisation's own CA, and lie inside the AD DNS domain.
            guard settings.caFile != nil || insecureSkipTLSVerify else {
                throw ValidationError("Finding DCs through DNS (ldap.discoverDomain) needs the CA that issued their certificates: set ldap.caFile (--ca-file).")
            }
            let found = try await LDAPServerDiscovery.domainControllers(for: domain, security: .ldaps, nameServer: settings.dnsServer)
            let (kept, dropped) = try LDAPServerDiscovery.insideDomain(found, domain: domain)
            if !dropped.isEmpty {
                logger().warning("DNS named DCs outside the AD DNS domain; they are not used", metadata: ["domain": "\(domain)", "dropped": "\(dropped.map(\.host))"])
            }
            return kept
        }
        guard !settings.urls.isEmpty else { throw ValidationError("Name at least one directory server with --url ldaps://dc1.example.com (setting ldap.url, FIRSTKEY_LDAP_URL).") }
        return try settings.urls.map { try LDAPServer(url: $0) }
    }

    func tls() -> LDAPTLSConfiguration {
        LDAPTLSConfiguration(caFile: settings.caFile, serverName: settings.tlsServerName, insecureSkipVerificationLabOnly: insecureSkipTLSVerify)
    }

    func bindCredentials() throws -> (dn: String, password: String) {
        guard let dn = settings.bindDN else {
            throw ValidationError("Name the service account with --bind-dn (setting ldap.bindDN, FIRSTKEY_LDAP_BIND_DN).")
        }
        if let path = settings.bindPasswordFile {
            return (dn, try SecretFile.read(path, what: "bind password"))
        }
        if let password = ProcessInfo.processInfo.environment["FIRSTKEY_LDAP_BIND_PASSWORD"], !password.isEmpty {
            return (dn, password)
        }
        throw ValidationError("Give the service account's password in a file with --bind-password-file (setting ldap.bindPasswordFile, FIRSTKEY_LDAP_BIND_PASSWORD_FILE).")
    }

    func searchBase() throws -> String {
        guard let base = settings.baseDN else {
            throw ValidationError("Name the search base with --base-dn, e.g. DC=corp,DC=example,DC=com (setting ldap.baseDN, FIRSTKEY_LDAP_BASE_DN).")
        }
        return base
    }

    func logger() -> Logger { quietLogger(verbose: verbose) }

    /// A pool over `servers` (default: every configured DC) with the settings' deadlines.
    func pool(maximumConnections: Int? = nil, servers: [LDAPServer]? = nil) async throws -> LDAPConnectionPool {
        let (dn, password) = try bindCredentials()
        let servers = if let servers { servers } else { try await self.servers() }
        return LDAPConnectionPool(configuration: .init(servers: servers, tls: tls(), bindDN: dn, bindPassword: password,
                                                       maximumConnections: maximumConnections ?? settings.maximumConnections,
                                                       connectTimeout: connectTimeout, handshakeTimeout: handshakeTimeout,
                                                       requestTimeout: .seconds(timeout),
                                                       stallTimeout: settings.stallSeconds > 0 ? .seconds(settings.stallSeconds) : nil), logger: logger())
    }

    /// Runs `body` with a pool (probing DCs that failed beside it) and shuts the pool down when it
    /// returns or throws.
    func withPool<T: Sendable>(servers: [LDAPServer]? = nil, _ body: (LDAPConnectionPool) async throws -> T) async throws -> T {
        let pool = try await pool(servers: servers)
        do {
            let value = try await pool.withProbes { try await body(pool) }
            await pool.shutdown()
            return value
        } catch {
            await pool.shutdown()
            throw error
        }
    }

    var connectTimeout: Duration { .seconds(settings.connectTimeoutSeconds) }
    var handshakeTimeout: Duration { .seconds(settings.handshakeTimeoutSeconds) }
}

enum SecretFile {
    /// Reads a secret from a file, without its trailing newline. A secret file (`isPrivate`) that
    /// other users could read is refused, as the sealing key is: whoever reads it holds the
    /// secret. Certificates and CA files pass `isPrivate: false`.
    static func read(_ path: String, what: String, isPrivate: Bool = true) throws -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ValidationError("The \(what) file '\(path)' cannot be read (\(String(cString: strerror(errno)))).") }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        // fstat on the open descriptor: the permissions checked belong to the file read.
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw ValidationError("The \(what) file '\(path)' is not a regular file.")
        }
        let permissions = status.st_mode & 0o777
        if isPrivate, permissions & 0o077 != 0 {
            throw ValidationError("The \(what) file '\(path)' can be read by other users (mode \(String(permissions, radix: 8))); "
                                  + "Firstkey refuses it: make it readable by its owner only, e.g. chmod 600 \(path).")
        }
        guard let data = try? handle.readToEnd() ?? Data() else {
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
