// FirstkeyConfiguration: the service's settings as one value, loaded once from a YAML or JSON
// file plus FIRSTKEY_* environment overrides (swift-configuration), validated before use.

/// One setting Firstkey understands. The table of them drives loading, the check for unknown
/// or mistyped keys, and `firstkey config keys`.
public struct SettingKey: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case text, list, integer, number, boolean
        /// A path to a file holding a secret; the secret itself never sits in the configuration.
        case secretFile = "secret file"
        case file
    }

    /// Dotted path in the file, e.g. `ldap.bindDN`.
    public let path: String
    public let kind: Kind
    public let summary: String

    public init(_ path: String, _ kind: Kind, _ summary: String) {
        self.path = path
        self.kind = kind
        self.summary = summary
    }

    /// The environment variable that overrides it: `ldap.bindDN` → `FIRSTKEY_LDAP_BIND_DN`.
    public var environmentVariable: String {
        var name = "FIRSTKEY"
        for component in path.split(separator: ".") {
            name += "_"
            var previous: Character?
            for character in component {
                if let previous, previous.isLowercase, character.isUppercase { name += "_" }
                name += character.isLetter || character.isNumber ? String(character).uppercased() : "_"
                previous = character
            }
        }
        return name
    }
}

extension SettingKey {
    public static let all: [SettingKey] = [
        SettingKey("database", .file, "SQLite database file (default firstkey.sqlite)"),
        SettingKey("postgresUrlFile", .secretFile, "file holding a postgres:// URL; use PostgreSQL instead of SQLite"),
        SettingKey("sealingKeyFile", .secretFile, "32-byte AES key sealing secrets at rest (base64 or raw, mode 600)"),
        SettingKey("listen", .text, "address of the admin API and probes, host:port (default 127.0.0.1:8080)"),
        SettingKey("ldap.url", .list, "directory servers in failover order, ldaps://host[:636] or ldap://host (StartTLS)"),
        SettingKey("ldap.discoverDomain", .text, "find the DCs of this AD DNS domain through SRV records instead of ldap.url"),
        SettingKey("ldap.dnsServer", .text, "DNS server ip[:port] for ldap.discoverDomain (default: the system resolver)"),
        SettingKey("ldap.caFile", .file, "PEM CA certificate(s) of the DCs (default: the system trust store)"),
        SettingKey("ldap.tlsServerName", .text, "name to verify in the DC certificate when connecting by IP address"),
        SettingKey("ldap.bindDN", .text, "DN or UPN of the service account"),
        SettingKey("ldap.bindPasswordFile", .secretFile, "file holding the service account's password"),
        SettingKey("ldap.baseDN", .text, "where users are searched: the domain root or the delegated OU"),
        SettingKey("ldap.targetOU", .text, "the OU whose users Firstkey manages (default: ldap.baseDN)"),
        SettingKey("ldap.kind", .text, "ad (Active Directory, Samba AD) or openldap (default ad)"),
        SettingKey("ldap.timeoutSeconds", .integer, "seconds to wait for one directory request (default 30)"),
        SettingKey("ldap.maximumConnections", .integer, "pooled connections per DC (default 4)"),
        SettingKey("engine.batchSize", .integer, "cases processed concurrently per round (default 16)"),
        SettingKey("engine.leaseSeconds", .number, "seconds a worker holds a case before others may take it (default 120)"),
        SettingKey("escalation.serviceDesk", .text, "service-desk address that receives escalations"),
        SettingKey("escalation.hoursBeforeHireDate", .number, "escalate a hire without a working credential this many hours before the hire date (default 24)"),
    ]

    public static func named(_ path: String) -> SettingKey? { all.first { $0.path == path } }

    /// FIRSTKEY_* variables that are not settings but are still expected.
    static let otherEnvironmentVariables: Set<String> = [
        "FIRSTKEY_CONFIG", "FIRSTKEY_LDAP_BIND_PASSWORD", "FIRSTKEY_SEALING_KEY", "FIRSTKEY_REQUIRE_INTEGRATION", "FIRSTKEY_TEST_LOG",
    ]
}
