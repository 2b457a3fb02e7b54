import LDAP
public import Logging
public import NIOCore
public import NIOPosix

/// Connections to the directory, bound as the service account, shared by concurrent callers.
/// Opens connections lazily up to a limit, checks idle ones before reuse, drops broken ones, and
/// fails over to the next DC in order when one cannot be reached.
public actor LDAPConnectionPool {
    public struct Configuration: Sendable {
        public var servers: [LDAPServer]
        public var tls: LDAPTLSConfiguration
        public var bindDN: String
        public var bindPassword: String
        public var maximumConnections: Int
        public var connectTimeout: Duration
        public var requestTimeout: Duration?
        /// An idle connection older than this is probed with a rootDSE read before reuse.
        public var healthCheckAfterIdle: Duration
        public var failedServerCooldown: Duration

        public init(
            servers: [LDAPServer],
            tls: LDAPTLSConfiguration = LDAPTLSConfiguration(),
            bindDN: String,
            bindPassword: String,
            maximumConnections: Int = 4,
            connectTimeout: Duration = .seconds(3),
            requestTimeout: Duration? = .seconds(30),
            healthCheckAfterIdle: Duration = .seconds(30),
            failedServerCooldown: Duration = .seconds(30)
        ) {
            self.servers = servers
            self.tls = tls
            self.bindDN = bindDN
            self.bindPassword = bindPassword
            self.maximumConnections = max(1, maximumConnections)
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.healthCheckAfterIdle = healthCheckAfterIdle
            self.failedServerCooldown = failedServerCooldown
        }
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

    public init(configuration: Configuration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger = Logger(label: "firstkey.ldap.pool")) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.selection = LDAPServerSelection(servers: configuration.servers, cooldown: configuration.failedServerCooldown)
    }

    /// Runs `body` with a bound connection. When the connection breaks under it (closed, timed
    /// out, protocol error) the connection is discarded and, if `retryOnConnectionLoss`, the body
    /// runs once more on a fresh connection, possibly on the next DC. Only pass idempotent work.
    public func withConnection<T: Sendable>(
        retryOnConnectionLoss: Bool = true,
        _ body: @Sendable (LDAPConnection) async throws -> T
    ) async throws -> T {
        var attemptsLeft = retryOnConnectionLoss ? 2 : 1
        while true {
            attemptsLeft -= 1
            let connection = try await lease()
            do {
                let value = try await body(connection)
                release(connection, broken: !connection.isActive)
                return value
            } catch let error as LDAPError where Self.isConnectionLevel(error) {
                release(connection, broken: true)
                selection.recordFailure(connection.server, at: .now)
                logger.warning("connection lost during an operation", metadata: ["ldap.server": "\(connection.server)", "error": "\(error)"])
                if attemptsLeft == 0 { throw error }
            } catch {
                release(connection, broken: !connection.isActive)
                throw error
            }
        }
    }

    /// The server the next new connection would use.
    public var preferredServer: LDAPServer? { selection.candidates(at: .now).first }

    public var statistics: (open: Int, idle: Int) { (openCount, idle.count) }

    public func shutdown() async {
        isShutDown = true
        let connections = idle.map(\.connection)
        idle.removeAll()
        for connection in connections { await connection.unbind() }
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
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
        if selection.isCoolingDown(candidate.connection.server, at: .now) { return false }
        guard ContinuousClock.now - candidate.since > configuration.healthCheckAfterIdle else { return true }
        do {
            _ = try await candidate.connection.send(.searchRequest(SearchRequest(baseDN: "", scope: .baseObject, attributes: ["1.1"])), timeout: .seconds(2))
            return true
        } catch {
            logger.info("dropping an idle connection that failed its health check", metadata: ["ldap.server": "\(candidate.connection.server)"])
            return false
        }
    }

    private func release(_ connection: LDAPConnection, broken: Bool) {
        if broken || isShutDown {
            openCount -= 1
            Task { await connection.close() }
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
        for server in selection.candidates(at: .now) {
            do {
                let connection = try await LDAPConnection.connect(
                    to: server, tls: configuration.tls, connectTimeout: configuration.connectTimeout,
                    requestTimeout: configuration.requestTimeout, eventLoopGroup: eventLoopGroup, logger: logger)
                do {
                    try await connection.bind(dn: configuration.bindDN, password: configuration.bindPassword)
                } catch {
                    await connection.close()
                    throw error
                }
                selection.recordSuccess(server)
                return connection
            } catch let error as LDAPError where error.code == .resultCode || error.code == .invalidConfiguration {
                throw error
            } catch {
                selection.recordFailure(server, at: .now)
                logger.warning("directory server unavailable, trying the next one", metadata: ["ldap.server": "\(server)", "error": "\(error)"])
                failures.append("\(server): \(error)")
            }
        }
        throw LDAPError(.noServerAvailable, detail: failures.isEmpty ? "no servers are configured" : failures.joined(separator: "; "))
    }
}
