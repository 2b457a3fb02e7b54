import FirstkeySimulator
import Foundation
import HTTPTypes
import Testing

/// `/users`: `$select`, `$filter` with the advanced-query rules, paging, `/manager`, errors.
@Suite("Graph: users")
struct GraphUsersTests {
    static let eventual: HTTPFields = [HTTPField.Name("ConsistencyLevel")!: "eventual"]

    @Test("GET /users/{id} without $select returns the default set only; with $select exactly the selected fields")
    func selectProjection() async throws {
        try await SimulatorFixture.with { fixture in
            let token = try await fixture.graphToken()
            var result = try await fixture.graph(.get, "/v1.0/users/\(SimulatorFixture.kathy.id)", token: token)
            #expect(result.status == .ok)
            var body = try #require(result.json)
            #expect(body["userPrincipalName"] == "kjensen@contoso.com")
            #expect(body["mobilePhone"] == "+1 5555551234")
            #expect(body["businessPhones"] == ["+1 4255550100"])
            #expect(body["mail"] == .null)
            #expect(body["employeeId"] == nil)
            #expect(body["accountEnabled"] == nil)
            #expect(body["onPremisesSecurityIdentifier"] == nil)
            #expect(body["otherMails"] == nil)
            #expect(result.header("request-id")?.count == 36)
            #expect(result.header("client-request-id") != nil)

            let select = "id,userPrincipalName,accountEnabled,employeeId,otherMails,onPremisesSecurityIdentifier,onPremisesImmutableId,onPremisesSamAccountName,onPremisesDistinguishedName,onPremisesSyncEnabled,onPremisesDomainName,onPremisesUserPrincipalName,onPremisesLastSyncDateTime,employeeHireDate"
            result = try await fixture.graph(.get, "/v1.0/users/kjensen@contoso.com?$select=\(select)", token: token)
            body = try #require(result.json)
            let keys = Set(body.objectValue?.map(\.0) ?? [])
            #expect(keys == Set(select.split(separator: ",").map(String.init) + ["@odata.context"]))
            #expect(body["@odata.context"]?.stringValue?.hasSuffix("$metadata#users(\(select))/$entity") == true)
            #expect(body["accountEnabled"] == false)
            #expect(body["employeeId"] == "701985")
            #expect(body["otherMails"] == ["kathy@example.org"])
            #expect(body["onPremisesSecurityIdentifier"] == "S-1-5-21-1004336348-1177238915-682003330-5120")
            #expect(body["onPremisesSyncEnabled"] == true)
            #expect(body["onPremisesLastSyncDateTime"] == .null)
            #expect(body["employeeHireDate"] == "2030-03-01T00:00:00Z")
            #expect(body["displayName"] == nil)

            result = try await fixture.graph(.get, "/v1.0/users/kjensen@contoso.com?$select=id,favouriteColour", token: token)
            #expect(result.status == .badRequest)
            #expect(result.json?["error"]?["code"] == "Request_BadRequest")
        }
    }

    @Test("an unknown user is 404 Request_ResourceNotFound with innerError and echoed client-request-id")
    func notFound() async throws {
        try await SimulatorFixture.with { fixture in
            let token = try await fixture.graph(.get, "/v1.0/users/nobody@contoso.com", token: try await fixture.graphToken(),
                                                headers: [HTTPField.Name("client-request-id")!: "539da3bd-0000-4000-8000-000000000000"])
            #expect(token.status == .notFound)
            let error = try #require(token.json?["error"])
            #expect(error["code"] == "Request_ResourceNotFound")
            #expect(error["innerError"]?["client-request-id"] == "539da3bd-0000-4000-8000-000000000000")
            #expect(error["innerError"]?["request-id"]?.stringValue == token.header("request-id"))
            #expect(error["innerError"]?["date"]?.stringValue?.count == 19)
            #expect(token.header("client-request-id") == "539da3bd-0000-4000-8000-000000000000")
        }
    }

    @Test("$filter on default-supported properties needs no advanced parameters")
    func defaultFilters() async throws {
        try await SimulatorFixture.with { fixture in
            let token = try await fixture.graphToken()
            for filter in ["employeeId eq '701985'", "userPrincipalName eq 'KJENSEN@contoso.com'", "otherMails/any(x:x eq 'kathy@example.org')",
                           "onPremisesSecurityIdentifier eq 'S-1-5-21-1004336348-1177238915-682003330-5120'", "accountEnabled eq false",
                           "onPremisesUserPrincipalName eq 'kjensen@contoso.com'", "startsWith(userPrincipalName,'kjen')"]
            {
                let result = try await fixture.graph(.get, "/v1.0/users?$filter=\(percentEncode(filter))&$select=id", token: token)
                #expect(result.status == .ok, "\(filter): \(result.body)")
                #expect(result.json?["value"] == [["id": .string(SimulatorFixture.kathy.id)]], "\(filter)")
            }
            let none = try await fixture.graph(.get, "/v1.0/users?$filter=\(percentEncode("employeeId eq '999'"))", token: token)
            #expect(none.json?["value"] == [])
            let syncedNull = try await fixture.graph(.get, "/v1.0/users?$filter=\(percentEncode("onPremisesSecurityIdentifier eq null"))&$select=id", token: token)
            #expect(syncedNull.json?["value"] == [["id": .string(SimulatorFixture.manager.id)]])
        }
    }

