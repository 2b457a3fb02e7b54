import FirstkeySimulator
import Foundation
import Logging
@testable import Microsoft

/// A running simulator with Firstkey's app registered, and Microsoft clients pointed at it over
/// plain HTTP or HTTPS (trusting the simulator's test CA, verification on).
struct SimulatorEnvironment {
    static let graphRoles = ["User.Read.All", "UserAuthenticationMethod.ReadWrite.All", "Mail.Send"]

    let simulator: FirstkeySimulator
    let application: SimulatedApplication
    let secret: String
    let baseURL: String
    let transport: AsyncHTTPClientTransport

    enum Scheme { case http, https }

    /// Starts a simulator, runs `body`, and always shuts everything down.
    static func with<T>(
        _ scheme: Scheme = .http,
        roles: [String] = graphRoles,
        configure: (inout SimulatedApplication) -> Void = { _ in },
        _ body: (SimulatorEnvironment) async throws -> T
    ) async throws -> T {
        let simulator = try await FirstkeySimulator.start(SimulatorConfiguration(httpsPort: scheme == .https ? 0 : nil), logger: quietLogger)
        do {
            let secret = "sim~" + UUID().uuidString
            var application = SimulatedApplication(
                secrets: [secret], certificates: [try SimulatedCertificate(pem: TestKeys.certificateA)], grantedRoles: roles,
                redirectURIs: ["https://firstkey.example.com/portal/callback"], optionalClaims: ["auth_time"], identifierURIs: ["api://firstkey"])
            configure(&application)
            simulator.registerApplication(application)
            let baseURL = scheme == .https ? try require_(simulator.httpsURL) : simulator.httpURL
            let probe = try EntraConfiguration(
                tenantID: simulator.tenantID, clientID: application.clientID, credential: .secret(try EntraClientSecret(secret)),
                authorityHost: URL(string: baseURL)!, graphBaseURL: URL(string: baseURL + "/v1.0")!,
                additionalTrustedCertificateAuthorityPEM: simulator.certificateAuthorityPEM)
            let transport = try AsyncHTTPClientTransport(configuration: probe)
            let environment = SimulatorEnvironment(simulator: simulator, application: application, secret: secret, baseURL: baseURL, transport: transport)
            do {
                let result = try await body(environment)
                try await transport.shutdown()
                try await simulator.shutdown()
                return result
            } catch {
                try? await transport.shutdown()
                throw error
            }
        } catch {
            try? await simulator.shutdown()
            throw error
        }
    }

    func configuration(credential: EntraClientCredential? = nil, clientID: String? = nil, tenantID: String? = nil) throws -> EntraConfiguration {
        try EntraConfiguration(
            tenantID: tenantID ?? simulator.tenantID, clientID: clientID ?? application.clientID,
            credential: credential ?? .secret(try EntraClientSecret(secret)),
            authorityHost: URL(string: baseURL)!, graphBaseURL: URL(string: baseURL + "/v1.0")!,
            additionalTrustedCertificateAuthorityPEM: simulator.certificateAuthorityPEM)
    }

    func tokenClient(
        credential: EntraClientCredential? = nil, clientID: String? = nil, retryPolicy: RetryPolicy = Fixtures.fastRetries,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws -> EntraTokenClient {
        EntraTokenClient(configuration: try configuration(credential: credential, clientID: clientID), transport: transport, retryPolicy: retryPolicy, logger: quietLogger, now: now)
    }

    func graphClient(retryPolicy: RetryPolicy = Fixtures.fastRetries) throws -> GraphClient {
        let configuration = try configuration()
        return GraphClient(
            configuration: configuration, tokens: EntraTokenClient(configuration: configuration, transport: transport, logger: quietLogger),
            transport: transport, retryPolicy: retryPolicy, logger: quietLogger)
    }

    func signingKeys(now: @escaping @Sendable () -> Date = { Date() }) throws -> EntraSigningKeys {
        EntraSigningKeys(configuration: try configuration(), transport: transport, logger: quietLogger, now: now)
    }
}
