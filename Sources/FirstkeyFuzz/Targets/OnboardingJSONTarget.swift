import HTTPTypes
/// `POST /api/v1/onboardings`, the JSON intake an HR system calls.
struct OnboardingJSONTarget: FuzzTarget {
    let name = "json"
    let fixture: HTTPIntakeFixture

    static let seeds: [[UInt8]] = [
        #"{"employeeId":"E1001","userPrincipalName":"alice@corp.example","hireDate":"2026-12-01","deliveryMode":"temporary-password","mobile":"+15550100001"}"#,
        #"{"employeeId":"E1002","hireDate":"2026-12-02","deliveryMode":"self-service","privateEmail":"bob@home.example","managerEmail":"boss@corp.example"}"#,
        #"{"entraObjectId":"6d9f3f5e-1111-4c8e-9a55-0e5b3c2a7c10","displayName":"Zoë O'Brien","hireDate":"2026-12-03","deliveryMode":"tap","mobile":"+447700900123"}"#,
        #"{"samAccountName":"carol","hireDate":"2027-01-15"}"#,
        #"{"userPrincipalName":"dave@corp.example","hireDate":"2026-12-01","deliveryMode":"tap"}"#,
        #"{"employeeId": 42, "hireDate": "2026-12-01"}"#,
        #"{}"#,
    ].map { Array($0.utf8) }

    static let fields = ["employeeId", "userPrincipalName", "entraObjectId", "samAccountName", "displayName", "hireDate", "deliveryMode", "mobile",
                         "privateEmail", "managerEmail"]

    static func structured(_ rng: inout SplitMix64) -> [UInt8] {
        if rng.chance(5) { return FuzzValues.value(&rng).bytes }  // not even an object
        var members: [(String, FuzzJSON)] = []
        for field in fields where rng.chance(55) {
            let plausible: [String]
            switch field {
            case "employeeId": plausible = [FuzzValues.employeeID(&rng)]
            case "userPrincipalName", "privateEmail", "managerEmail": plausible = [FuzzValues.email(&rng)]
            case "entraObjectId": plausible = ["6d9f3f5e-1111-4c8e-9a55-0e5b3c2a7c10", "00000000-0000-0000-0000-000000000000"]
            case "samAccountName": plausible = ["u\(rng.below(100_000))", "a b", "x\\y"]
            case "hireDate": plausible = [FuzzValues.date(&rng)]
            case "deliveryMode": plausible = ["self-service", "temporary-password", "tap"]
            case "mobile": plausible = [FuzzValues.phone(&rng)]
            default: plausible = ["Hire \(rng.below(1000))"]
            }
            members.append((field, FuzzValues.field(plausible, &rng)))
        }
        return FuzzJSON.object(FuzzValues.withDuplicates(members, &rng)).bytes
    }

    var mix: InputMix { InputMix(seeds: Self.seeds, mutator: ByteMutator(dictionary: HTTPOracle.jsonDictionary), structured: Self.structured) }

    func generate(_ rng: inout SplitMix64) -> [UInt8] { mix.next(&rng) }

    func execute(_ input: [UInt8]) async -> FuzzVerdict {
        let result = await fixture.post("/api/v1/onboardings", body: input, contentType: "application/json", authorization: "Bearer \(fixture.writeToken)")
        return HTTPOracle.judge(result) { status, body in
            guard status.code == 200 || status.code == 201 else { return "an intake answers 200 or 201" }
            guard let id = body["id"] as? String, !id.isEmpty else { return "the answer names no case" }
            return nil
        }
    }
}
