import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A minimal HTTP/1.1 client for the simulator's outbound calls (Event Grid deliveries, Twilio
/// status callbacks): one connection per request, `Connection: close`, the whole answer read,
/// bounded by a timeout. HTTPS verifies the certificate chain against the system's roots plus
/// the CAs a test registered, and the host name (or IP SAN): a self-signed endpoint certificate
/// is refused, as Event Grid refuses it.
struct WebhookClient: Sendable {
    struct Response: Sendable {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]
    }

    /// Why a call got no HTTP answer. `description` never contains the URL's query or a body.
    struct Failure: Error, Sendable, CustomStringConvertible {
        enum Kind: Sendable, Equatable { case connection, tls, timeout, malformedResponse }
        var kind: Kind
        var description: String
    }

    /// Extra trusted CAs (PEM).
    var trustRoots: [String]
    var timeout: Duration = .seconds(10)
    var connectTimeout: TimeAmount = .seconds(3)
    static let maximumBodySize = 1 << 20

    func post(to url: WebhookURL, headers: [(String, String)], body: [UInt8]) async throws(Failure) -> Response {
        do {
            return try await withThrowingTaskGroup(of: Response.self) { group in
                group.addTask { try await perform(method: .POST, url: url, headers: headers, body: body) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw Failure(kind: .timeout, description: "no answer within \(timeout)")
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else { throw Failure(kind: .connection, description: "cancelled") }
                return first
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Self.classify(error)
        }
    }

    private func perform(method: HTTPMethod, url: WebhookURL, headers: [(String, String)], body: [UInt8]) async throws -> Response {
        let watcher = TLSFailureWatcher()
        do {
            return try await exchange(method: method, url: url, headers: headers, body: body, watcher: watcher)
        } catch {
            // A failed handshake can surface as a write on a closed channel: ask the watcher.
            if watcher.failed { throw Self.tlsFailure }
            throw error
        }
    }

    private func exchange(method: HTTPMethod, url: WebhookURL, headers: [(String, String)], body: [UInt8], watcher: TLSFailureWatcher) async throws -> Response {
        let sslContext: NIOSSLContext? = url.isHTTPS ? try NIOSSLContext(configuration: tlsConfiguration()) : nil
        let serverHostname = url.hostIsAddress ? nil : url.host
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(connectTimeout)
            .connect(host: url.host, port: url.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: sslContext, serverHostname: serverHostname))
                        try channel.pipeline.syncOperations.addHandler(watcher)
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: url.target)
        head.headers.add(name: "Host", value: url.authority)
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        head.headers.replaceOrAdd(name: "Content-Length", value: String(body.count))
        head.headers.replaceOrAdd(name: "Connection", value: "close")
        let request = head
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(.head(request))
            if !body.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
            try await outbound.write(.end(nil))
            var responseHead: HTTPResponseHead?
            var collected: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let head):
                    // 1xx interim answers precede the real one.
                    if head.status.code >= 200 { responseHead = head }
                case .body(let buffer):
                    guard responseHead != nil else { continue }
                    collected += buffer.readableBytesView
                    if collected.count > Self.maximumBodySize { throw Failure(kind: .malformedResponse, description: "the answer is larger than 1 MB") }
                case .end:
                    if let responseHead {
                        return Response(status: Int(responseHead.status.code), headers: responseHead.headers.map { ($0.name, $0.value) }, body: collected)
                    }
                }
            }
            throw Failure(kind: .malformedResponse, description: "the connection closed before a complete answer")
        }
    }

    private func tlsConfiguration() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .fullVerification
        var extra: [NIOSSLCertificate] = []
        for pem in trustRoots { extra += try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)) }
        if !extra.isEmpty { configuration.additionalTrustRoots = [.certificates(extra)] }
        return configuration
    }

    private static let tlsFailure = Failure(
        kind: .tls, description: "TLS failed: the endpoint's certificate is not trusted (self-signed or unknown CA) or does not name the host")

    private static func classify(_ error: any Error) -> Failure {
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError { return tlsFailure }
        if error is CancellationError { return Failure(kind: .connection, description: "cancelled") }
        if let channelError = error as? ChannelError, case .connectTimeout = channelError {
            return Failure(kind: .timeout, description: "the connection timed out")
        }
        if error is HTTPParserError { return Failure(kind: .malformedResponse, description: "the answer is not valid HTTP/1.1") }
        return Failure(kind: .connection, description: "could not connect or the connection broke")
    }
}

/// Sits right after the TLS handler and remembers whether TLS failed, whatever error the
/// request then reports.
private final class TLSFailureWatcher: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny
    private let failure = Mutex(false)

    var failed: Bool { failure.withLock { $0 } }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            failure.withLock { $0 = true }
        }
        context.fireErrorCaught(error)
    }
}
