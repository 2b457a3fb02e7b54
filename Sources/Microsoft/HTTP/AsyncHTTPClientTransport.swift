public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// The production transport: one async-http-client with certificate verification always on,
/// redirects refused (a bearer token must never follow a redirect), and optional extra roots.
public final class AsyncHTTPClientTransport: MicrosoftHTTPTransport {
    public static let maximumResponseBytes = 4 * 1024 * 1024

    private let client: HTTPClient
    private let ownsClient: Bool

    /// Creates and owns a client; call `shutdown()` when done.
    public init(configuration: EntraConfiguration, connectTimeout: Duration = .seconds(10)) throws(EntraConfigurationError) {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        if let pem = configuration.additionalTrustedCertificateAuthorityPEM {
            let certificates = (try? NIOSSLCertificate.fromPEMBytes(Array(pem.utf8))) ?? []
            guard !certificates.isEmpty else {
                throw EntraConfigurationError(.unreadableTrustedCertificate, field: "additional trusted CA", reason: "no PEM certificate found")
            }
            tls.additionalTrustRoots = [.certificates(certificates)]
        }
        var httpConfiguration = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: .init(connect: connectTimeout.timeAmount)
        )
        httpConfiguration.httpVersion = .automatic
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: httpConfiguration)
        self.ownsClient = true
    }

    /// Uses a client the caller owns and shuts down. Its TLS configuration is the caller's
    /// responsibility and must keep certificate verification on.
    public init(client: HTTPClient) {
        self.client = client
        self.ownsClient = false
    }

    public func shutdown() async throws {
        if ownsClient { try await client.shutdown() }
    }

    public func send(_ request: MicrosoftHTTPRequest, timeout: Duration) async throws -> MicrosoftHTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = request.method
        outgoing.headers = request.headers
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        let target = (request.url.host ?? "?") + request.url.path
        do {
            let response = try await client.execute(outgoing, timeout: timeout.timeAmount)
            let body = try await response.body.collect(upTo: Self.maximumResponseBytes)
            return MicrosoftHTTPResponse(status: response.status, headers: response.headers, body: Array(buffer: body))
        } catch {
            throw Self.classify(error, target: target)
        }
    }

    static func classify(_ error: any Error, target: String) -> MicrosoftTransportError {
        let text = String(reflecting: error)
        if error is NIOTooManyBytesError {
            return MicrosoftTransportError(.responseTooLarge, target: target, sentRequest: true, underlying: text)
        }
        if error is NIOSSLError || error is BoringSSLError {
            return MicrosoftTransportError(.tlsFailed, target: target, sentRequest: false, underlying: text)
        }
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .connectTimeout, .socksHandshakeTimeout, .httpProxyHandshakeTimeout:
                return MicrosoftTransportError(.connectFailed, target: target, sentRequest: false, underlying: text)
            case .tlsHandshakeTimeout:
                return MicrosoftTransportError(.tlsFailed, target: target, sentRequest: false, underlying: text)
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return MicrosoftTransportError(.timedOut, target: target, sentRequest: true, underlying: text)
            default:
                return MicrosoftTransportError(.connectionLost, target: target, sentRequest: true, underlying: text)
            }
        }
        if case ChannelError.connectTimeout = error {
            return MicrosoftTransportError(.connectFailed, target: target, sentRequest: false, underlying: text)
        }
        // NIOPosix's NIOConnectionError (refused, unreachable, DNS) is not importable from here;
        // its type name is stable and means no byte was written.
        if String(describing: type(of: error)).contains("NIOConnectionError") {
            return MicrosoftTransportError(.connectFailed, target: target, sentRequest: false, underlying: text)
        }
        if let ioError = error as? IOError, [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH].contains(ioError.errnoCode) {
            return MicrosoftTransportError(.connectFailed, target: target, sentRequest: false, underlying: text)
        }
        return MicrosoftTransportError(.connectionLost, target: target, sentRequest: true, underlying: text)
    }
}
