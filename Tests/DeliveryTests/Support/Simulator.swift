import FirstkeySimulator
import Foundation
import Microsoft
@testable import Delivery

/// A running firstkey-sim for a test, and a Delivery HTTP transport that trusts its CA.
enum Simulator {
    static func with<T>(https: Bool = false, _ body: (FirstkeySimulator, AsyncHTTPClientDeliveryTransport) async throws -> T) async throws -> T {
        let simulator = try await FirstkeySimulator.start(SimulatorConfiguration(httpsPort: https ? 0 : nil), logger: quietLogger)
        let transport: AsyncHTTPClientDeliveryTransport
        do {
            transport = try AsyncHTTPClientDeliveryTransport(additionalTrustedCertificatesPEM: simulator.certificateAuthorityPEM, connectTimeout: .seconds(2))
        } catch {
            try? await simulator.shutdown()
            throw error
        }
        do {
            let result = try await body(simulator, transport)
            try await transport.shutdown()
            try await simulator.shutdown()
            return result
        } catch {
            try? await transport.shutdown()
            try? await simulator.shutdown()
            throw error
        }
    }

    /// A Graph client for an app with Mail.Send (secret credential) and the mailbox `noreply@contoso.com`.
    static func graph(_ simulator: FirstkeySimulator, mailboxScope: Set<String>? = nil) async throws -> (GraphClient, AsyncHTTPClientTransport) {
        let secret = "sim~" + UUID().uuidString
        var application = SimulatedApplication(secrets: [secret], grantedRoles: ["Mail.Send", "User.Read.All"])
        application.mailboxScope = mailboxScope
        simulator.registerApplication(application)
        simulator.addUser(SimulatedUser(userPrincipalName: "noreply@contoso.com", mail: "noreply@contoso.com"))
        let configuration = try EntraConfiguration(
            tenantID: simulator.tenantID, clientID: application.clientID, credential: .secret(try EntraClientSecret(secret)),
            authorityHost: URL(string: simulator.httpURL)!, graphBaseURL: URL(string: simulator.httpURL + "/v1.0")!)
        let transport = try AsyncHTTPClientTransport(configuration: configuration)
        let graph = GraphClient(
            configuration: configuration, tokens: EntraTokenClient(configuration: configuration, transport: transport, logger: quietLogger),
            transport: transport, retryPolicy: .never, logger: quietLogger)
        return (graph, transport)
    }
}

/// A Delivery transport that is shut down however `body` ends (async-http-client asserts on a
/// client dropped without shutdown).
func withDeliveryTransport<T>(connectTimeout: Duration = .seconds(1), _ body: (AsyncHTTPClientDeliveryTransport) async throws -> T) async throws -> T {
    let transport = try AsyncHTTPClientDeliveryTransport(connectTimeout: connectTimeout)
    do {
        let result = try await body(transport)
        try await transport.shutdown()
        return result
    } catch {
        try? await transport.shutdown()
        throw error
    }
}

extension Simulator {
    /// `graph(_:mailboxScope:)` with its transport shut down however `body` ends.
    static func withGraph<T>(_ simulator: FirstkeySimulator, mailboxScope: Set<String>? = nil, _ body: (GraphClient) async throws -> T) async throws -> T {
        let (graph, transport) = try await self.graph(simulator, mailboxScope: mailboxScope)
        do {
            let result = try await body(graph)
            try await transport.shutdown()
            return result
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }
}
