import LDAP
public import Logging
public import NIOCore
public import NIOPosix
import Synchronization

/// Connections to the directory, bound as the service account, shared by concurrent callers.
/// Opens connections lazily up to a limit, checks idle ones before reuse, drops broken ones, and
/// fails over to the next DC in order when one cannot be reached or stops answering.
///
/// Every phase has a deadline (TCP connect, TLS handshake or StartTLS, bind, and each request).
/// A request that goes unanswered for `stallTimeout` makes the pool probe its DC on a new
/// connection (connect, TLS, an anonymous rootDSE read, each within the stall time): a DC that
/// answers is merely slow, and the request waits on up to `requestTimeout`; one that does not is
/// hung — the connection is closed, the DC is suspect, and idempotent work runs again on the next
/// DC at once. A suspect DC gets no new work while another DC is healthy; `run()`, which the
/// pool's owner runs beside its work, probes it every `probeInterval`, and the pool uses it again
/// as soon as it answers.
public actor LDAPConnectionPool {
    public struct Configuration: Sendable {
        public var servers: [LDAPServer]
        public var tls: LDAPTLSConfiguration
        public var bindDN: String
        public var bindPassword: String
        public var maximumConnections: Int
        public var connectTimeout: Duration
        /// The TLS handshake (LDAPS), the StartTLS exchange, and the bind each get this long.
        public var handshakeTimeout: Duration
        /// One request's overall limit, for a DC that is slow but answers probes.
        public var requestTimeout: Duration?
        /// A request unanswered this long makes the pool probe its DC; nil: never.
        public var stallTimeout: Duration?
        /// An idle connection older than this is probed with a rootDSE read before reuse.
        public var healthCheckAfterIdle: Duration
        /// How often a suspect DC is probed in the background.
        public var probeInterval: Duration

        public init(
            servers: [LDAPServer],
            tls: LDAPTLSConfiguration = LDAPTLSConfiguration(),
            bindDN: String,
            bindPassword: String,
            maximumConnections: Int = 4,
            connectTimeout: Duration = .seconds(3),
            handshakeTimeout: Duration = .seconds(3),
            requestTimeout: Duration? = .seconds(30),
            stallTimeout: Duration? = .milliseconds(1500),
            healthCheckAfterIdle: Duration = .seconds(30),
            probeInterval: Duration = .seconds(2)
        ) {
            self.servers = servers
            self.tls = tls
            self.bindDN = bindDN
            self.bindPassword = bindPassword
            self.maximumConnections = max(1, maximumConnections)
            self.connectTimeout = connectTimeout
            self.handshakeTimeout = handshakeTimeout
            self.requestTimeout = requestTimeout
            self.stallTimeout = stallTimeout
            self.healthCheckAfterIdle = healthCheckAfterIdle
            self.probeInterval = probeInterval
        }

        /// Each phase of a health probe (connect, TLS, the rootDSE read) gets the stall time, at
        /// most the phase's own deadline: a DC that cannot answer a fresh connection that fast
        /// while a request waits on it counts as hung.
        var probeReadTimeout: Duration { min(stallTimeout ?? handshakeTimeout, handshakeTimeout) }
        var probeConnectTimeout: Duration { min(stallTimeout ?? connectTimeout, connectTimeout) }
    }

    /// What the watchdog of one operation found, if its DC failed the probe.
    private final class ProbeVerdict: Sendable {
        let failure = Mutex<String?>(nil)
    }

    private struct IdleConnection {
        var connection: LDAPConnection
        var since: ContinuousClock.Instant
    }

    public let configuration: Configuration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private var selection: LDAPServerSelection
    private var idle: [IdleConnection] = []
    private var openCount = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var isShutDown = false
    /// Connections being closed; `shutdown()` waits for them.
    private var closing: [EventLoopFuture<Void>] = []

    public init(configuration: Configuration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger = Logger(label: "firstkey.ldap.pool")) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.selection = LDAPServerSelection(servers: configuration.servers)
    }

    /// Runs `body` with a bound connection. When the connection breaks under it (closed, timed
    /// out, its DC stopped answering, protocol error) the connection is discarded and, if
    /// `retryOnConnectionLoss`, the body runs once more on a fresh connection, possibly on the
    /// next DC. Only pass idempotent work.
    public func withConnection<T: Sendable>(
        retryOnConnectionLoss: Bool = true,
        _ body: @Sendable (LDAPConnection) async throws -> T
    ) async throws -> T {
        var attemptsLeft = retryOnConnectionLoss ? 2 : 1
        while true {
            attemptsLeft -= 1
            let connection = try await lease()
            do {
                let value = try await watching(connection, body)
                release(connection, broken: !connection.isActive)
                return value
            } catch let error as LDAPError where Self.isConnectionLevel(error) {
                release(connection, broken: true)
                markSuspect(connection.server, because: error)
                logger.warning("connection lost during an operation", metadata: ["ldap.server": "\(connection.server)", "error": "\(error)"])
                if attemptsLeft == 0 { throw error }
            } catch {
                release(connection, broken: !connection.isActive)
                throw error
            }
        }
    }

    /// Runs `body` while a watchdog probes the connection's DC whenever the body has waited
    /// `stallTimeout` without an answer; a DC that fails the probe is hung, and its connection is
    /// closed under the body, which then fails with a connection-level `timeout`.
    private nonisolated func watching<T: Sendable>(_ connection: LDAPConnection, _ body: @Sendable (LDAPConnection) async throws -> T) async throws -> T {
        guard let stall = configuration.stallTimeout else { return try await body(connection) }
        let verdict = ProbeVerdict()
        do {
            return try await withoutActuallyEscaping(body) { body in
                try await withThrowingTaskGroup(of: T?.self) { group in
                    group.addTask { try await body(connection) }
                    group.addTask { [configuration, eventLoopGroup] in
                        while !Task.isCancelled {
                            try await Task.sleep(for: stall)
                            guard let failure = await Self.probe(connection.server, configuration: configuration, eventLoopGroup: eventLoopGroup) else { continue }
                            verdict.failure.withLock { $0 = failure }
                            connection.abort(LDAPError(.timeout, server: "\(connection.server.host):\(connection.server.port)", detail: "the server stopped answering"))
                            return nil
                        }
                        return nil
                    }
                    while let next = try await group.next() {
                        if let value = next {
                            group.cancelAll()
                            return value
                        }
                    }
                    throw LDAPError(.connectionClosed, server: "\(connection.server.host):\(connection.server.port)", detail: "the operation ended without a result")
                }
            }
        } catch {
            guard let failure = verdict.failure.withLock({ $0 }) else { throw error }
            throw LDAPError(.timeout, server: "\(connection.server.host):\(connection.server.port)",
                            detail: "no answer within \(Self.milliseconds(stall)) ms, and the server failed a health probe (\(failure)); the connection was closed",
                            underlying: error)
        }
    }

    /// Whether `server` answers: a new connection (TCP, TLS) and an anonymous rootDSE read, each
    /// under its deadline. nil when it does; else what failed.
    static func probe(_ server: LDAPServer, configuration: Configuration, eventLoopGroup: any EventLoopGroup) async -> String? {
        let readTimeout = configuration.probeReadTimeout
        do {
            let connection = try await LDAPConnection.connect(to: server, tls: configuration.tls, connectTimeout: configuration.probeConnectTimeout,
                                                              handshakeTimeout: readTimeout, requestTimeout: readTimeout,
                                                              eventLoopGroup: eventLoopGroup, logger: Logger(label: "firstkey.ldap.probe"))
            do {
                _ = try await connection.send(.searchRequest(SearchRequest(baseDN: "", scope: .baseObject, attributes: ["1.1"])), timeout: readTimeout)
            } catch {
                await connection.close()
                throw error
            }
            await connection.close()
            return nil
        } catch {
            return "\(error)"
        }
    }

    static func milliseconds(_ duration: Duration) -> Int64 { duration.nanoseconds / 1_000_000 }

    /// Marks the server suspect; `run()` probes it.
    private func markSuspect(_ server: LDAPServer, because error: any Error) {
        guard selection.recordFailure(server, at: .now) else { return }
        logger.warning("directory server suspect: no new work goes to it until it answers a probe", metadata: ["ldap.server": "\(server)", "error": "\(error)"])
    }

    /// Probes every suspect server each `probeInterval` until the task is cancelled, and prefers
    /// again the ones that answer. The pool's owner runs it beside its work (a service of
    /// `firstkey serve`, or `withProbes`); without it a suspect DC gets work again only when every
    /// DC is suspect.
    public func run() async {
        while !Task.isCancelled && !isShutDown {
            do { try await Task.sleep(for: configuration.probeInterval) } catch { return }
            for server in selection.suspectServers where !Task.isCancelled {
                if await Self.probe(server, configuration: configuration, eventLoopGroup: eventLoopGroup) == nil { markHealthy(server) }
            }
        }
    }

    /// Runs `body` while `run()` probes suspect DCs beside it; the probing ends with `body`.
    public nonisolated func withProbes<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        try await withoutActuallyEscaping(body) { body in
            try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask { await self.run(); return nil }
                let value = try await body()
                group.cancelAll()
                return value
            }
        }
    }

    private func markHealthy(_ server: LDAPServer) {
        if selection.recordSuccess(server) {
            logger.notice("directory server answers again; it gets work again", metadata: ["ldap.server": "\(server)"])
        }
    }

    /// Servers that get no new work until they answer a probe.
    public var suspectServers: [LDAPServer] { selection.suspectServers }

    /// The server the next new connection would use.
    public var preferredServer: LDAPServer? { selection.candidates.first }

    public var statistics: (open: Int, idle: Int) { (openCount, idle.count) }

    public func shutdown() async {
        isShutDown = true
        let connections = idle.map(\.connection)
        idle.removeAll()
        for connection in connections { await connection.unbind() }
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
        let closing = self.closing
        self.closing.removeAll()
        for closed in closing { try? await closed.get() }
    }

    static func isConnectionLevel(_ error: LDAPError) -> Bool {
        [.connectionClosed, .timeout, .protocolViolation, .decodingFailed, .disconnectNotice].contains(error.code)
    }

    private func lease() async throws -> LDAPConnection {
        while true {
            guard !isShutDown else { throw LDAPError(.connectionClosed, detail: "the connection pool is shut down") }
            while let candidate = idle.popLast() {
                if await isHealthy(candidate) { return candidate.connection }
                openCount -= 1
                await candidate.connection.close()
            }
            if openCount < configuration.maximumConnections {
                openCount += 1
                do {
                    return try await openConnection()
                } catch {
                    openCount -= 1
                    wakeOneWaiter()
                    throw error
                }
            }
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    private func isHealthy(_ candidate: IdleConnection) async -> Bool {
        guard candidate.connection.isActive else { return false }
        // Work goes to the preferred DC that answers: a connection to a suspect DC, or to a DC
        // that took over while the preferred one did not answer and now answers again, is dropped.
        guard candidate.connection.server == selection.candidates.first else { return false }
        guard ContinuousClock.now - candidate.since > configuration.healthCheckAfterIdle else { return true }
        do {
            let timeout = configuration.probeReadTimeout
            _ = try await candidate.connection.send(.searchRequest(SearchRequest(baseDN: "", scope: .baseObject, attributes: ["1.1"])), timeout: timeout)
            return true
        } catch {
            logger.info("dropping an idle connection that failed its health check", metadata: ["ldap.server": "\(candidate.connection.server)"])
            return false
        }
    }

    private func release(_ connection: LDAPConnection, broken: Bool) {
        if broken || isShutDown {
            openCount -= 1
            // The close goes on on the connection's event loop; shutdown() waits for it.
            closing.append(connection.closeWithoutWaiting())
            if closing.count > 32 { closing = [EventLoopFuture.andAllComplete(closing, on: eventLoopGroup.next())] }
        } else {
            idle.append(IdleConnection(connection: connection, since: .now))
        }
        wakeOneWaiter()
    }

    private func wakeOneWaiter() {
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }

    /// Tries each candidate server in turn. Wrong credentials stop the search at once: every DC
    /// of the domain would refuse them the same way.
    private func openConnection() async throws -> LDAPConnection {
        var failures: [String] = []
        for server in selection.candidates {
            do {
                let connection = try await LDAPConnection.connect(
                    to: server, tls: configuration.tls, connectTimeout: configuration.connectTimeout, handshakeTimeout: configuration.handshakeTimeout,
                    requestTimeout: configuration.requestTimeout, eventLoopGroup: eventLoopGroup, logger: logger)
                do {
                    try await connection.bind(dn: configuration.bindDN, password: configuration.bindPassword, timeout: configuration.handshakeTimeout)
                } catch {
                    await connection.close()
                    throw error
                }
                markHealthy(server)
                return connection
            } catch let error as LDAPError where error.code == .resultCode || error.code == .invalidConfiguration {
                throw error
            } catch {
                markSuspect(server, because: error)
                logger.warning("directory server unavailable, trying the next one", metadata: ["ldap.server": "\(server)", "error": "\(error)"])
                failures.append("\(server): \(error)")
            }
        }
        throw LDAPError(.noServerAvailable, detail: failures.isEmpty ? "no servers are configured" : failures.joined(separator: "; "))
    }
}
