import FirstkeySimulator
import Foundation
import JWTKit
@testable import Microsoft
import Testing

@Suite(.serialized) struct EntraTokenIntegrationTests {
    /// Reads a token's claims without verifying (the simulator signed it; we only inspect).
    func claims(_ token: EntraAccessToken) throws -> EntraTokenPayload {
        let part = try require_(Base64URL.decode(token.value.split(separator: ".")[1]))
        return try JSONDecoder().decode(EntraTokenPayload.self, from: Data(part))
    }

    @Test(arguments: [SimulatorEnvironment.Scheme.http, .https])
    func clientSecret(_ scheme: SimulatorEnvironment.Scheme) async throws {
        try await SimulatorEnvironment.with(scheme) { environment in
            let token = try await environment.tokenClient().accessToken()
            let payload = try claims(token)
            #expect(payload.appid == environment.application.clientID)
            #expect(Set(payload.roles ?? []) == Set(SimulatorEnvironment.graphRoles))
            #expect(token.expiresAt > Date().addingTimeInterval(3000))
        }
    }

    @Test(arguments: [EntraClientCertificate.AssertionAlgorithm.ps256, .rs256])
    func certificate(_ algorithm: EntraClientCertificate.AssertionAlgorithm) async throws {
        try await SimulatorEnvironment.with(.https) { environment in
            let certificate = try EntraClientCertificate(certificatePEM: TestKeys.certificateA, privateKeyPEM: TestKeys.privateKeyA, assertionAlgorithm: algorithm)
            let client = try environment.tokenClient(credential: .certificate(certificate))
            let first = try await client.accessToken()
            #expect(try claims(first).appid == environment.application.clientID)
            // A second assertion gets a new jti: the simulator refuses replays.
            _ = try await client.accessToken(for: "api://firstkey/.default")
        }
    }

    @Test func unregisteredCertificateIsExplained() async throws {
        try await SimulatorEnvironment.with { environment in
            let other = try EntraClientCertificate(certificatePEM: TestKeys.certificateB, privateKeyPEM: TestKeys.privateKeyB)
            let error = await #expect(throws: EntraError.self) { try await environment.tokenClient(credential: .certificate(other)).accessToken() }
            #expect(error?.code == .invalidClient)
            #expect(error?.aadstsCodes == [700027])
            #expect(error?.description.contains("Upload this certificate") == true)
        }
    }

    @Test func wrongSecretUnknownAppAndBadScope() async throws {
        try await SimulatorEnvironment.with { environment in
            let wrongSecret = try environment.tokenClient(credential: .secret(try EntraClientSecret("not~the~secret")))
            let badSecret = await #expect(throws: EntraError.self) { try await wrongSecret.accessToken() }
            #expect(badSecret?.code == .invalidClient)
            #expect(badSecret?.aadstsCodes == [7000215])
            #expect(badSecret?.traceID != nil)
            #expect(badSecret?.correlationID != nil)
            #expect(badSecret?.description.contains("not~the~secret") == false)
            #expect(badSecret?.description.contains(environment.secret) == false)

            let unknown = try environment.tokenClient(clientID: "99999999-9999-9999-9999-999999999999")
            let unknownApp = await #expect(throws: EntraError.self) { try await unknown.accessToken() }
            #expect(unknownApp?.code == .unauthorizedClient)
            #expect(unknownApp?.aadstsCodes == [700016])

            let scope = await #expect(throws: EntraError.self) {
                try await environment.tokenClient().accessToken(for: "https://graph.microsoft.com/User.Read")
            }
            #expect(scope?.code == .invalidScope)
            #expect(scope?.description.contains(".default") == true)
        }
    }

    @Test func cachedSharedAndRefreshedBeforeExpiry() async throws {
        try await SimulatorEnvironment.with { environment in
            let clock = ManualClock(Date())
            let client = try environment.tokenClient(now: clock.function)
            let tokens = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<10 { group.addTask { try await client.accessToken().value } }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(tokens.count == 1, "concurrent callers share one token")
            let first = try require_(tokens.first)
            #expect(try await client.accessToken().value == first)
            clock.advance(by: 3599 - 299)
            let refreshed = try await client.accessToken().value
            #expect(refreshed != first, "refreshed five minutes before expiry")
            #expect(try await client.accessToken().value == refreshed)
        }
    }

    @Test func tokenEndpointOutageIsRetried() async throws {
        try await SimulatorEnvironment.with { environment in
            environment.simulator.setFaults(FaultPlan([.serverError("/\(environment.simulator.tenantID)/oauth2", status: 503, times: 2, retryAfter: 0.05)]))
            let clock = ContinuousClock()
            let started = clock.now
            _ = try await environment.tokenClient().accessToken()
            #expect(clock.now - started >= .milliseconds(100), "two 503s with Retry-After 0.05 were waited out")
        }
    }

    @Test func untrustedCertificateIsRefused() async throws {
        try await SimulatorEnvironment.with(.https) { environment in
            var configuration = try environment.configuration()
            configuration.additionalTrustedCertificateAuthorityPEM = nil
            let untrusting = try AsyncHTTPClientTransport(configuration: configuration)
            let client = EntraTokenClient(configuration: configuration, transport: untrusting, retryPolicy: .never, logger: quietLogger)
            let error = await #expect(throws: EntraError.self) { try await client.accessToken() }
            #expect(error?.code == .unreachable)
            #expect(error?.transportError?.code == .tlsFailed)
            try await untrusting.shutdown()
        }
    }
}