    @Test("advanced-only properties and operators need ConsistencyLevel: eventual and $count=true", arguments: [
        "onPremisesSamAccountName eq 'kjensen'", "onPremisesImmutableId eq '8hYe8zR0qkS3Q0ZbN3sQ1A=='", "mobilePhone eq '+1 5555551234'",
        "employeeType eq 'Employee'", "companyName eq 'Contoso'", "employeeHireDate ge 2030-01-01T00:00:00Z", "employeeId ne '100001'",
        "endsWith(userPrincipalName,'jensen@contoso.com') or employeeId eq '0'",
    ])
    func advancedRules(filter: String) async throws {
        try await SimulatorFixture.with { fixture in
            let token = try await fixture.graphToken()
            let path = "/v1.0/users?$filter=\(percentEncode(filter))&$select=id"
            var result = try await fixture.graph(.get, path, token: token)
            #expect(result.status == .badRequest)
            #expect(result.json?["error"]?["code"] == "Request_UnsupportedQuery")
            result = try await fixture.graph(.get, path, token: token, headers: Self.eventual)
            #expect(result.json?["error"]?["code"] == "Request_UnsupportedQuery", "header without $count")
            result = try await fixture.graph(.get, path + "&$count=true", token: token)
            #expect(result.status == .badRequest, "$count without header")
            result = try await fixture.graph(.get, path + "&$count=true", token: token, headers: Self.eventual)
            #expect(result.status == .ok, "\(result.body)")
            #expect(result.json?["@odata.count"] == 1)
            #expect(result.json?["value"] == [["id": .string(SimulatorFixture.kathy.id)]])
        }
    }

    @Test("filter errors: unknown property, unfilterable property, type mismatch, syntax")
    func filterErrors() async throws {
        try await SimulatorFixture.with { fixture in
            let token = try await fixture.graphToken()
            func code(_ filter: String) async throws -> String? {
                try await fixture.graph(.get, "/v1.0/users?$filter=\(percentEncode(filter))", token: token).json?["error"]?["code"]?.stringValue
            }
            #expect(try await code("shoeSize eq '42'") == "Request_BadRequest")
            #expect(try await code("onPremisesDistinguishedName eq 'CN=x'") == "Request_UnsupportedQuery")
            #expect(try await code("employeeId eq 701985") == "Request_BadRequest")
            #expect(try await code("employeeId eq '701985") == "BadRequest")
            #expect(try await code("employeeHireDate ge 2030-01-01") != nil)
        }
    }

