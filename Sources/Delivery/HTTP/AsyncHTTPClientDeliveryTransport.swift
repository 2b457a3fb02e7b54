public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// The production HTTP transport: async-http-client with certificate verification always on,
/// redirects refused (credentials and message bodies must never follow a redirect), and optional
/// extra trusted roots (a private CA, the simulator's test CA).
public final class AsyncHTTPClientDeliveryTransport: DeliveryHTTPTransport {
    public static let maximumResponseBytes = 1024 * 1024

    private let client: HTTPClient
    private let ownsClient: Bool

    /// Creates and owns a client; call `shutdown()` when done. `additionalTrustedCertificatesPEM`:
    /// PEM certificates trusted in addition to the system's.
    public init(additionalTrustedCertificatesPEM: String? = nil, connectTimeout: Duration = .seconds(10)) throws(DeliveryError) {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        tls.minimumTLSVersion = .tlsv12
        if let pem = additionalTrustedCertificatesPEM {
            let certificates = (try? NIOSSLCertificate.fromPEMBytes(Array(pem.utf8))) ?? []
            guard !certificates.isEmpty else {
                throw DeliveryError(.invalidConfiguration, detail: "the additional trusted CA holds no PEM certificate")
            }
            tls.additionalTrustRoots = [.certificates(certificates)]
        }
        let configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(connectTimeout.nanosecondsClamped)))
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        ownsClient = true
    }

    /// Uses a client the caller owns and shuts down; its TLS settings must keep verification on.
    public init(client: HTTPClient) {
        self.client = client
        ownsClient = false
    }

    public func shutdown() async throws {
        if ownsClient { try await client.shutdown() }
    }

    public func send(_ request: DeliveryHTTPRequest, timeout: Duration) async throws(DeliveryError) -> DeliveryHTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        let target = "\(request.url.host ?? "?")\(request.url.port.map { ":\($0)" } ?? "")\(request.url.path)"
        do {
            let response = try await client.execute(outgoing, timeout: .nanoseconds(timeout.nanosecondsClamped))
            let body = try await response.body.collect(upTo: Self.maximumResponseBytes)
            return DeliveryHTTPResponse(
                status: Int(response.status.code), headers: response.headers.map { DeliveryHTTPHeader($0.name, $0.value) }, body: Array(buffer: body))
        } catch {
            throw Self.classify(error, target: target)
        }
    }

    /// Whether anything may have reached the server decides `mayHaveBeenSent`.
    static func classify(_ error: any Error, target: String) -> DeliveryError {
        let text = String(reflecting: error)
        func make(_ code: DeliveryError.Code, sent: Bool, _ detail: String) -> DeliveryError {
            DeliveryError(code, mayHaveBeenSent: sent, detail: "\(detail) (\(target))", underlying: text)
        }
        if error is NIOTooManyBytesError { return make(.unexpectedResponse, sent: true, "the answer was larger than Firstkey accepts") }
        if error is NIOSSLError || error is BoringSSLError { return make(.tlsFailed, sent: false, "the TLS handshake failed") }
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .connectTimeout, .socksHandshakeTimeout, .httpProxyHandshakeTimeout:
                return make(.unreachable, sent: false, "the connection timed out")
            case .tlsHandshakeTimeout:
                return make(.tlsFailed, sent: false, "the TLS handshake timed out")
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return make(.timedOut, sent: true, "no answer in time")
            default:
                return make(.connectionLost, sent: true, "the connection failed")
            }
        }
        if case ChannelError.connectTimeout = error { return make(.unreachable, sent: false, "the connection timed out") }
        // NIOPosix's NIOConnectionError (refused, unreachable, DNS) means no byte was written.
        if String(describing: type(of: error)).contains("NIOConnectionError") { return make(.unreachable, sent: false, "no connection") }
        if let ioError = error as? IOError, [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH].contains(ioError.errnoCode) {
            return make(.unreachable, sent: false, "no connection")
        }
        return make(.connectionLost, sent: true, "the connection failed")
    }
}
