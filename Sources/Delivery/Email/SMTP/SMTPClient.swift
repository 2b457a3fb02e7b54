import Foundation
public import Logging
public import NIOCore
public import NIOPosix
import NIOSSL

/// Sends one message per connection to an SMTP server: connect (implicit TLS or plain), EHLO,
/// STARTTLS when configured, AUTH, MAIL/RCPT/DATA, QUIT. Certificate verification is always on.
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger

    public init(configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger = Logger(label: "firstkey.delivery.smtp")) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    /// Delivers `message` (a complete RFC 5322 message, CRLF line ends) from `sender` to `recipients`.
    public func send(_ message: [UInt8], from sender: String, to recipients: [String]) async throws(DeliveryError) -> SMTPDeliveryResult {
        let configuration = configuration
        let tlsContext: NIOSSLContext? = configuration.security == .none ? nil : try Self.makeTLSContext(configuration.tls)
        let serverHostname = configuration.tls.serverName ?? (Self.isIPAddress(configuration.host) ? nil : configuration.host)
        let session = SMTPClientStateMachine.Session(
            heloName: configuration.heloName, security: configuration.security, credentials: configuration.credentials,
            sender: sender, recipients: recipients, data: SMTPCommand.dataTransfer(message))
        let timeouts = SMTPChannelHandler.Timeouts(
            command: .nanoseconds(configuration.commandTimeout.nanosecondsClamped), dataAcceptance: .nanoseconds(configuration.dataTimeout.nanosecondsClamped))
        let promise = eventLoopGroup.next().makePromise(of: SMTPDeliveryResult.self)

        let bootstrap = ClientBootstrap(group: promise.futureResult.eventLoop)
            .connectTimeout(.nanoseconds(configuration.connectTimeout.nanosecondsClamped))
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if configuration.security == .implicitTLS, let tlsContext {
                        try sync.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname))
                    }
                    try sync.addHandler(SMTPChannelHandler(
                        machine: SMTPClientStateMachine(session: session), promise: promise,
                        startTLSContext: configuration.security == .startTLS ? tlsContext : nil, serverHostname: serverHostname, timeouts: timeouts))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch {
            promise.fail(error)
            throw DeliveryError(.unreachable, provider: .smtp, detail: "could not connect to \(configuration.host):\(configuration.port)", underlying: String(reflecting: error))
        }
        do {
            let result = try await promise.futureResult.get()
            // QUIT was sent and the handler closes on its reply; a server slow to answer it does
            // not hold the message's sender up for long.
            let deadline = channel.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
            try? await channel.closeFuture.get()
            deadline.cancel()
            logger.debug("SMTP server accepted the message", metadata: ["smtp.reply": "\(result.reply.codeText)"])
            return result
        } catch {
            channel.close(promise: nil)
            throw SMTPChannelHandler.classify(error)
        }
    }

    static func makeTLSContext(_ tls: SMTPTLSConfiguration) throws(DeliveryError) -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        if let caFile = tls.caFile {
            do {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            } catch {
                throw DeliveryError(.invalidConfiguration, provider: .smtp, detail: "the CA file '\(caFile)' could not be read as PEM certificates")
            }
        }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw DeliveryError(.invalidConfiguration, provider: .smtp, detail: "TLS could not be configured", underlying: String(reflecting: error))
        }
    }

    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }
}
