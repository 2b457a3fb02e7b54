import Foundation
@testable import Microsoft
import NIOHTTP1
import Synchronization
import Testing

@Suite struct EntraTokenClientTests {
    @Test func tokensAreCachedPerScope() async throws {
        let transport = ScriptedTransport { request, index in Fixtures.tokenResponse("token-\(index)") }
        let client = EntraTokenClient(configuration: try Fixtures.configuration(), transport: transport, logger: quietLogger)
        let first = try await client.accessToken()
        let second = try await client.accessToken()
        #expect(first == second)
        #expect(transport.requests.count == 1)
        _ = try await client.accessToken(for: "api://other/.default")
        #expect(transport.requests.count == 2)
        #expect(transport.requests[1].formFields["scope"] == "api://other/.default")
        #expect(transport.requests[0].headers.first(name: "client-request-id") != nil)
    }

    @Test func concurrentCallersShareOneRequest() async throws {
        let transport = ScriptedTransport { _, index in
            try await Task.sleep(for: .milliseconds(100))
            return Fixtures.tokenResponse("token-\(index)")
        }
        let client = EntraTokenClient(configuration: try Fixtures.configuration(), transport: transport, logger: quietLogger)
        let values = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await client.accessToken().value } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(values == ["token-0"])
        #expect(transport.requests.count == 1)
    }

    @Test func refreshesFiveMinutesBeforeExpiry() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport { _, index in Fixtures.tokenResponse("token-\(index)", expiresIn: 3600) }
        let client = EntraTokenClient(configuration: try Fixtures.configuration(), transport: transport, logger: quietLogger, now: clock.function)
        #expect(try await client.accessToken().value == "token-0")
        clock.advance(by: 3299)
        #expect(try await client.accessToken().value == "token-0")
        clock.advance(by: 1)
        #expect(try await client.accessToken().value == "token-1")
        #expect(transport.requests.count == 2)
    }

    @Test func failedRefreshFallsBackToTheStillValidToken() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport { _, index in
            index == 0 ? Fixtures.tokenResponse("token-0", expiresIn: 3600) : .json(.badRequest, #"{"error":"invalid_client","error_codes":[7000222]}"#)
        }
        let client = EntraTokenClient(configuration: try Fixtures.configuration(), transport: transport, retryPolicy: .never, logger: quietLogger, now: clock.function)
        _ = try await client.accessToken()
        clock.advance(by: 3400)
        #expect(try await client.accessToken().value == "token-0")
        clock.advance(by: 200)
        let error = await #expect(throws: EntraError.self) { try await client.accessToken() }
        #expect(error?.code == .invalidClient)
        #expect(error?.aadstsCodes == [7000222])
    }

    @Test func errorsReachEveryWaiter() async throws {
        let transport = ScriptedTransport { _, _ in
            try await Task.sleep(for: .milliseconds(50))
            return .json(.badRequest, #"{"error":"invalid_scope","error_codes":[70011]}"#)
        }
        let client = EntraTokenClient(configuration: try Fixtures.configuration(), transport: transport, retryPolicy: .never, logger: quietLogger)
        let failures = await withTaskGroup(of: EntraError.Code?.self) { group in
            for _ in 0..<5 {
                group.addTask {
                    do { _ = try await client.accessToken(); return nil } catch let error as EntraError { return error.code } catch { return nil }
                }
            }
            return await group.reduce(into: [EntraError.Code?]()) { $0.append($1) }
        }
        #expect(failures == Array(repeating: .invalidScope, count: 5))
        #expect(transport.requests.count == 1)
    }

    @Test func serverErrorsAreRetried() async throws {
        let transport = ScriptedTransport { _, index in
            index < 2 ? .json(.serviceUnavailable, #"{"error":"temporarily_unavailable"}"#, headers: [("Retry-After", "0.01")]) : Fixtures.tokenResponse()
        }
        let client = EntraTokenClient(configuration: try Fixtures.configuration(), transport: transport, retryPolicy: Fixtures.fastRetries, logger: quietLogger)
        _ = try await client.accessToken()
        #expect(transport.requests.count == 3)
        let ids = Set(transport.requests.compactMap { $0.headers.first(name: "client-request-id") })
        #expect(ids.count == 1, "one logical request keeps its client-request-id across attempts")
    }

    @Test func unreachableEndpoint() async throws {
        let transport = ScriptedTransport { request, _ in
            throw MicrosoftTransportError(.connectFailed, target: request.url.host ?? "", sentRequest: false, underlying: "refused")
        }
        let client = EntraTokenClient(configuration: try Fixtures.configuration(), transport: transport, retryPolicy: Fixtures.fastRetries, logger: quietLogger)
        let error = await #expect(throws: EntraError.self) { try await client.accessToken() }
        #expect(error?.code == .unreachable)
        #expect(error?.description.contains("login.microsoftonline.com") == true)
        #expect(transport.requests.count == 4)
    }

    @Test func certificateCredentialSendsAnAssertion() async throws {
        let certificate = try EntraClientCertificate(certificatePEM: TestKeys.certificateA, privateKeyPEM: TestKeys.privateKeyA)
        let transport = ScriptedTransport { _, _ in Fixtures.tokenResponse() }
        let client = EntraTokenClient(configuration: try Fixtures.configuration(credential: .certificate(certificate)), transport: transport, logger: quietLogger)
        _ = try await client.accessToken()
        let fields = transport.requests[0].formFields
        #expect(fields["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        #expect(fields["client_assertion"]?.split(separator: ".").count == 3)
        #expect(fields["client_secret"] == nil)
    }

    @Test func tokenIsNeverPrinted() async throws {
        let transport = ScriptedTransport { _, _ in Fixtures.tokenResponse("eyJ-very-secret") }
        let client = EntraTokenClient(configuration: try Fixtures.configuration(), transport: transport, logger: quietLogger)
        let token = try await client.accessToken()
        for text in [String(describing: token), String(reflecting: token), dumped(token)] {
            #expect(!text.contains("eyJ-very-secret"))
        }
    }

    @Test func authorizationCodeRedemptionReturnsTheIDToken() async throws {
        let transport = ScriptedTransport { _, _ in
            .json(.ok, #"{"token_type":"Bearer","expires_in":3599,"scope":"openid profile","access_token":"at","id_token":"id.token.value"}"#)
        }
        let client = EntraTokenClient(configuration: try Fixtures.configuration(), transport: transport, logger: quietLogger)
        let tokens = try await client.redeemAuthorizationCode("code", redirectURI: URL(string: "https://x.example/cb")!, codeVerifier: PKCECodeVerifier())
        #expect(tokens.idToken == "id.token.value")
        #expect(!"\(tokens)".contains("id.token.value"))
        #expect(transport.requests[0].formFields["grant_type"] == "authorization_code")
    }
}
