/// Which server to try next. Servers are tried in the configured order (the first is the
/// preferred DC, e.g. the PDC emulator). One that failed — refused or dropped a connection, or
/// stopped answering within a deadline — is suspect: it gets no work while another server is
/// healthy, until the pool's background probe (or a connection it had to try as a last resort)
/// finds it answering again. Pure value: the pool feeds it outcomes and the clock.
public struct LDAPServerSelection: Sendable {
    public let servers: [LDAPServer]
    private var suspectSince: [LDAPServer: ContinuousClock.Instant] = [:]

    public init(servers: [LDAPServer]) {
        self.servers = servers
    }

    /// Healthy servers in configured order, then the suspect ones (oldest failure first), so that
    /// when every server failed recently we still try them all rather than give up.
    public var candidates: [LDAPServer] {
        let healthy = servers.filter { suspectSince[$0] == nil }
        let suspect = servers.filter { suspectSince[$0] != nil }.sorted { suspectSince[$0]! < suspectSince[$1]! }
        return healthy + suspect
    }

    /// Marks the server suspect. Returns true when it was healthy until now (the pool then starts
    /// probing it).
    @discardableResult
    public mutating func recordFailure(_ server: LDAPServer, at now: ContinuousClock.Instant) -> Bool {
        guard suspectSince[server] == nil else { return false }
        suspectSince[server] = now
        return true
    }

    /// The server answered: it is healthy again. Returns true when it was suspect until now.
    @discardableResult
    public mutating func recordSuccess(_ server: LDAPServer) -> Bool {
        suspectSince.removeValue(forKey: server) != nil
    }

    public func isSuspect(_ server: LDAPServer) -> Bool {
        suspectSince[server] != nil
    }

    public var suspectServers: [LDAPServer] { servers.filter { suspectSince[$0] != nil } }
}
