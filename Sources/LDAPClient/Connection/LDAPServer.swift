/// How the connection is protected.
public enum LDAPTransportSecurity: String, Hashable, Sendable, Codable {
    /// TLS from the first byte (port 636).
    case ldaps
    /// Plain connect, then the StartTLS extended operation before anything else (port 389).
    case startTLS
    /// No TLS. Only for tests that prove a DC refuses it; binds over it send passwords in clear.
    case plain
}

/// One directory server to connect to.
public struct LDAPServer: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var security: LDAPTransportSecurity

    public init(host: String, port: Int? = nil, security: LDAPTransportSecurity = .ldaps) {
        self.host = host
        self.security = security
        self.port = port ?? (security == .ldaps ? 636 : 389)
    }

    /// Parses `ldaps://host[:port]`, `ldap://host[:port]` (StartTLS) or `ldap+plain://…`.
    public init(url: String) throws {
        let schemes: [(String, LDAPTransportSecurity)] = [("ldaps://", .ldaps), ("ldap+plain://", .plain), ("ldap://", .startTLS)]
        guard let (prefix, security) = schemes.first(where: { url.lowercased().hasPrefix($0.0) }) else {
            throw LDAPError(.invalidConfiguration, detail: "'\(url)' is not an LDAP URL; use ldaps://host:636 or ldap://host:389 (StartTLS)")
        }
        var rest = Substring(url.dropFirst(prefix.count))
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        var host = String(rest)
        var port: Int?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw LDAPError(.invalidConfiguration, detail: "unterminated IPv6 address in '\(url)'") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { port = Int(after.dropFirst()) ; if port == nil { throw LDAPError(.invalidConfiguration, detail: "bad port in '\(url)'") } }
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            guard let parsed = Int(rest[rest.index(after: colon)...]), (1...65535).contains(parsed) else {
                throw LDAPError(.invalidConfiguration, detail: "bad port in '\(url)'")
            }
            port = parsed
        }
        guard !host.isEmpty else { throw LDAPError(.invalidConfiguration, detail: "no host in '\(url)'") }
        self.init(host: host, port: port, security: security)
    }

    public var url: String {
        let scheme = switch security { case .ldaps: "ldaps"; case .startTLS: "ldap"; case .plain: "ldap+plain" }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(shownHost):\(port)"
    }

    public var description: String { url }
}
