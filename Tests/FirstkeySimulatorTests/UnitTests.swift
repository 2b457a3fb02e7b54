@testable import FirstkeySimulator
import Foundation
import Testing

/// Pure pieces, no network: JSON, filters, dates, PKCE, the fault schedule.
@Suite("Units")
struct UnitTests {
    @Test("JSON parses strictly and serializes in key order")
    func json() throws {
        let value = try #require(JSONValue(parsing: #"{"b":1,"a":[true,null,"x\u00e9\n"],"c":{"d":-1.5e2}}"#))
        #expect(value.serialized == #"{"b":1,"a":[true,null,"xé\n"],"c":{"d":-150}}"#)
        #expect(value["a"]?.arrayValue?.count == 3)
        for invalid in ["{\"a\":1,}", "[1 2]", "{'a':1}", "01", "\"unterminated", "{\"a\":1} trailing", ""] {
            #expect(JSONValue(parsing: invalid) == nil, "\(invalid)")
        }
        #expect(JSONValue.string("<script>").serialized == #""\u003cscript\u003e""#)
    }

    @Test("$filter parsing and matching")
    func filters() throws {
        let user = SimulatedUser(userPrincipalName: "Ana@Contoso.com", otherMails: ["ana@example.org"], employeeId: "7",
                                 employeeHireDate: GraphDate.parse("2030-05-01T00:00:00Z"), onPremisesSyncEnabled: true)
        let cases: [(String, Bool)] = [
            ("employeeId eq '7'", true),
            ("userPrincipalName eq 'ana@contoso.com'", true),
            ("employeeId eq '7' and onPremisesSyncEnabled eq false", false),
            ("(employeeId eq '8' or employeeId eq '7') and not(accountEnabled eq false)", true),
            ("employeeId in ('1','7')", true),
            ("startsWith(userPrincipalName,'ana')", true),
            ("otherMails/any(m:m eq 'ANA@example.org')", true),
            ("employeeHireDate ge 2030-05-01T00:00:00Z and employeeHireDate le 2030-05-31T23:59:59Z", true),
            ("employeeHireDate gt 2030-05-01T00:00:00Z", false),
            ("mail eq null", true),
            ("displayName eq 'It''s'", false),
        ]
        for (text, expected) in cases {
            let filter = try UserFilter.parse(text)
            #expect(filter.matches(user) == expected, "\(text)")
        }
        #expect(throws: GraphError.self) { try UserFilter.parse("employeeId eq") }
        #expect(throws: GraphError.self) { try UserFilter.parse("employeeId eq '7' and") }
        #expect(throws: GraphError.self) { try UserFilter.parse("employeeId ~ '7'") }
        #expect(try UserFilter.parse("employeeId eq '7'").validate() == nil)
        #expect(try UserFilter.parse("employeeId ne '7'").validate() != nil)
        #expect(try UserFilter.parse("onPremisesSamAccountName eq 'x'").validate() != nil)
    }

    @Test("Graph dates")
    func dates() throws {
        let date = try #require(GraphDate.parse("2022-06-02T16:21:09.765173Z"))
        #expect(GraphDate.format(date) == "2022-06-02T16:21:09Z")
        #expect(GraphDate.format(date, fractional: true) == "2022-06-02T16:21:09.7651730Z")
        #expect(GraphDate.parse("2022-06-02T18:21:09+02:00") == GraphDate.parse("2022-06-02T16:21:09Z"))
        #expect(GraphDate.formatTokenTimestamp(date) == "2022-06-02 16:21:09Z")
        #expect(GraphDate.formatInnerErrorDate(date) == "2022-06-02T16:21:09")
        for invalid in ["2022-13-01", "2022-06-02T25:00:00Z", "yesterday", "2022-06-02T16:21:09Q"] {
            #expect(GraphDate.parse(invalid) == nil, "\(invalid)")
        }
    }

    @Test("PKCE S256 as in RFC 7636 appendix B")
    func pkce() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        #expect(PKCE.verifier(verifier, matches: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", method: "S256"))
        #expect(!PKCE.verifier(verifier, matches: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN", method: "S256"))
        #expect(!PKCE.verifier("short", matches: "short", method: "plain"))
    }

    @Test("fault schedule: counts, methods, windows, latency then answer")
    func faultSchedule() {
        var schedule = FaultSchedule()
        let now = Date()
        schedule.set(FaultPlan([
            .latency("/v1.0", seconds: 0.2),
            FaultRule(pathPrefix: "/v1.0/users", method: "POST", fault: .dropConnection, count: 1),
            .throttle("/v1.0/users", times: 1, retryAfter: 3),
        ]), now: now)
        #expect(schedule.decide(method: "GET", path: "/v1.0/users/x", now: now) == [.delay(seconds: 0.2), .respond(status: 429, retryAfter: 3)])
        #expect(schedule.decide(method: "GET", path: "/v1.0/users/x", now: now) == [.delay(seconds: 0.2)])
        #expect(schedule.decide(method: "POST", path: "/v1.0/users/x/sendMail", now: now) == [.delay(seconds: 0.2), .drop])
        #expect(schedule.decide(method: "POST", path: "/other", now: now) == [])
        schedule.set(FaultPlan([FaultRule(pathPrefix: "/", fault: .serverError(status: 503, retryAfter: nil), duration: 10)]), now: now)
        #expect(schedule.decide(method: "GET", path: "/a", now: now.addingTimeInterval(9)) == [.respond(status: 503, retryAfter: nil)])
        #expect(schedule.decide(method: "GET", path: "/a", now: now.addingTimeInterval(10)) == [])
    }

    @Test("form encoding round-trips and treats + as space")
    func formEncoding() {
        let fields = FormEncoding.parse("a=1+2&b=%2B%20x&c&d=%E2%82%AC")
        #expect(fields.map(\.name) == ["a", "b", "c", "d"])
        #expect(fields.map(\.value) == ["1 2", "+ x", "", "€"])
        #expect(FormEncoding.encode([("k y", "v&=/")]) == "k%20y=v%26%3D%2F")
    }
}
