import FirstkeySimulator
import Foundation
import HTTPTypes
import Testing

/// Fault injection by path prefix: throttling with Retry-After, 5xx, latency, dropped connections, windows.
@Suite("Faults")
struct FaultTests {
    @Test("n× 429 with a decimal Retry-After in Graph's throttling shape, then normal answers")
    func throttle() async throws {
        try await SimulatorFixture.with { fixture in
            let token = try await fixture.graphToken()
            fixture.simulator.setFaults(FaultPlan([.throttle("/v1.0/users", times: 2, retryAfter: 2.128)]))
            for _ in 0..<2 {
                let result = try await fixture.graph(.get, "/v1.0/users/kjensen@contoso.com", token: token)
                #expect(result.status == .tooManyRequests)
                #expect(result.header("Retry-After") == "2.128")
                #expect(result.json?["error"]?["code"] == "TooManyRequests")
                #expect(result.json?["error"]?["innerError"]?["status"] == "429")
                #expect(result.header("request-id") != nil)
            }
            #expect(try await fixture.graph(.get, "/v1.0/users/kjensen@contoso.com", token: token).status == .ok)
            #expect(fixture.simulator.faults().rules.isEmpty)
        }
    }

    @Test("5xx on the token endpoint uses the STS error shape; other paths are untouched")
    func serverErrors() async throws {
        try await SimulatorFixture.with { fixture in
            fixture.simulator.setFaults(FaultPlan([.serverError("/\(fixture.tenant)/oauth2", status: 503, times: 1, retryAfter: 10)]))
            let jwks = try await fixture.client.get("/\(fixture.tenant)/discovery/v2.0/keys")
            #expect(jwks.status == .ok)
            let result = try await fixture.client.postForm(fixture.tokenPath, [
                ("grant_type", "client_credentials"), ("client_id", SimulatorFixture.clientID), ("client_secret", SimulatorFixture.clientSecret),
                ("scope", "https://graph.microsoft.com/.default"),
            ])
            #expect(result.status == .serviceUnavailable)
            #expect(result.header("Retry-After") == "10")
            #expect(result.json?["error"] == "temporarily_unavailable")
            #expect(try await fixture.graphToken().isEmpty == false)
        }
    }

    @Test("latency delays the answer; a method filter restricts a rule; a window ends a rule")
    func latencyAndWindow() async throws {
        try await SimulatorFixture.with { fixture in
            let token = try await fixture.graphToken()
            fixture.simulator.setFaults(FaultPlan([
                .latency("/v1.0/users", seconds: 0.4, times: 1),
                FaultRule(pathPrefix: "/v1.0/users", method: "POST", fault: .serverError(status: 500, retryAfter: nil)),
            ]))
            let clock = ContinuousClock()
            let start = clock.now
            let slow = try await fixture.graph(.get, "/v1.0/users/kjensen@contoso.com", token: token)
            #expect(slow.status == .ok)
            #expect(clock.now - start >= .milliseconds(400))
            let post = try await fixture.graph(.post, "/v1.0/users/mlee@contoso.com/sendMail", token: token, json: SendMailTests.message)
            #expect(post.status == .internalServerError)

            fixture.simulator.setFaults(FaultPlan([FaultRule(pathPrefix: "/v1.0/", fault: .throttle(retryAfter: 1), duration: 60)]))
            #expect(try await fixture.graph(.get, "/v1.0/users/kjensen@contoso.com", token: token).status == .tooManyRequests)
            #expect(try await fixture.graph(.get, "/v1.0/users/kjensen@contoso.com", token: token).status == .tooManyRequests)
            fixture.simulator.advanceClock(by: 61)
            #expect(try await fixture.graph(.get, "/v1.0/users/kjensen@contoso.com", token: token).status == .ok)
        }
    }

    @Test("a dropped connection closes without any response")
    func dropConnection() async throws {
        try await SimulatorFixture.with { fixture in
            let token = try await fixture.graphToken()
            fixture.simulator.setFaults(FaultPlan([.dropConnection("/v1.0/users", times: 1)]))
            await #expect(throws: (any Error).self) {
                _ = try await fixture.graph(.get, "/v1.0/users/kjensen@contoso.com", token: token)
            }
            #expect(try await fixture.graph(.get, "/v1.0/users/kjensen@contoso.com", token: token).status == .ok)
        }
    }
}
