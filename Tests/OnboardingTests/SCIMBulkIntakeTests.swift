import Foundation
import Testing
import TestSupport
@testable import Onboarding

@Suite struct SCIMBulkIntakeTests {
    /// Reference §7's example, with a hire date and the hire's own phone and e-mail added the
    /// way HR integrations do (an extension object of their own).
    static let kathy = #"""
    {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
     "Operations":[{"method":"POST","bulkId":"701985","path":"/Users",
      "data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","urn:contoso:employee"],
       "externalId":"701985","userName":"kjensen@example.com",
       "name":{"givenName":"Kathy","familyName":"Jensen"},"displayName":"Kathy Jensen",
       "emails":[{"value":"kjensen@example.com","type":"work","primary":true},{"value":"kathy@home.example","type":"home"}],
       "phoneNumbers":[{"value":"555-555-5545","type":"work"},{"value":"+15555551234","type":"mobile"}],
       "userType":"Employee","title":"Tour Lead","active":true,
       "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701985","costCenter":"4130","manager":{"value":"701984"}},
       "urn:contoso:employee":{"HireDate":"2026-12-01T08:00:00Z","deliveryMode":"temporary-password"}}}],
     "failOnErrors":null}
    """#

    func parse(_ text: String) -> Result<SCIMBulkIntake.Request, IntakeFailure> { SCIMBulkIntake.parse(Data(text.utf8)) }

    @Test func theReferencePayloadBecomesAnIntake() throws {
        let request = try parse(Self.kathy).get()
        #expect(request.failOnErrors == nil)
        let operation = try #require(request.operations.first)
        #expect(operation.method == "POST" && operation.bulkId == "701985")
        guard case .intake(let record) = operation.decision else { Issue.record("not an intake: \(operation.decision)"); return }
        #expect(record.identity.employeeID == "701985")
        #expect(record.identity.userPrincipalName == "kjensen@example.com")
        #expect(record.identity.displayName == "Kathy Jensen")
        #expect(record.recipients.mobilePhone == "+15555551234")   // the work number is not the hire's own
        #expect(record.recipients.privateEmail == "kathy@home.example")
        #expect(record.deliveryMode == .temporaryPassword)
        #expect(IntakeValidation.parseDay("2026-12-01") == record.hireDate)
    }

    @Test func eachBadOperationIsRejectedAloneNamingTheSCIMAttribute() throws {
        let body = #"""
        {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"failOnErrors":2,"Operations":[
         {"method":"POST","bulkId":"1","path":"/Users","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"E1"}},
         {"method":"PATCH","bulkId":"2","path":"/Users","data":{}},
         {"method":"POST","bulkId":"3","path":"/Groups","data":{}},
         {"method":"POST","bulkId":"4","path":"/Users","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"E4",
           "phoneNumbers":[{"type":"mobile","value":"0151 123"}],"urn:x:hr":{"startDate":"2026-02-30"}}},
         {"method":"POST","bulkId":"4","path":"/Users","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"E5","urn:x:hr":{"startDate":"2026-12-01"}}},
         {"method":"DELETE","bulkId":"E9","path":"/Users"},
         "nonsense"]}
        """#
        let request = try parse(body).get()
        #expect(request.failOnErrors == 2)
        func problems(_ index: Int) -> [String] {
            if case .rejected(let problems) = request.operations[index].decision { return problems.map { "\($0.field): \($0.reason)" } }
            return []
        }
        #expect(problems(0) == ["Operations[0].data.<extension>.hireDate: is required: the credential must work before the first day"])
        #expect(problems(1) == ["Operations[1].method: must be POST or DELETE"])
        #expect(problems(2) == ["Operations[2].path: must be /Users"])
        #expect(Set(problems(3)) == ["Operations[3].data.<extension>.hireDate: must be a date like 2026-12-01",
                                     "Operations[3].data.phoneNumbers[type=mobile].value: must be an E.164 number such as +4915112345678"])
        #expect(problems(4) == ["Operations[4].bulkId: '4' is used twice in this request"])
        #expect(request.operations[5].decision == .withdraw(employeeID: "E9"))
        #expect(problems(6) == ["Operations[6]: is not an object"])
    }

    @Test(arguments: [
        ("[]", "body"),
        ("not json", "body"),
        (#"{"Operations":[]}"#, "schemas"),
        (#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"]}"#, "Operations"),
        (#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[]}"#, "Operations"),
        (#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[{}],"failOnErrors":0}"#, "failOnErrors"),
    ])
    func unusableRequestsNameTheField(_ body: String, _ field: String) {
        guard case .failure(let failure) = parse(body) else { Issue.record("accepted \(body)"); return }
        #expect(failure.problems.map(\.field) == [field])
    }

    @Test func moreThanFiftyOperationsAreRefusedAsEntraDoes() {
        let operation = #"{"method":"DELETE","path":"/Users","bulkId":"x"}"#
        let body = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":["# + Array(repeating: operation, count: 51).joined(separator: ",") + "]}"
        guard case .failure(let failure) = parse(body) else { Issue.record("accepted 51 operations"); return }
        #expect(failure.problems.first?.reason.contains("at most 50") == true)
    }

    /// Random damage to a valid payload: never a crash, always a decision per operation or a
    /// whole-request refusal naming a field.
    @Test func mutatedPayloadsAreAnsweredNotCrashedOn() {
        var generator = SplitMix64(seed: 7)
        let original = Array(Self.kathy.utf8)
        for _ in 0..<3_000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.remove(at: index)
                default: bytes.insert(UInt8.random(in: 32...126, using: &generator), at: index)
                }
            }
            switch SCIMBulkIntake.parse(Data(bytes)) {
            case .success(let request): #expect(!request.operations.isEmpty)
            case .failure(let failure): #expect(!failure.problems.isEmpty)
            }
        }
    }
}
