import LDAP
import Testing
@testable import LDAPClient

/// A DC that accepts connections but never answers (a paused VM, a hung process, a half-open
/// firewall path) must cost each phase its deadline, never hold the caller: in-process servers on
/// loopback that accept and then stay silent, for every phase of a connection's life.
@Suite(.timeLimit(.minutes(1))) struct LDAPDeadlineTests {
    static let deadline = Duration.milliseconds(400)

    static func elapsed<T>(_ body: () async throws -> T) async -> (Result<T, any Error>, Duration) {
        let started = ContinuousClock.now
        do {
            let value = try await body()
            return (.success(value), ContinuousClock.now - started)
        } catch {
            return (.failure(error), ContinuousClock.now - started)
        }
    }

    static func timeoutError<T>(_ result: Result<T, any Error>) -> LDAPError? {
        guard case .failure(let error) = result, let ldapError = error as? LDAPError, ldapError.code == .timeout else { return nil }
        return ldapError
    }

    @Test func aTLSHandshakeThatNeverAnswersFailsWithinItsDeadline() async throws {
        let silent = try await FreezableDirectoryServer(readsNothing: true)
        let server = LDAPServer(host: "127.0.0.1", port: silent.port, security: .ldaps)
        let (result, took) = await Self.elapsed {
            try await LDAPConnection.connect(to: server, tls: LDAPTLSConfiguration(insecureSkipVerificationLabOnly: true), handshakeTimeout: Self.deadline)
        }
        let error = try #require(Self.timeoutError(result), "\(result)")
        #expect(error.description.contains("TLS handshake did not finish within 400 ms"), "\(error)")
        #expect(took < .seconds(10), "took \(took)")  // the deadline, not the 30 s request timeout (a loaded CI machine is slow)
        await silent.stop()
    }

    @Test func aStartTLSThatNeverAnswersFailsWithinItsDeadline() async throws {
        let frozen = try await FreezableDirectoryServer()
        frozen.freeze()
        let server = LDAPServer(host: "127.0.0.1", port: frozen.port, security: .startTLS)
        let (result, took) = await Self.elapsed {
            try await LDAPConnection.connect(to: server, tls: LDAPTLSConfiguration(insecureSkipVerificationLabOnly: true), handshakeTimeout: Self.deadline)
        }
        let error = try #require(Self.timeoutError(result), "\(result)")
        #expect(error.description.contains("StartTLS did not finish within 400 ms"), "\(error)")
        #expect(took < .seconds(10), "took \(took)")  // the deadline, not the 30 s request timeout (a loaded CI machine is slow)
        await frozen.stop()
    }

    @Test func aBindThatNeverAnswersFailsWithinItsDeadlineAndClosesTheConnection() async throws {
        let frozen = try await FreezableDirectoryServer()
        let connection = try await LDAPConnection.connect(to: frozen.server)
        frozen.freeze()
        let (result, took) = await Self.elapsed { try await connection.bind(dn: "CN=svc", password: "not-a-secret-here", timeout: Self.deadline) }
        #expect(Self.timeoutError(result) != nil, "\(result)")
        #expect(took < .seconds(10), "took \(took)")  // the deadline, not the 30 s request timeout (a loaded CI machine is slow)
        let failed = ContinuousClock.now
        while connection.isActive, ContinuousClock.now - failed < .seconds(2) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!connection.isActive)
        await frozen.stop()
    }

    static func pool(_ servers: [FreezableDirectoryServer], stall: Duration? = deadline) -> LDAPConnectionPool {
        LDAPConnectionPool(configuration: .init(servers: servers.map(\.server), bindDN: "CN=svc", bindPassword: "not-a-secret-here", maximumConnections: 2,
                                                connectTimeout: deadline, handshakeTimeout: deadline, requestTimeout: .seconds(30),
                                                stallTimeout: stall, probeInterval: .milliseconds(200)))
    }

    @Sendable static func lookUp(_ connection: LDAPConnection) async throws -> Int {
        _ = try await connection.search(SearchRequest(baseDN: "CN=alice", scope: .baseObject))
        return connection.server.port
    }

    @Test func aPoolFailsOverFromADCThatIsFrozenBeforeItConnects() async throws {
        let first = try await FreezableDirectoryServer(), second = try await FreezableDirectoryServer()
        first.freeze()
        let pool = Self.pool([first, second])
        let (result, took) = await Self.elapsed { try await pool.withConnection(Self.lookUp) }
        #expect(try result.get() == second.port)
        #expect(took < .seconds(10), "took \(took)")  // the deadline, not the 30 s request timeout (a loaded CI machine is slow)
        #expect(await pool.suspectServers == [first.server])
        await pool.shutdown()
        await first.stop(); await second.stop()
    }

    @Test func workInFlightOnADCThatStopsAnsweringFailsOverWithinTheDeadlinesNotTheRequestTimeout() async throws {
        let first = try await FreezableDirectoryServer(), second = try await FreezableDirectoryServer()
        let pool = Self.pool([first, second])
        #expect(try await pool.withConnection(Self.lookUp) == first.port)
        first.freeze()
        // Two requests in flight on the established pool when the DC stops answering.
        let (results, took) = await Self.elapsed {
            async let a = pool.withConnection(Self.lookUp)
            async let b = pool.withConnection(Self.lookUp)
            return try await [a, b]
        }
        #expect(try results.get() == [second.port, second.port])
        // stall (400 ms) + the probe's handshake (400 ms) + the retry on the next DC
        #expect(took < .seconds(10), "took \(took)")  // the deadline, not the 30 s request timeout (a loaded CI machine is slow)
        #expect(await pool.suspectServers == [first.server])

        // Thawed, the background probe finds it answering again and work goes back to it.
        first.thaw()
        let thawed = ContinuousClock.now
        try await pool.withProbes {
            while await !pool.suspectServers.isEmpty, ContinuousClock.now - thawed < .seconds(10) { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(await pool.suspectServers.isEmpty)
        #expect(try await pool.withConnection(Self.lookUp) == first.port)
        await pool.shutdown()
        await first.stop(); await second.stop()
    }

    @Test func aSlowDCThatAnswersItsProbeIsNotTakenForHung() async throws {
        let first = try await FreezableDirectoryServer(), second = try await FreezableDirectoryServer()
        // Deadlines a loaded machine meets for a live server (the probe must get its answer in time).
        let stall = Duration.seconds(1)
        let pool = LDAPConnectionPool(configuration: .init(servers: [first.server, second.server], bindDN: "CN=svc", bindPassword: "not-a-secret-here",
                                                           maximumConnections: 2, connectTimeout: .seconds(3), handshakeTimeout: .seconds(3),
                                                           requestTimeout: .seconds(30), stallTimeout: stall, probeInterval: .milliseconds(200)))
        // One request goes unanswered for three stall periods, while a fresh connection (the
        // probe) is answered at once: the DC is slow, not hung, and the request keeps waiting.
        let stillWaiting = try await pool.withConnection(retryOnConnectionLoss: false) { connection in
            first.freeze()
            let slow = Task { try await connection.search(SearchRequest(baseDN: "CN=slow", scope: .baseObject)) }
            try await Task.sleep(for: .milliseconds(100))
            first.thaw()  // what arrives from now on is answered; the request above never is
            try await Task.sleep(for: stall * 3)
            let waiting = connection.isActive
            slow.cancel()
            _ = try? await slow.value
            return waiting
        }
        #expect(stillWaiting, "a DC answering its probes was taken for hung")
        #expect(await pool.suspectServers.isEmpty)
        #expect(try await pool.withConnection(Self.lookUp) == first.port)
        await pool.shutdown()
        await first.stop(); await second.stop()
    }

    @Test func withoutAStallTimeoutTheRequestTimeoutStillBoundsTheWait() async throws {
        let first = try await FreezableDirectoryServer()
        let pool = LDAPConnectionPool(configuration: .init(servers: [first.server], bindDN: "CN=svc", bindPassword: "not-a-secret-here",
                                                           handshakeTimeout: Self.deadline, requestTimeout: .milliseconds(500), stallTimeout: nil))
        #expect(try await pool.withConnection(Self.lookUp) == first.port)
        first.freeze()
        let (result, took) = await Self.elapsed { try await pool.withConnection(retryOnConnectionLoss: false, Self.lookUp) }
        #expect(Self.timeoutError(result) != nil, "\(result)")
        #expect(took < .seconds(3), "took \(took)")
        await pool.shutdown()
        await first.stop()
    }
}
