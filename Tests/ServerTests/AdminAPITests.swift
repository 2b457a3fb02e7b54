import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Onboarding
import OnboardingEngine
import Store
import Testing
import TestSupport
@testable import Microsoft
@testable import Server

struct NoRunner: StepRunner {
    func run(_ kind: StepKind, for onboarding: OnboardingCase) async -> StepResult { StepResult(.retry(reason: "not in this test")) }
}

/// The admin API through real HTTP requests against the router, backed by a real SQLite store.
@Suite struct AdminAPITests {
    struct Fixture: Sendable {
        let store: SQLiteCaseStore
        let writeToken: String
        let readToken: String
    }

    static func withAPI(_ body: @escaping @Sendable (Fixture, any TestClientProtocol) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-api-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(), runner: NoRunner())
        let write = try await APITokens.issue(name: "hr-integration", scopes: [.write], store: store)
        let read = try await APITokens.issue(name: "dashboard", scopes: [.read], store: store)
        TestSecrets.record(write.token)
        TestSecrets.record(read.token)
        let app = Application(router: AdminAPI.router(engine: engine, store: store))
        let fixture = Fixture(store: store, writeToken: write.token, readToken: read.token)
        do {
            try await app.test(.router) { client in try await body(fixture, client) }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    static func headers(_ token: String?) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let token { fields[.authorization] = "Bearer \(token)" }
        return fields
    }

