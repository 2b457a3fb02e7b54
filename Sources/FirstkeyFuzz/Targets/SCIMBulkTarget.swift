import Foundation
import HTTPTypes

/// `POST /api/v1/scim/bulkUpload`, the inbound-provisioning SCIM BulkRequest. Besides the HTTP
/// oracle, every operation's own status in the BulkResponse must be 2xx or 4xx, and each 4xx
/// must say why.
struct SCIMBulkTarget: FuzzTarget {
    let name = "scim"
    let fixture: HTTPIntakeFixture

    static let seeds: [[UInt8]] = [
        #"""
        {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[
         {"method":"POST","bulkId":"701985","path":"/Users","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
          "externalId":"701985","userName":"kjensen@example.com","displayName":"Kathy Jensen",
          "phoneNumbers":[{"value":"+15555551234","type":"mobile"}],
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701985"},"urn:contoso:hr":{"hireDate":"2026-12-01"}}},
         {"method":"POST","bulkId":"701986","path":"/Users","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"701986","userName":"no-date@example.com"}}]}
        """#,
        #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"failOnErrors":1,"Operations":[{"method":"DELETE","bulkId":"701985","path":"/Users","data":{"externalId":"701985"}}]}"#,
        #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[{"method":"POST","bulkId":"b1","path":"/Users","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"E77","name":{"givenName":"Ann","familyName":"Lee"},"emails":[{"value":"ann@home.example","type":"home"}],"urn:contoso:hr":{"hireDate":"2027-02-01","deliveryMode":"tap"}}}]}"#,
        #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[]}"#,
    ].map { Array($0.utf8) }

    static func user(_ rng: inout SplitMix64) -> FuzzJSON {
        var members: [(String, FuzzJSON)] = []
        if rng.chance(85) {
            members.append(("schemas", rng.chance(90) ? .array([.string("urn:ietf:params:scim:schemas:core:2.0:User"), .string("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")])
                                                      : FuzzValues.value(&rng)))
        }
        let employee = FuzzValues.employeeID(&rng)
        if rng.chance(70) { members.append(("externalId", FuzzValues.field([employee], &rng))) }
        if rng.chance(60) { members.append(("userName", FuzzValues.field([FuzzValues.email(&rng)], &rng))) }
        if rng.chance(40) { members.append(("displayName", FuzzValues.field(["Kathy Jensen"], &rng))) }
        if rng.chance(30) { members.append(("name", .object([("givenName", FuzzValues.field(["Ann"], &rng)), ("familyName", FuzzValues.field(["Lee"], &rng))]))) }
        if rng.chance(40) {
            members.append(("phoneNumbers", rng.chance(85) ? .array([.object([("value", FuzzValues.field([FuzzValues.phone(&rng)], &rng)),
                                                                               ("type", FuzzValues.field(["mobile", "work"], &rng))])]) : FuzzValues.value(&rng)))
        }
        if rng.chance(30) {
            members.append(("emails", .array([.object([("value", FuzzValues.field([FuzzValues.email(&rng)], &rng)), ("type", FuzzValues.field(["home", "work"], &rng))])])))
        }
        if rng.chance(50) {
            members.append(("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                            .object([("employeeNumber", FuzzValues.field([employee], &rng)), ("manager", .object([("value", FuzzValues.field(["m1"], &rng))]))])))
        }
        if rng.chance(60) {
            members.append(("urn:contoso:hr", .object(FuzzValues.withDuplicates([("hireDate", FuzzValues.field([FuzzValues.date(&rng)], &rng)),
                                                                                 ("deliveryMode", FuzzValues.field(["self-service", "temporary-password", "tap"], &rng))], &rng))))
        }
        return .object(FuzzValues.withDuplicates(members, &rng))
    }

    static func structured(_ rng: inout SplitMix64) -> [UInt8] {
        if rng.chance(5) { return FuzzValues.value(&rng).bytes }
        // Up to just past SCIMBulkIntake's 50 operations; each value may be long, so more would only make big bodies.
        let operations = (0..<(rng.chance(3) ? 45 + rng.below(10) : rng.size(upTo: 20))).map { _ -> FuzzJSON in
            var members: [(String, FuzzJSON)] = [("method", FuzzValues.field(["POST", "DELETE", "post", "PUT", "PATCH"], &rng))]
            if rng.chance(80) { members.append(("bulkId", FuzzValues.field([FuzzValues.employeeID(&rng)], &rng))) }
            if rng.chance(90) { members.append(("path", FuzzValues.field(["/Users", "/Groups", "/Users/1"], &rng))) }
            if rng.chance(90) { members.append(("data", rng.chance(90) ? user(&rng) : FuzzValues.value(&rng))) }
            return .object(FuzzValues.withDuplicates(members, &rng))
        }
        var root: [(String, FuzzJSON)] = []
        if rng.chance(92) { root.append(("schemas", rng.chance(90) ? .array([.string("urn:ietf:params:scim:api:messages:2.0:BulkRequest")]) : FuzzValues.value(&rng))) }
        if rng.chance(20) { root.append(("failOnErrors", rng.chance(50) ? .number(String(rng.below(5))) : FuzzValues.value(&rng))) }
        root.append(("Operations", rng.chance(95) ? .array(operations) : FuzzValues.value(&rng)))
        return FuzzJSON.object(FuzzValues.withDuplicates(root, &rng)).bytes
    }

    var mix: InputMix { InputMix(seeds: Self.seeds, mutator: ByteMutator(dictionary: HTTPOracle.jsonDictionary), structured: Self.structured) }

    func generate(_ rng: inout SplitMix64) -> [UInt8] { mix.next(&rng) }

    func execute(_ input: [UInt8]) async -> FuzzVerdict {
        let result = await fixture.post("/api/v1/scim/bulkUpload", body: input, contentType: "application/scim+json", authorization: "Bearer \(fixture.writeToken)")
        return HTTPOracle.judge(result) { status, body in
            guard status.code == 200 else { return "a BulkResponse is answered with 200" }
            guard let operations = body["Operations"] as? [[String: Any]] else { return "the BulkResponse has no Operations" }
            for (index, operation) in operations.enumerated() {
                guard let text = operation["status"] as? String, let code = Int(text) else { return "operation \(index) has no status" }
                guard (200..<500).contains(code) else { return "operation \(index) answered \(code): \(operation["response"] ?? "")" }
                if code >= 400 {
                    let detail = (operation["response"] as? [String: Any])?["detail"] as? String
                    guard let detail, !detail.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return "operation \(index) failed with \(code) but says not why" }
                }
            }
            return nil
        }
    }
}
