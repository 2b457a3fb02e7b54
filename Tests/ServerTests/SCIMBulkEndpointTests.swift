import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Onboarding
import Store
import Testing
@testable import Server

/// The inbound-provisioning endpoint through real requests: the HR system's own payload opens
/// cases, one status per operation, idempotent on re-send, DELETE withdraws.
@Suite struct SCIMBulkEndpointTests {
    static func scimHeaders(_ token: String) -> HTTPFields {
        [.contentType: "application/scim+json", .authorization: "Bearer \(token)"]
    }

    static func operations(_ buffer: ByteBuffer) -> [[String: Any]] {
        AdminAPITests.json(buffer)["Operations"] as? [[String: Any]] ?? []
    }

    static let body = #"""
    {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[
     {"method":"POST","bulkId":"701985","path":"/Users","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
      "externalId":"701985","userName":"kjensen@example.com","displayName":"Kathy Jensen",
      "phoneNumbers":[{"value":"+15555551234","type":"mobile"}],
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701985"},"urn:contoso:hr":{"hireDate":"2026-12-01"}}},
     {"method":"POST","bulkId":"701986","path":"/Users","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"701986","userName":"no-date@example.com"}}]}
    """#

    @Test func operationsOpenCasesIdempotentlyAndReportEachStatus() async throws {
        try await AdminAPITests.withAPI { fixture, client in
            try await client.execute(uri: "/api/v1/scim/bulkUpload", method: .post, headers: Self.scimHeaders(fixture.writeToken), body: ByteBuffer(string: Self.body)) { response in
                #expect(response.status == .ok)
                let results = Self.operations(response.body)
                #expect(results.map { $0["status"] as? String } == ["201", "400"])
                #expect((results[0]["location"] as? String)?.hasPrefix("/api/v1/onboardings/case_") == true)
                let error = results[1]["response"] as? [String: Any]
                #expect((error?["detail"] as? String)?.contains("<extension>.hireDate") == true)
                #expect(AdminAPITests.json(response.body)["schemas"] as? [String] == ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"])
            }
            // the same payload again (HR systems re-send): the same case, nothing new
            try await client.execute(uri: "/api/v1/scim/bulkUpload", method: .post, headers: Self.scimHeaders(fixture.writeToken), body: ByteBuffer(string: Self.body)) { response in
                #expect(Self.operations(response.body).map { $0["status"] as? String } == ["200", "400"])
            }
            let cases = try await fixture.store.listCases(CaseFilter())
            #expect(cases.count == 1)
            #expect(cases.first?.source == "scim" && cases.first?.identity.employeeID == "701985")

            let withdraw = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[{"method":"DELETE","bulkId":"701985","path":"/Users"},{"method":"DELETE","bulkId":"999","path":"/Users"}]}"#
            try await client.execute(uri: "/api/v1/scim/bulkUpload", method: .post, headers: Self.scimHeaders(fixture.writeToken), body: ByteBuffer(string: withdraw)) { response in
                #expect(Self.operations(response.body).map { $0["status"] as? String } == ["200", "404"])
            }
            #expect(try await fixture.store.listCases(CaseFilter()).first?.state == .cancelled)
        }
    }

    @Test func failOnErrorsStopsAfterThatManyFailures() async throws {
        try await AdminAPITests.withAPI { fixture, client in
            let body = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"failOnErrors":1,"Operations":[{"method":"DELETE","bulkId":"1","path":"/Users"},{"method":"DELETE","bulkId":"2","path":"/Users"}]}"#
            try await client.execute(uri: "/api/v1/scim/bulkUpload", method: .post, headers: Self.scimHeaders(fixture.writeToken), body: ByteBuffer(string: body)) { response in
                #expect(Self.operations(response.body).map { $0["status"] as? String } == ["404"])
            }
        }
    }

    @Test func theRequestItselfMustBeRightAndAuthorised() async throws {
        try await AdminAPITests.withAPI { fixture, client in
            let uri = "/api/v1/scim/bulkUpload"
            try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/scim+json"], body: ByteBuffer(string: Self.body)) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: uri, method: .post, headers: Self.scimHeaders(fixture.readToken), body: ByteBuffer(string: Self.body)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: uri, method: .post, headers: AdminAPITests.headers(fixture.writeToken), body: ByteBuffer(string: Self.body)) { response in
                #expect(response.status == .unsupportedMediaType)
                #expect(String(buffer: response.body).contains("application/scim+json"))
            }
            try await client.execute(uri: uri, method: .post, headers: Self.scimHeaders(fixture.writeToken), body: ByteBuffer(string: #"{"schemas":[]}"#)) { response in
                #expect(response.status == .badRequest)
                let problems = (AdminAPITests.json(response.body)["error"] as? [String: Any])?["problems"] as? [[String: String]]
                #expect(problems?.first?["field"] == "schemas")
            }
            try await client.execute(uri: uri, method: .post, headers: Self.scimHeaders(fixture.writeToken), body: ByteBuffer(repeating: UInt8(ascii: " "), count: 600 * 1024)) {
                #expect($0.status == .contentTooLarge)
            }
            #expect(try await fixture.store.listCases(CaseFilter()).isEmpty)
        }
    }
}