    static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }

    static let hire = #"{"employeeId":"E1001","userPrincipalName":"alice@corp.example","hireDate":"2026-12-01","deliveryMode":"temporary-password","mobile":"+15550100001"}"#

    @Test func healthProbesNeedNoToken() async throws {
        try await Self.withAPI { _, client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
        }
    }

    /// Found by scripts/api-fuzz: a documented path asked with another method was a bare 404.
    @Test func aDocumentedPathAskedWithAnotherMethodAnswers405WithAllow() async throws {
        try await Self.withAPI { fixture, client in
            try await client.execute(uri: "/healthz", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow]?.contains("GET") == true)
                #expect((Self.json(response.body)["error"] as? [String: Any])?["code"] as? String == "method-not-allowed")
            }
            try await client.execute(uri: "/api/v1/onboardings/case_x/cancel", method: .get, headers: Self.headers(fixture.writeToken)) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
            }
            try await client.execute(uri: "/api/v1/no-such-path", method: .get, headers: Self.headers(fixture.readToken)) { #expect($0.status == .notFound) }
        }
    }

    @Test func everyAPIRouteNeedsAValidTokenWithTheRightScope() async throws {
        try await Self.withAPI { fixture, client in
            try await client.execute(uri: "/api/v1/onboardings", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"firstkey\"")
                #expect((Self.json(response.body)["error"] as? [String: Any])?["code"] as? String == "unauthorized")
            }
            try await client.execute(uri: "/api/v1/onboardings", method: .get, headers: Self.headers("fk_not-a-real-token")) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/onboardings", method: .post, headers: Self.headers(fixture.readToken), body: ByteBuffer(string: Self.hire)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/onboardings", method: .get, headers: Self.headers(fixture.readToken)) { #expect($0.status == .ok) }
            // A write token may read too.
            try await client.execute(uri: "/api/v1/onboardings", method: .get, headers: Self.headers(fixture.writeToken)) { #expect($0.status == .ok) }
            #expect(try await fixture.store.listCases(CaseFilter()).isEmpty)
        }
    }

    @Test func intakeIsIdempotentAndAnswersWithTheCase() async throws {
        try await Self.withAPI { fixture, client in
            var id = ""
            try await client.execute(uri: "/api/v1/onboardings", method: .post, headers: Self.headers(fixture.writeToken), body: ByteBuffer(string: Self.hire)) { response in
                #expect(response.status == .created)
                let body = Self.json(response.body)
                id = body["id"] as? String ?? ""
                #expect(body["state"] as? String == "received")
                #expect(response.headers[.location] == "/api/v1/onboardings/\(id)")
            }
            try await client.execute(uri: "/api/v1/onboardings", method: .post, headers: Self.headers(fixture.writeToken), body: ByteBuffer(string: Self.hire)) { response in
                #expect(response.status == .ok)
                #expect(Self.json(response.body)["id"] as? String == id)
            }
            try await client.execute(uri: "/api/v1/onboardings/\(id)", method: .get, headers: Self.headers(fixture.readToken)) { response in
                #expect(response.status == .ok)
                #expect((Self.json(response.body)["steps"] as? [Any])?.count == 6)
            }
            try await client.execute(uri: "/api/v1/onboardings/\(id)/audit", method: .get, headers: Self.headers(fixture.readToken)) { response in
                let entries = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [[String: Any]]
                #expect(entries?.first?["event"] as? String == "case.received")
                #expect(entries?.first?["actor"] as? String == "api:hr-integration")
            }
            try await client.execute(uri: "/api/v1/onboardings?state=received&limit=10", method: .get, headers: Self.headers(fixture.readToken)) { response in
                #expect((Self.json(response.body)["cases"] as? [Any])?.count == 1)
            }
        }
    }

    @Test func badInputGetsA4xxNamingTheFieldAndWritesNothing() async throws {
        try await Self.withAPI { fixture, client in
            let cases: [(String, HTTPResponse.Status, String?)] = [
                ("{not json", .badRequest, nil),
                ("[1,2]", .badRequest, nil),
                (#"{"employeeId": 42, "hireDate": "2026-12-01"}"#, .badRequest, "employeeId"),
                (#"{"employeeId": "E9"}"#, .unprocessableContent, "hireDate"),
                (#"{"employeeId": "E9", "hireDate": "2026-02-30"}"#, .unprocessableContent, "hireDate"),
                (#"{"hireDate": "2026-12-01"}"#, .unprocessableContent, "identity"),
                (#"{"employeeId": "E9", "hireDate": "2026-12-01", "deliveryMode": "tap"}"#, .unprocessableContent, "mobile"),
                (#"{"employeeId": "E9", "hireDate": "2026-12-01", "deliveryMode": "fax"}"#, .unprocessableContent, "deliveryMode"),
                (#"{"employeeId": "E9", "hireDate": "2026-12-01", "privateEmail": "nope"}"#, .unprocessableContent, "privateEmail"),
            ]
            for (body, status, field) in cases {
                try await client.execute(uri: "/api/v1/onboardings", method: .post, headers: Self.headers(fixture.writeToken), body: ByteBuffer(string: body)) { response in
                    #expect(response.status == status, "\(body)")
                    let error = Self.json(response.body)["error"] as? [String: Any]
                    #expect(error?["message"] as? String != nil)
                    if let field {
                        let fields = (error?["problems"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
                        #expect(fields.contains(field), "\(body) → \(fields)")
                    }
                }
            }
            let huge = String(repeating: "x", count: 100_000)
            try await client.execute(uri: "/api/v1/onboardings", method: .post, headers: Self.headers(fixture.writeToken), body: ByteBuffer(string: #"{"employeeId":"\#(huge)"}"#)) { response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: "/api/v1/onboardings?limit=0", method: .get, headers: Self.headers(fixture.readToken)) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/v1/onboardings?state=happy", method: .get, headers: Self.headers(fixture.readToken)) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/v1/onboardings/case_nope", method: .get, headers: Self.headers(fixture.readToken)) { #expect($0.status == .notFound) }
            #expect(try await fixture.store.listCases(CaseFilter()).isEmpty)
        }
    }

    @Test func cancelNeedsAReasonAndHappensOnce() async throws {
        try await Self.withAPI { fixture, client in
            var id = ""
            try await client.execute(uri: "/api/v1/onboardings", method: .post, headers: Self.headers(fixture.writeToken), body: ByteBuffer(string: Self.hire)) { id = Self.json($0.body)["id"] as? String ?? "" }
            try await client.execute(uri: "/api/v1/onboardings/\(id)/cancel", method: .post, headers: Self.headers(fixture.writeToken), body: ByteBuffer(string: "{}")) { #expect($0.status == .unprocessableContent) }
            try await client.execute(uri: "/api/v1/onboardings/\(id)/cancel", method: .post, headers: Self.headers(fixture.writeToken), body: ByteBuffer(string: #"{"reason":"offer withdrawn"}"#)) { response in
                #expect(response.status == .ok)
                #expect(Self.json(response.body)["state"] as? String == "cancelled")
            }
            try await client.execute(uri: "/api/v1/onboardings/\(id)/cancel", method: .post, headers: Self.headers(fixture.writeToken), body: ByteBuffer(string: #"{"reason":"again"}"#)) { #expect($0.status == .conflict) }
            try await client.execute(uri: "/api/v1/onboardings/\(id)/retry", method: .post, headers: Self.headers(fixture.writeToken)) { #expect($0.status == .conflict) }
        }
    }

    @Test func resendNeedsAPreparedCredentialAndTheWriteScope() async throws {
        try await Self.withAPI { fixture, client in
            var id = ""
            try await client.execute(uri: "/api/v1/onboardings", method: .post, headers: Self.headers(fixture.writeToken), body: ByteBuffer(string: Self.hire)) { id = Self.json($0.body)["id"] as? String ?? "" }
            try await client.execute(uri: "/api/v1/onboardings/\(id)/resend", method: .post, headers: Self.headers(fixture.readToken)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/api/v1/onboardings/\(id)/resend", method: .post, headers: Self.headers(fixture.writeToken)) { response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains("nothing has been prepared to send yet"))
            }
            // walk the case to "credential prepared" as the workers would
            let lifecycle = CaseLifecycle()
            var onboarding = try #require(try await fixture.store.fetchCase(CaseID(rawValue: id)))
            var generator = SystemRandomNumberGenerator()
            for kind in [StepKind.correlate, .check, .prepareCredential] {
                let transition = try lifecycle.record(.succeeded(detail: "ok"), for: kind, of: onboarding, at: Date(), using: &generator)
                try await fixture.store.saveAdministrative(transition, replacing: onboarding, now: Date())
                onboarding = transition.updated
            }
            try await client.execute(uri: "/api/v1/onboardings/\(id)/resend", method: .post, headers: Self.headers(fixture.writeToken)) { response in
                #expect(response.status == .ok)
                #expect(Self.json(response.body)["resends"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/onboardings/\(id)/audit", method: .get, headers: Self.headers(fixture.readToken)) { response in
                #expect(String(buffer: response.body).contains("case.resend"))
            }
            try await client.execute(uri: "/api/v1/onboardings/nope/resend", method: .post, headers: Self.headers(fixture.writeToken)) { #expect($0.status == .notFound) }
        }
    }

    /// The OpenAPI document and the router agree: every documented operation is served (a
    /// missing route would answer 404 without our JSON error), and an undocumented one is not.
    @Test func theOpenAPIDocumentMatchesTheServedRoutes() async throws {
        try await Self.withAPI { fixture, client in
            var document: [String: Any] = [:]
            try await client.execute(uri: "/api/v1/openapi.json", method: .get, headers: Self.headers(fixture.readToken)) { document = Self.json($0.body) }
            let paths = document["paths"] as? [String: [String: Any]] ?? [:]
            let documented = Set(paths.flatMap { path, methods in methods.keys.map { "\($0.uppercased()) \(path)" } })
            let expected = Set(AdminAPI.operations.map { "\($0.method.rawValue) \($0.path)" })
            #expect(documented == expected)
            #expect(document["openapi"] as? String == "3.1.0")
            for operation in AdminAPI.operations {
                let uri = operation.path.replacingOccurrences(of: "{id}", with: "case_unknown")
                try await client.execute(uri: uri, method: operation.method, headers: Self.headers(fixture.writeToken), body: ByteBuffer(string: "{}")) { response in
                    let served = response.status != .notFound || (Self.json(response.body)["error"] as? [String: Any])?["code"] as? String == "not-found"
                    #expect(served && response.status != .methodNotAllowed, "\(operation.method) \(operation.path) → \(response.status)")
                }
            }
            try await client.execute(uri: "/api/v1/onboardings/case_unknown/resurrect", method: .post, headers: Self.headers(fixture.writeToken)) { response in
                #expect(response.status == .notFound)
                #expect((Self.json(response.body)["error"] as? [String: Any])?["code"] as? String != "not-found")
            }
        }
    }
}

@Suite struct MetricsTests {
    @Test func metricsShowCasesByStateAndStepOutcomes() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-metrics-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        let metrics = MetricsEndpoint()
        let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(), runner: NoRunner(), metrics: metrics.factory)
        _ = try await engine.intake(.init(identity: HireIdentity(employeeID: "M1"), hireDate: Date().addingTimeInterval(7 * 86400), deliveryMode: .selfService,
                                          recipients: Recipients(), source: "test"), actor: "test")
        await engine.runOnce()
        let token = try await APITokens.issue(name: "prometheus", scopes: [.read], store: store)
        TestSecrets.record(token.token)
        let app = Application(router: AdminAPI.router(engine: engine, store: store, metrics: metrics))
        try await app.test(.router) { client in
            // Who can reach the API listener does not learn the installation's state without a token.
            for path in ["/metrics", "/api/v1/openapi.json"] {
                try await client.execute(uri: path, method: .get) { #expect($0.status == .unauthorized, "\(path)") }
            }
            try await client.execute(uri: "/metrics", method: .get, headers: AdminAPITests.headers(token.token)) { response in
                let text = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(text.contains(#"firstkey_cases{state="received"} 1"#))
                #expect(text.contains(#"firstkey_cases{state="failed"} 0"#))
                #expect(text.contains(#"firstkey_step_outcomes_total{step="correlate",outcome="retry"} 1"#) || text.contains(#"firstkey_step_outcomes_total{outcome="retry",step="correlate"} 1"#))
                #expect(text.contains("firstkey_step_duration_seconds"))
                #expect(!text.contains("M1"))
            }
        }
        // The management listener serves them (and the probes) without a token, and nothing else.
        try await Application(router: AdminAPI.managementRouter(store: store, metrics: metrics)).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .ok && String(buffer: $0.body).contains("firstkey_cases")) }
            try await client.execute(uri: "/api/v1/openapi.json", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/onboardings", method: .get, headers: AdminAPITests.headers(token.token)) { #expect($0.status == .notFound) }
        }
        await store.close()
    }
}

/// A stolen write token (or a runaway HR feed) tries to open cases for the whole directory.
@Suite struct IntakeRateLimitTests {
    static func withLimitedAPI(perMinute: Int, _ body: @escaping @Sendable (SQLiteCaseStore, String, String, any TestClientProtocol) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-api-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(), runner: NoRunner())
        let stolen = try await APITokens.issue(name: "stolen", scopes: [.write], store: store)
        let other = try await APITokens.issue(name: "hr-integration", scopes: [.write], store: store)
        TestSecrets.record(stolen.token)
        TestSecrets.record(other.token)
        let app = Application(router: AdminAPI.router(engine: engine, store: store, limits: RequestLimits(intakePerMinute: perMinute, pagePostsPerMinute: 0)))
        do {
            try await app.test(.router) { client in try await body(store, stolen.token, other.token, client) }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    static func hire(_ index: Int) -> String {
        #"{"employeeId":"E9\#(String(format: "%05d", index))","userPrincipalName":"hire\#(index)@corp.example","hireDate":"2026-12-20","deliveryMode":"temporary-password","mobile":"+15550106666"}"#
    }

    @Test func aBurstOf1000IntakesFromOneTokenIsCutOffAtTheLimitWithRetryAfter() async throws {
        try await Self.withLimitedAPI(perMinute: 120) { store, stolen, other, client in
            var opened = 0, limited = 0, retryAfter: [Int] = []
            for index in 0..<1_000 {
                try await client.execute(uri: "/api/v1/onboardings", method: .post, headers: AdminAPITests.headers(stolen), body: ByteBuffer(string: Self.hire(index))) { response in
                    switch response.status {
                    case .created: opened += 1
                    case .tooManyRequests:
                        limited += 1
                        if let value = response.headers[.retryAfter].flatMap(Int.init) { retryAfter.append(value) }
                        #expect((AdminAPITests.json(response.body)["error"] as? [String: Any])?["code"] as? String == "rate-limited")
                    default: Issue.record("unexpected \(response.status)")
                    }
                }
            }
            // The burst allowance (plus what trickled back during the run), never the thousand.
            #expect(opened >= 120 && opened < 200, "opened \(opened)")
            #expect(limited == 1_000 - opened)
            #expect(retryAfter.count == limited && retryAfter.allSatisfy { (1...60).contains($0) })
            #expect(try await store.listCases(CaseFilter(limit: 1000)).count == opened, "a refused intake left a case")
            // Another token (another source) is not held back by the stolen one.
            try await client.execute(uri: "/api/v1/onboardings", method: .post, headers: AdminAPITests.headers(other), body: ByteBuffer(string: Self.hire(5_000))) {
                #expect($0.status == .created)
            }
        }
    }

    @Test func aSCIMBulkRequestCountsEveryHireAndIsAllOrNothing() async throws {
        try await Self.withLimitedAPI(perMinute: 10) { store, token, _, client in
            func bulk(_ range: Range<Int>) -> String {
                let operations = range.map { index in
                    #"{"method":"POST","bulkId":"b\#(index)","path":"/Users","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"userName":"hire\#(index)@corp.example","externalId":"E7\#(String(format: "%05d", index))","phoneNumbers":[{"type":"mobile","value":"+15550106666"}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"E7\#(String(format: "%05d", index))"},"urn:contoso:hr":{"hireDate":"2026-12-20"}}}"#
                }
                return #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[\#(operations.joined(separator: ","))]}"#
            }
            var headers = AdminAPITests.headers(token)
            headers[.contentType] = "application/scim+json"
            try await client.execute(uri: "/api/v1/scim/bulkUpload", method: .post, headers: headers, body: ByteBuffer(string: bulk(0..<11))) { response in
                #expect(response.status == .contentTooLarge, "\(String(buffer: response.body))")
                #expect(String(buffer: response.body).contains("Split it"))
            }
            try await client.execute(uri: "/api/v1/scim/bulkUpload", method: .post, headers: headers, body: ByteBuffer(string: bulk(0..<8))) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
            }
            try await client.execute(uri: "/api/v1/scim/bulkUpload", method: .post, headers: headers, body: ByteBuffer(string: bulk(100..<105))) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] != nil)
            }
            #expect(try await store.listCases(CaseFilter(limit: 100)).count == 8)
        }
    }

    @Test func anExpiredTokenIsRefusedAndUseIsRecorded() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-api-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(), runner: NoRunner())
        let expired = try await APITokens.issue(name: "old", scopes: [.read], expiresAt: Date().addingTimeInterval(-1), store: store)
        let live = try await APITokens.issue(name: "live", scopes: [.read], expiresAt: Date().addingTimeInterval(3600), store: store)
        TestSecrets.record(expired.token)
        TestSecrets.record(live.token)
        let app = Application(router: AdminAPI.router(engine: engine, store: store))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/onboardings", method: .get, headers: AdminAPITests.headers(expired.token)) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("expired"))
                #expect(!String(buffer: response.body).contains(expired.token))
            }
            try await client.execute(uri: "/api/v1/onboardings", method: .get, headers: AdminAPITests.headers(live.token)) { #expect($0.status == .ok) }
        }
        let listed = try await store.listAPITokens()
        #expect(listed.first { $0.id == live.record.id }?.lastUsedAt != nil)
        #expect(listed.first { $0.id == expired.record.id }?.lastUsedAt == nil)
        await store.close()
    }
}

@Suite struct TokenBucketTests {
    @Test func aBurstIsAdmittedThenRefusedWithTheWaitThenEarnedBack() {
        var buckets = TokenBuckets(capacity: 3, per: 60)
        let start = Date(timeIntervalSince1970: 0)
        #expect((0..<3).map { _ in buckets.admit("a", now: start) } == [.admitted, .admitted, .admitted])
        #expect(buckets.admit("a", now: start) == .refused(retryAfterSeconds: 20))
        #expect(buckets.admit("b", now: start) == .admitted, "keys are independent")
        #expect(buckets.admit("a", now: start.addingTimeInterval(20)) == .admitted)
        #expect(buckets.admit("a", now: start.addingTimeInterval(20)) == .refused(retryAfterSeconds: 20))
        #expect(buckets.admit("a", cost: 4, now: start.addingTimeInterval(600)) == .tooLarge(capacity: 3))
        #expect(buckets.admit("a", cost: 3, now: start.addingTimeInterval(600)) == .admitted)
    }

    @Test func manyKeysDoNotGrowWithoutBound() {
        var buckets = TokenBuckets(capacity: 2, per: 60, maximumKeys: 100)
        let now = Date()
        for index in 0..<10_000 { _ = buckets.admit("client-\(index)", now: now.addingTimeInterval(Double(index))) }
        // The most recent client is still limited after the pruning.
        let last = now.addingTimeInterval(9_999)
        #expect(buckets.admit("client-9999", now: last) == .admitted)
        #expect(buckets.admit("client-9999", now: last) == .refused(retryAfterSeconds: 30))
    }
}

/// A script hammering the sign-in or a pickup form from one address is cut off; reading pages is not.
@Suite struct PageRateLimitTests {
    @Test func postsAndSignInStartsFromOneAddressBeyondTheLimitGet429WithRetryAfter() async throws {
        let router = Router()
        let fixed = Date(timeIntervalSince1970: 1_800_000_000)
        let limiter = RateLimiter("page", perMinute: 3, now: { fixed })
        let group = router.group("portal").add(middleware: PageRateLimitMiddleware<BasicRequestContext>(limiter: limiter, isLimited: PageRateLimitMiddleware<BasicRequestContext>.signInOrPost))
        group.get { _, _ in "page" }
        group.get("sign-in") { _, _ in "redirect" }
        group.post("callback") { _, _ in "done" }
        try await Application(router: router).test(.router) { client in
            for _ in 0..<2 { try await client.execute(uri: "/portal/callback", method: .post) { #expect($0.status == .ok) } }
            try await client.execute(uri: "/portal/sign-in", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/portal/sign-in", method: .get) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] == "20")
                #expect(String(buffer: response.body).contains("Wait 20 seconds"))
            }
            try await client.execute(uri: "/portal/callback", method: .post) { #expect($0.status == .tooManyRequests) }
            // Reading a page is never limited (and the clock stands still: nothing is earned back).
            for _ in 0..<5 { try await client.execute(uri: "/portal", method: .get) { #expect($0.status == .ok) } }
        }
    }
}

/// What a validated sign-in must carry (pure).
@Suite struct SignInRequirementsTests {
    static func claims(amr: [String] = [], acrs: [String] = []) -> IDTokenClaims {
        IDTokenClaims(issuer: "https://login.microsoftonline.com/t/v2.0", tenantID: "t", objectID: "o", expiresAt: Date().addingTimeInterval(600),
                      authenticationMethods: amr, authenticationContexts: acrs)
    }

    /// Where a token does carry amr (v1.0 tokens do) and it says password only, the sign-in is
    /// refused whatever is configured: it proves only knowledge of the synced initial password.
    @Test func aPasswordOnlySignInIsRefusedEvenWithoutConfiguredRequirements() {
        let none = SignInRequirements()
        #expect(none.refusal(of: Self.claims(amr: ["pwd"]))?.contains("a password only") == true)
        #expect(none.refusal(of: Self.claims(amr: ["pwd", "mfa"])) == nil)
        #expect(none.refusal(of: Self.claims()) == nil, "v2.0 tokens carry no amr: the authentication context decides")
    }

    @Test func theAuthenticationContextMustBeNamedInAcrs() {
        let context = SignInRequirements(authenticationContext: "c1")
        #expect(context.refusal(of: Self.claims(acrs: ["c1"])) == nil)
        #expect(context.refusal(of: Self.claims(acrs: ["c2"]))?.contains("authentication context c1") == true)
        #expect(context.refusal(of: Self.claims())?.contains("authentication context c1") == true)
        #expect(context.claimsRequest?.contains(#""acrs":{"essential":true,"value":"c1"}"#) == true)
    }
}
