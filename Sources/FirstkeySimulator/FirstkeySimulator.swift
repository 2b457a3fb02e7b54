// FirstkeySimulator: a local stand-in for Entra ID (token, authorize, discovery, JWKS) and
// Microsoft Graph (users, authentication methods, TAP, sendMail, Lifecycle Workflows resume),
// Azure Communication Services SMS (with Event Grid delivery reports) and Twilio SMS (with
// status callbacks), built to ../shared/reference/microsoft-apis.md, for tests and the demo. One
// listener serves the login.microsoftonline.com, graph.microsoft.com, ACS and Twilio paths.
import Foundation
import Hummingbird
import HummingbirdTLS
public import Logging
public import NIOSSL
import NIOCore
import Synchronization

/// A running simulator. Start it, point clients at `httpURL`/`httpsURL` as both authority host
/// and Graph base, seed and inspect its tenant through the methods below (or `/_sim` over HTTP),
/// and shut it down.
public final class FirstkeySimulator: Sendable {
    let core: SimulatorCore
    public let httpURL: String
    public let httpsURL: String?
    /// The test CA (PEM) that signed the HTTPS certificate (SAN IP 127.0.0.1, DNS localhost).
    public let certificateAuthorityPEM: String
    private let listeners: Mutex<[Listener]>
    /// Works the SMS providers' reports (Event Grid, Twilio callbacks) until shutdown.
    private let smsDelivery: Task<Void, Never>

    public var tenantID: String { core.configuration.tenantID }
    public var configuration: SimulatorConfiguration { core.configuration }

    private init(core: SimulatorCore, httpURL: String, httpsURL: String?, certificateAuthorityPEM: String, listeners: [Listener],
                 smsDelivery: Task<Void, Never>)
    {
        self.core = core
        self.httpURL = httpURL
        self.httpsURL = httpsURL
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.listeners = Mutex(listeners)
        self.smsDelivery = smsDelivery
    }

    /// Generates the signing key and the test PKI, then starts the listeners.
    public static func start(_ configuration: SimulatorConfiguration = .init(),
                             logger: Logger = Logger(label: "firstkey-sim")) async throws -> FirstkeySimulator
    {
        let core = SimulatorCore(configuration: configuration, logger: logger, signingKey: try SigningKey.generate(now: Date()))
        let pki = try TestPublicKeyInfrastructure.generate(hosts: [configuration.host, "127.0.0.1", "localhost"], now: Date())
        var listeners: [Listener] = []
        let smsDelivery = Task { await core.smsDispatcher.run(core: core) }
        do {
            let http = try await Listener.start(core: core, scheme: "http", port: configuration.httpPort, tlsConfiguration: nil)
            listeners.append(http)
            var httpsURL: String?
            if let httpsPort = configuration.httpsPort {
                let https = try await Listener.start(core: core, scheme: "https", port: httpsPort, tlsConfiguration: try pki.serverTLSConfiguration())
                listeners.append(https)
                httpsURL = "https://\(Listener.urlHost(configuration.host)):\(https.port)"
            }
            let simulator = FirstkeySimulator(core: core, httpURL: "http://\(Listener.urlHost(configuration.host)):\(http.port)", httpsURL: httpsURL,
                                              certificateAuthorityPEM: pki.certificateAuthorityPEM, listeners: listeners, smsDelivery: smsDelivery)
            logger.info("simulator listening", metadata: ["http": "\(simulator.httpURL)", "https": "\(httpsURL ?? "-")", "tenant": "\(configuration.tenantID)"])
            return simulator
        } catch {
            for listener in listeners { await listener.shutdown() }
            smsDelivery.cancel()
            await smsDelivery.value
            throw error
        }
    }

    /// Stops the listeners gracefully (requests in flight finish) and waits for them.
    public func shutdown() async throws {
        let running = listeners.withLock { listeners in
            defer { listeners = [] }
            return listeners
        }
        for listener in running { await listener.shutdown() }
        smsDelivery.cancel()
        await smsDelivery.value
    }

    /// A client TLS configuration that trusts only the simulator's test CA.
    public func clientTLSConfiguration() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(certificateAuthorityPEM.utf8)))
        return configuration
    }
}
