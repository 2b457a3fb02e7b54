/// Which server to try next. Servers are tried in the configured order (the first is the
/// preferred DC, e.g. the PDC emulator); one that failed sits out a cooldown, then is preferred
/// again. Pure value: the pool feeds it outcomes and the clock.
public struct LDAPServerSelection: Sendable {
    public let servers: [LDAPServer]
    public let cooldown: Duration
    private var failedUntil: [LDAPServer: ContinuousClock.Instant] = [:]

    public init(servers: [LDAPServer], cooldown: Duration = .seconds(30)) {
        self.servers = servers
        self.cooldown = cooldown
    }

    /// Healthy servers in configured order, then the ones cooling down (oldest failure first), so
    /// that when every server failed recently we still try them all rather than give up.
    public func candidates(at now: ContinuousClock.Instant) -> [LDAPServer] {
        let healthy = servers.filter { (failedUntil[$0] ?? now) <= now }
        let cooling = servers.filter { (failedUntil[$0] ?? now) > now }.sorted { failedUntil[$0]! < failedUntil[$1]! }
        return healthy + cooling
    }

    public mutating func recordFailure(_ server: LDAPServer, at now: ContinuousClock.Instant) {
        failedUntil[server] = now + cooldown
    }

    public mutating func recordSuccess(_ server: LDAPServer) {
        failedUntil[server] = nil
    }

    public func isCoolingDown(_ server: LDAPServer, at now: ContinuousClock.Instant) -> Bool {
        (failedUntil[server] ?? now) > now
    }
}
