import FirstkeySimulator
import Foundation
import HTTPTypes
import Logging

/// A started simulator with one confidential app and a few users, torn down after the test.
struct SimulatorFixture: Sendable {
    static let clientID = "6f1f4a1e-0c7b-4d5e-9a51-2f3b8c7d9e01"
    static let clientSecret = "fk~sim.secret-value-0123456789"
    static let redirectURI = "http://localhost:8400/auth/callback"

    let simulator: FirstkeySimulator
    let client: SimulatorHTTPClient

    var tenant: String { simulator.tenantID }
    var tokenPath: String { "/\(tenant)/oauth2/v2.0/token" }

    static let kathy = SimulatedUser(
        id: "a97733ce-92a4-4e7e-8d45-8e1f3e6a69d8", userPrincipalName: "kjensen@contoso.com", displayName: "Kathy Jensen", givenName: "Kathy",
        surname: "Jensen", accountEnabled: false, mail: nil, otherMails: ["kathy@example.org"], mobilePhone: "+1 5555551234",
        businessPhones: ["+1 4255550100"], employeeId: "701985", employeeHireDate: GraphTestDates.date("2030-03-01T00:00:00Z"), employeeType: "Employee",
        companyName: "Contoso", onPremisesSecurityIdentifier: "S-1-5-21-1004336348-1177238915-682003330-5120",
        onPremisesImmutableId: "8hYe8zR0qkS3Q0ZbN3sQ1A==", onPremisesSamAccountName: "kjensen",
        onPremisesDistinguishedName: "CN=Kathy Jensen,OU=Staff,DC=contoso,DC=com", onPremisesSyncEnabled: true, onPremisesDomainName: "contoso.com",
        onPremisesUserPrincipalName: "kjensen@contoso.com", managerID: "0f6e7d8c-1111-4222-8333-944455556666"
    )
    static let manager = SimulatedUser(
        id: "0f6e7d8c-1111-4222-8333-944455556666", userPrincipalName: "mlee@contoso.com", displayName: "Morgan Lee", mail: "mlee@contoso.com",
        employeeId: "100001", onPremisesSamAccountName: "mlee", onPremisesSyncEnabled: true
    )

    static func start(roles: [String] = ["User.Read.All", "UserAuthenticationMethod.ReadWrite.All", "Mail.Send", "Policy.Read.All"],
                      https: Bool = false, optionalClaims: [String] = ["auth_time", "onprem_sid", "acrs"],
                      certificates: [SimulatedCertificate] = []) async throws -> SimulatorFixture
    {
        var logger = Logger(label: "firstkey-sim-test")
        logger.logLevel = .warning
        let simulator = try await FirstkeySimulator.start(SimulatorConfiguration(httpsPort: https ? 0 : nil), logger: logger)
        simulator.registerApplication(SimulatedApplication(clientID: clientID, displayName: "Firstkey test", secrets: [clientSecret], certificates: certificates,
                                                           grantedRoles: roles, redirectURIs: [redirectURI], optionalClaims: optionalClaims))
        simulator.addUser(kathy)
        simulator.addUser(manager)
        return SimulatorFixture(simulator: simulator, client: SimulatorHTTPClient(url: simulator.httpURL))
    }

    /// Runs `body` with a fresh simulator and always shuts it down.
    static func with<T: Sendable>(roles: [String] = ["User.Read.All", "UserAuthenticationMethod.ReadWrite.All", "Mail.Send", "Policy.Read.All"],
                                  https: Bool = false, optionalClaims: [String] = ["auth_time", "onprem_sid", "acrs"],
                                  certificates: [SimulatedCertificate] = [],
                                  _ body: (SimulatorFixture) async throws -> T) async throws -> T
    {
        let fixture = try await start(roles: roles, https: https, optionalClaims: optionalClaims, certificates: certificates)
        do {
            let result = try await body(fixture)
            try await fixture.simulator.shutdown()
            return result
        } catch {
            try? await fixture.simulator.shutdown()
            throw error
        }
    }

    /// A client-credentials token for the fixture's app (secret).
    func graphToken() async throws -> String {
        let result = try await client.postForm(tokenPath, [
            ("grant_type", "client_credentials"), ("client_id", Self.clientID), ("client_secret", Self.clientSecret),
            ("scope", "https://graph.microsoft.com/.default"),
        ])
        guard result.status == .ok, let token = result.json?["access_token"]?.stringValue else {
            throw FixtureError("token request failed: \(result.status) \(result.body)")
        }
        return token
    }

    func graph(_ method: HTTPRequest.Method, _ path: String, token: String, headers: HTTPFields = [:], json: JSONValue? = nil) async throws -> HTTPResult {
        var headers = headers
        headers[.authorization] = "Bearer \(token)"
        if json != nil { headers[.contentType] = "application/json" }
        return try await client.send(method, path, headers: headers, body: json?.serialized)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum GraphTestDates {
    static func date(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text)!
    }
}

/// Claims of a JWT, without verification (tests verify separately where it matters).
func jwtClaims(_ token: String) -> JSONValue? {
    jwtPart(token, 1)
}

func jwtHeader(_ token: String) -> JSONValue? {
    jwtPart(token, 0)
}

private func jwtPart(_ token: String, _ index: Int) -> JSONValue? {
    let parts = token.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3 else { return nil }
    var base64 = String(parts[index]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while base64.count % 4 != 0 { base64 += "=" }
    guard let data = Data(base64Encoded: base64) else { return nil }
    return JSONValue(parsing: Array(data))
}