    @Test("paging: $top, opaque $skiptoken in a full nextLink, @odata.count on the first page only")
    func paging() async throws {
        try await SimulatorFixture.with { fixture in
            for index in 0..<5 {
                fixture.simulator.addUser(SimulatedUser(userPrincipalName: "hire\(index)@contoso.com", employeeType: "Employee"))
            }
            let token = try await fixture.graphToken()
            var path: String? = "/v1.0/users?$filter=\(percentEncode("employeeType eq 'Employee'"))&$count=true&$top=2&$select=userPrincipalName"
            var seen: [String] = []
            var pages = 0
            while let next = path {
                let result = try await fixture.graph(.get, next, token: token, headers: Self.eventual)
                #expect(result.status == .ok, "\(result.body)")
                let body = try #require(result.json)
                if pages == 0 { #expect(body["@odata.count"] == 6) } else { #expect(body["@odata.count"] == nil) }
                seen += body["value"]?.arrayValue?.compactMap { $0["userPrincipalName"]?.stringValue } ?? []
                pages += 1
                if let link = body["@odata.nextLink"]?.stringValue {
                    #expect(link.hasPrefix(fixture.simulator.httpURL + "/v1.0/users?"))
                    #expect(link.contains("$skiptoken="))
                    path = String(link.dropFirst(fixture.simulator.httpURL.count))
                    // The header is not carried by the link: without it the advanced query fails.
                    let bare = try await fixture.graph(.get, path!, token: token)
                    #expect(bare.status == .badRequest)
                } else {
                    path = nil
                }
            }
            #expect(pages == 3)
            #expect(seen == ["kjensen@contoso.com"] + (0..<5).map { "hire\($0)@contoso.com" })

            let tooBig = try await fixture.graph(.get, "/v1.0/users?$top=1000", token: token)
            #expect(tooBig.status == .badRequest)
            let badToken = try await fixture.graph(.get, "/v1.0/users?$skiptoken=garbage", token: token)
            #expect(badToken.status == .badRequest)
        }
    }

    @Test("/manager returns the manager (with @odata.type), 404 when there is none; $expand=manager works")
    func manager() async throws {
        try await SimulatorFixture.with { fixture in
            let token = try await fixture.graphToken()
            var result = try await fixture.graph(.get, "/v1.0/users/\(SimulatorFixture.kathy.id)/manager?$select=id,displayName,mail,userPrincipalName", token: token)
            #expect(result.status == .ok)
            #expect(result.json?["@odata.type"] == "#microsoft.graph.user")
            #expect(result.json?["userPrincipalName"] == "mlee@contoso.com")
            #expect(result.json?["mail"] == "mlee@contoso.com")
            result = try await fixture.graph(.get, "/v1.0/users/mlee@contoso.com/manager", token: token)
            #expect(result.status == .notFound)
            #expect(result.json?["error"]?["code"] == "Request_ResourceNotFound")
            result = try await fixture.graph(.get, "/beta/users/kjensen@contoso.com?$select=id&$expand=\(percentEncode("manager($select=id,displayName)"))", token: token)
            #expect(result.json?["manager"]?["displayName"] == "Morgan Lee")
        }
    }

    @Test("bearer token checks: missing, malformed, expired, foreign key, wrong audience, missing permission")
    func authorization() async throws {
        try await SimulatorFixture.with(roles: ["Mail.Send"]) { fixture in
            let path = "/v1.0/users/\(SimulatorFixture.kathy.id)"
            var result = try await fixture.client.get(path)
            #expect(result.status == .unauthorized)
            #expect(result.json?["error"]?["code"] == "InvalidAuthenticationToken")
            #expect(result.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            result = try await fixture.graph(.get, path, token: "garbage")
            #expect(result.status == .unauthorized)

            let tenant = fixture.tenant
            let expired = try fixture.simulator.issueAccessToken(SimulatedAccessToken(audience: "https://graph.microsoft.com", appID: SimulatorFixture.clientID,
                                                                                      roles: ["User.Read.All"], issuedAt: Date().addingTimeInterval(-7200)))
            result = try await fixture.graph(.get, path, token: expired)
            #expect(result.status == .unauthorized)
            #expect(result.json?["error"]?["message"]?.stringValue?.contains("expired") == true)

            let foreign = try fixture.simulator.issueAccessToken(SimulatedAccessToken(audience: "https://graph.microsoft.com", appID: SimulatorFixture.clientID,
                                                                                      roles: ["User.Read.All"], signature: .unpublishedKey))
            #expect(try await fixture.graph(.get, path, token: foreign).status == .unauthorized)

            let otherAudience = try fixture.simulator.issueAccessToken(SimulatedAccessToken(audience: "api://firstkey", appID: SimulatorFixture.clientID, roles: ["User.Read.All"]))
            #expect(try await fixture.graph(.get, path, token: otherAudience).status == .unauthorized)

            let otherTenant = try fixture.simulator.issueAccessToken(SimulatedAccessToken(audience: "https://graph.microsoft.com", appID: SimulatorFixture.clientID,
                                                                                          roles: ["User.Read.All"], tenantID: "00000000-0000-0000-0000-000000000001"))
            #expect(try await fixture.graph(.get, path, token: otherTenant).status == .unauthorized)
            _ = tenant

            // The fixture app holds only Mail.Send.
            result = try await fixture.graph(.get, path, token: try await fixture.graphToken())
            #expect(result.status == .forbidden)
            #expect(result.json?["error"]?["code"] == "Authorization_RequestDenied")
            #expect(result.json?["error"]?["message"] == "Insufficient privileges to complete the operation.")
        }
    }

    @Test("a token expires with the simulated clock")
    func clock() async throws {
        try await SimulatorFixture.with { fixture in
            let token = try await fixture.graphToken()
            #expect(try await fixture.graph(.get, "/v1.0/users/kjensen@contoso.com", token: token).status == .ok)
            fixture.simulator.advanceClock(by: 3599 + 301)
            #expect(try await fixture.graph(.get, "/v1.0/users/kjensen@contoso.com", token: token).status == .unauthorized)
        }
    }
}
