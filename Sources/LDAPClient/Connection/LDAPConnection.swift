public import LDAP
public import Logging
import Metrics
public import NIOCore
public import NIOPosix
import NIOSSL
import Synchronization

/// One connection to one directory server. Requests may run concurrently: each gets its own
/// message ID and its own timeout, and responses are matched by ID.
public final class LDAPConnection: Sendable {
    public let server: LDAPServer
    public let requestTimeout: Duration?
    let channel: any Channel
    let logger: Logger
    private let tokens = Atomic<UInt64>(0)

    private init(channel: any Channel, server: LDAPServer, requestTimeout: Duration?, logger: Logger) {
        self.channel = channel
        self.server = server
        self.requestTimeout = requestTimeout
        self.logger = logger
    }

    public var isActive: Bool { channel.isActive }

    /// Connects, and for LDAPS or StartTLS completes a verified TLS handshake before returning.
    /// Every phase has its own deadline: `connectTimeout` for TCP, `handshakeTimeout` for the TLS
    /// handshake (LDAPS) or the whole StartTLS exchange. A DC that accepts the connection but never
    /// answers (a paused VM, a hung process: the kernel still accepts) fails here within the
    /// deadline, with the connection closed, instead of holding the caller forever.
    public static func connect(
        to server: LDAPServer,
        tls: LDAPTLSConfiguration = LDAPTLSConfiguration(),
        connectTimeout: Duration = .seconds(3),
        handshakeTimeout: Duration = .seconds(3),
        requestTimeout: Duration? = .seconds(30),
        maximumMessageSize: Int = LDAPFraming.defaultMaximumMessageSize,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "firstkey.ldap")
    ) async throws -> LDAPConnection {
        var logger = logger
        logger[metadataKey: "ldap.server"] = "\(server)"
        let sslContext = server.security == .plain ? nil : try makeSSLContext(tls, server: server, closeTimeout: handshakeTimeout, logger: logger)
        let verifyName = tls.serverName ?? (isIPAddress(server.host) ? nil : server.host)
        let handshake = Mutex<EventLoopFuture<Void>?>(nil)
        let serverDescription = "\(server.host):\(server.port)"

        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(.nanoseconds(connectTimeout.nanoseconds))
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if server.security == .ldaps, let sslContext {
                        let promise = channel.eventLoop.makePromise(of: Void.self)
                        handshake.withLock { $0 = promise.futureResult }
                        try sync.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: verifyName))
                        try sync.addHandler(TLSHandshakeWaiter(promise: promise))
                    }
                    try sync.addHandler(ByteToMessageHandler(LDAPMessageDecoder(maximumMessageSize: maximumMessageSize)))
                    try sync.addHandler(MessageToByteHandler(LDAPMessageEncoder()))
                    try sync.addHandler(LDAPChannelHandler(serverDescription: serverDescription))
                }
            }

        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: server.host, port: server.port).get()
        } catch {
            throw LDAPError(.connectFailed, server: serverDescription, detail: "\(error)", underlying: error)
        }
        let connection = LDAPConnection(channel: channel, server: server, requestTimeout: requestTimeout, logger: logger)
        do {
            if let future = handshake.withLock({ $0 }) {
                try await connection.awaitHandshake(future, within: handshakeTimeout, phase: "the TLS handshake")
            }
            if server.security == .startTLS, let sslContext {
                try await connection.startTLS(sslContext, verifyName: verifyName, timeout: handshakeTimeout)
            }
        } catch {
            try? await channel.close()
            if let ldapError = error as? LDAPError { throw ldapError }
            throw LDAPError.tlsFailure(error, server: serverDescription) ?? LDAPError(.tlsFailed, server: serverDescription, detail: "\(error)", underlying: error)
        }
        logger.debug("connected", metadata: ["ldap.security": "\(server.security.rawValue)"])
        return connection
    }

    private static func makeSSLContext(_ tls: LDAPTLSConfiguration, server: LDAPServer, closeTimeout: Duration, logger: Logger) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        // A DC that stopped answering never sends its close_notify: wait no longer than for a handshake.
        configuration.shutdownTimeout = .nanoseconds(min(closeTimeout, .seconds(5)).nanoseconds)
        if tls.insecureSkipVerificationLabOnly {
            logger.critical("TLS CERTIFICATE VERIFICATION IS OFF (lab-only flag). Anyone on the network path can read passwords sent to \(server). Never use this in production.")
            configuration.certificateVerification = .none
        } else {
            configuration.certificateVerification = .fullVerification
        }
        if let caFile = tls.caFile {
            do {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            } catch {
                throw LDAPError(.invalidConfiguration, server: "\(server.host):\(server.port)", detail: "the CA file '\(caFile)' could not be read as PEM certificates", underlying: error)
            }
        }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw LDAPError(.invalidConfiguration, detail: "TLS could not be configured: \(error)", underlying: error)
        }
    }

    private static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    /// Waits for a TLS handshake under a deadline: when it passes, the connection is closed and
    /// the phase throws `timeout`, which the pool counts as this server failing. The deadline and
    /// the handshake's completion are ordered on the channel's event loop, so a handshake that
    /// finished in time is never cut off by a late timer.
    private func awaitHandshake(_ future: EventLoopFuture<Void>, within deadline: Duration, phase: String) async throws {
        let expired = Atomic<Bool>(false)
        let channel = channel
        let description = "\(phase) did not finish within \(deadline.nanoseconds / 1_000_000) ms; the connection was closed"
        let serverDescription = "\(server.host):\(server.port)"
        let scheduled = channel.eventLoop.scheduleTask(in: .nanoseconds(deadline.nanoseconds)) {
            expired.store(true, ordering: .sequentiallyConsistent)
            Self.abort(channel, LDAPError(.timeout, server: serverDescription, detail: description))
        }
        future.whenComplete { _ in scheduled.cancel() }
        do {
            try await future.get()
        } catch {
            guard expired.load(ordering: .sequentiallyConsistent) else { throw error }
            throw LDAPError(.timeout, server: serverDescription, detail: description, underlying: error)
        }
    }

    /// Gives up the connection at once: every request waiting on it fails with `error` now, and
    /// the channel closes (a TLS close to a server that stopped answering times out on its own).
    public func abort(_ error: LDAPError) {
        Self.abort(channel, error)
    }

    private static func abort(_ channel: any Channel, _ error: LDAPError) {
        channel.triggerUserOutboundEvent(LDAPAbortEvent(error: error), promise: nil)
        channel.close(promise: nil)
    }

    private func startTLS(_ sslContext: NIOSSLContext, verifyName: String?, timeout: Duration) async throws {
        let response: LDAPResponse
        do {
            response = try await send(.extendedRequest(ExtendedRequest(name: ExtendedRequest.startTLSOID)), timeout: timeout)
        } catch let error as LDAPError where error.code == .timeout {
            throw LDAPError(.timeout, operation: "StartTLS", server: "\(server.host):\(server.port)",
                            detail: "StartTLS did not finish within \(timeout.nanoseconds / 1_000_000) ms; the connection was closed", underlying: error)
        }
        guard response.result.resultCode == .success else {
            throw LDAPError(.tlsFailed, operation: "StartTLS", result: response.result, server: "\(server.host):\(server.port)", detail: "the server refused StartTLS")
        }
        let promise = channel.eventLoop.makePromise(of: Void.self)
        try await channel.eventLoop.submit { [channel] in
            let sync = channel.pipeline.syncOperations
            let tlsHandler = try NIOSSLClientHandler(context: sslContext, serverHostname: verifyName)
            try sync.addHandler(tlsHandler, position: .first)
            try sync.addHandler(TLSHandshakeWaiter(promise: promise), position: .after(tlsHandler))
        }.get()
        try await awaitHandshake(promise.futureResult, within: timeout, phase: "the TLS handshake after StartTLS")
    }

    // MARK: - Raw requests

    /// Sends one operation and returns whatever the server answered, success or not.
    public func send(
        _ operation: LDAPOperation,
        controls: [LDAPControl] = [],
        timeout: Duration? = nil
    ) async throws -> LDAPResponse {
        let expectation: LDAPRequestTable.Expectation?
        switch operation {
        case .searchRequest: expectation = .searchResults
        case .abandonRequest, .unbindRequest: expectation = nil
        default: expectation = .singleResponse
        }
        let token = tokens.add(1, ordering: .relaxed).newValue
        let promise = channel.eventLoop.makePromise(of: LDAPResponse.self)
        let effectiveTimeout = (timeout ?? requestTimeout).map { TimeAmount.nanoseconds($0.nanoseconds) }
        let request = LDAPOutboundRequest(operation: operation, controls: controls, expectation: expectation, timeout: effectiveTimeout, token: token, promise: promise)
        let serverDescription = "\(server.host):\(server.port)"
        let started = ContinuousClock.now
        defer {
            let elapsed = ContinuousClock.now - started
            Timer(label: "firstkey_ldap_request_seconds", dimensions: [("operation", operation.name)])
                .recordNanoseconds(elapsed.nanoseconds)
        }
        return try await withTaskCancellationHandler {
            // Once a channel has closed its pipeline is empty, so the write fails before reaching
            // the handler that would fail the request; fail it here so nothing waits forever.
            channel.writeAndFlush(request).whenFailure { error in
                promise.fail(LDAPError(.connectionClosed, operation: operation.name, server: serverDescription, underlying: error))
            }
            return try await promise.futureResult.get()
        } onCancel: { [channel] in
            channel.triggerUserOutboundEvent(LDAPAbandonEvent(token: token), promise: nil)
        }
    }

    /// Sends and throws `LDAPError` unless the result code is one of `accepted`.
    @discardableResult
    func perform(_ operation: LDAPOperation, controls: [LDAPControl], accepting accepted: Set<LDAPResultCode> = [.success], timeout: Duration? = nil) async throws -> LDAPResponse {
        let response = try await send(operation, controls: controls, timeout: timeout)
        guard accepted.contains(response.result.resultCode) else {
            throw LDAPError(.resultCode, operation: operation.name, result: response.result, server: "\(server.host):\(server.port)")
        }
        return response
    }

    // MARK: - Operations

    /// Simple bind (RFC 4513 §5.1.3). An empty password is refused here: servers treat it as an
    /// unauthenticated bind that "succeeds" without checking anything.
    public func bind(dn: String, password: String, controls: [LDAPControl] = [], timeout: Duration? = nil) async throws {
        guard !password.isEmpty else {
            throw LDAPError(.invalidConfiguration, operation: "bindRequest", detail: "an empty password would be an unauthenticated bind; refusing it")
        }
        do {
            try await perform(.bindRequest(.simple(name: dn, password: password)), controls: controls, timeout: timeout)
        } catch let error as LDAPError where error.code == .timeout && timeout != nil {
            // A server that does not answer a bind in time is not used: close the connection.
            abort(error)
            throw error
        }
    }

    /// Binds and returns the response controls (e.g. OpenLDAP's password policy response).
    public func bindReturningControls(dn: String, password: String, controls: [LDAPControl]) async throws -> [LDAPControl] {
        guard !password.isEmpty else {
            throw LDAPError(.invalidConfiguration, operation: "bindRequest", detail: "an empty password would be an unauthenticated bind; refusing it")
        }
        return try await perform(.bindRequest(.simple(name: dn, password: password)), controls: controls).controls
    }

    public func search(_ request: SearchRequest, controls: [LDAPControl] = []) async throws -> LDAPResponse {
        try await perform(.searchRequest(request), controls: controls)
    }

    /// Follows RFC 2696 paging until the server's cookie is empty.
    public func searchAllPages(_ request: SearchRequest, pageSize: Int32 = 500, controls: [LDAPControl] = []) async throws -> LDAPResponse {
        var cookie: [UInt8] = []
        var entries: [SearchResultEntry] = []
        var references: [[String]] = []
        while true {
            let page = try await search(request, controls: controls + [PagedResultsControl(size: pageSize, cookie: cookie).control()])
            entries += page.entries
            references += page.references
            guard let control = page.controls.first(oid: PagedResultsControl.oid) else {
                return LDAPResponse(result: page.result, controls: page.controls, entries: entries, references: references, operation: page.operation)
            }
            cookie = try PagedResultsControl(control: control).cookie
            if cookie.isEmpty {
                return LDAPResponse(result: page.result, controls: page.controls, entries: entries, references: references, operation: page.operation)
            }
        }
    }

    @discardableResult
    public func modify(_ request: ModifyRequest, controls: [LDAPControl] = []) async throws -> LDAPResponse {
        try await perform(.modifyRequest(request), controls: controls)
    }

    @discardableResult
    public func add(_ request: AddRequest, controls: [LDAPControl] = []) async throws -> LDAPResponse {
        try await perform(.addRequest(request), controls: controls)
    }

    @discardableResult
    public func delete(dn: String, controls: [LDAPControl] = []) async throws -> LDAPResponse {
        try await perform(.deleteRequest(dn: dn), controls: controls)
    }

    public func compare(_ request: CompareRequest) async throws -> Bool {
        try await perform(.compareRequest(request), controls: [], accepting: [.compareTrue, .compareFalse]).result.resultCode == .compareTrue
    }

    public func extended(_ request: ExtendedRequest, controls: [LDAPControl] = []) async throws -> ExtendedResponse {
        let response = try await perform(.extendedRequest(request), controls: controls)
        guard case .extendedResponse(let extended) = response.operation else {
            throw LDAPError(.protocolViolation, operation: "extendedRequest", server: "\(server.host):\(server.port)", detail: "the answer was not an ExtendedResponse")
        }
        return extended
    }

    /// RFC 4532 "Who am I?". Active Directory answers protocolError: it does not implement it.
    public func whoAmI() async throws -> String {
        let response = try await extended(ExtendedRequest(name: ExtendedRequest.whoAmIOID))
        return String(decoding: response.value ?? [], as: UTF8.self)
    }

    /// RFC 3062 Password Modify. Returns the server-generated password when `newPassword` is nil.
    @discardableResult
    public func passwordModify(userIdentity: String?, oldPassword: String? = nil, newPassword: String?, controls: [LDAPControl] = []) async throws -> String? {
        let response = try await extended(.passwordModify(userIdentity: userIdentity, oldPassword: oldPassword, newPassword: newPassword), controls: controls)
        do {
            return try response.generatedPassword()
        } catch {
            throw LDAPError(.decodingFailed, operation: "passwordModify", server: "\(server.host):\(server.port)", detail: "the generated password could not be read")
        }
    }

    /// Sends UnbindRequest and closes the connection (RFC 4511 §4.3).
    public func unbind() async {
        _ = try? await send(.unbindRequest)
        try? await channel.close()
    }

    public func close() async {
        try? await channel.close()
    }

    /// Starts closing the connection on its event loop and returns at once; the future completes
    /// when it is closed.
    public func closeWithoutWaiting() -> EventLoopFuture<Void> {
        channel.close(promise: nil)
        return channel.closeFuture
    }
}

extension Duration {
    /// Whole nanoseconds, for NIO's TimeAmount and metrics timers.
    var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}
