import Foundation
@testable import Microsoft
import NIOHTTP1
import Testing

@Suite struct GraphRequestsTests {
    let requests = GraphRequests(base: URL(string: "https://graph.microsoft.com/v1.0")!)

    func json(_ body: [UInt8]?) throws -> NSDictionary {
        let bytes = try #require(body)
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? NSDictionary)
    }

    @Test func userSelectsTheOnPremisesProperties() {
        let request = requests.user("kjensen@contoso.com")
        #expect(request.method == .GET)
        #expect(request.url.path == "/v1.0/users/kjensen@contoso.com")
        let select = request.httpRequest(authorization: "Bearer t").queryItems["$select"]
        #expect(select == "id,userPrincipalName,displayName,accountEnabled,employeeId,mail,otherMails,mobilePhone,businessPhones,onPremisesSecurityIdentifier,onPremisesImmutableId,onPremisesSamAccountName,onPremisesDistinguishedName,onPremisesSyncEnabled,onPremisesDomainName,onPremisesUserPrincipalName,onPremisesLastSyncDateTime,employeeHireDate")
        #expect(request.headers.first(name: "ConsistencyLevel") == nil)
    }

    @Test func guestUPNIsPercentEncoded() {
        let request = requests.user("kathy_example.org#EXT#@contoso.onmicrosoft.com")
        #expect(request.url.absoluteString.hasPrefix("https://graph.microsoft.com/v1.0/users/kathy_example.org%23EXT%23@contoso.onmicrosoft.com?"))
        #expect(requests.user("../../me").url.absoluteString.hasPrefix("https://graph.microsoft.com/v1.0/users/..%2F..%2Fme?"))
    }

    @Test func employeeIDIsADefaultQuery() {
        let request = requests.users(matching: .employeeID("701985"))
        let items = request.httpRequest(authorization: "Bearer t").queryItems
        #expect(items["$filter"] == "employeeId eq '701985'")
        #expect(items["$count"] == nil)
        #expect(request.headers.first(name: "ConsistencyLevel") == nil)
        #expect(request.url.absoluteString.contains("$filter=employeeId%20eq%20%27701985%27"))
    }

    @Test(arguments: [
        (GraphUserFilter.onPremisesSamAccountName("kjensen"), "onPremisesSamAccountName eq 'kjensen'"),
        (.onPremisesImmutableID("8hYe8zR0qkS3Q0ZbN3sQ1A=="), "onPremisesImmutableId eq '8hYe8zR0qkS3Q0ZbN3sQ1A=='"),
    ])
    func onPremisesKeysAreAdvancedQueries(_ filter: GraphUserFilter, _ expression: String) {
        let request = requests.users(matching: filter)
        let items = request.httpRequest(authorization: "Bearer t").queryItems
        #expect(items["$filter"] == expression)
        #expect(items["$count"] == "true")
        #expect(request.headers.first(name: "ConsistencyLevel") == "eventual")
    }

    @Test func quotesInValuesCannotEndTheLiteral() {
        let items = requests.users(matching: .mail("o'brien@contoso.com' or true")).httpRequest(authorization: "x").queryItems
        #expect(items["$filter"] == "mail eq 'o''brien@contoso.com'' or true'")
    }

    @Test func newHiresWindow() {
        let request = requests.usersHired(from: Date(timeIntervalSince1970: 1_704_067_200), to: Date(timeIntervalSince1970: 1_706_745_600))
        let items = request.httpRequest(authorization: "x").queryItems
        #expect(items["$filter"] == "employeeHireDate ge 2024-01-01T00:00:00Z and employeeHireDate le 2024-02-01T00:00:00Z")
        #expect(items["$select"]?.hasSuffix(",employeeHireDate") == true)
        #expect(items["$count"] == "true")
        #expect(request.headers.first(name: "ConsistencyLevel") == "eventual")
    }

    @Test func managerAndMethods() {
        #expect(requests.manager(of: "u1").url.absoluteString == "https://graph.microsoft.com/v1.0/users/u1/manager?$select=id%2CdisplayName%2Cmail%2CuserPrincipalName")
        #expect(requests.authenticationMethods(of: "u1").url.absoluteString == "https://graph.microsoft.com/v1.0/users/u1/authentication/methods")
        #expect(requests.phoneMethods(of: "u1").url.absoluteString == "https://graph.microsoft.com/v1.0/users/u1/authentication/phoneMethods")
    }

    @Test func temporaryAccessPassRequests() throws {
        let create = try requests.createTemporaryAccessPass(
            for: "u1", TemporaryAccessPassRequest(startDateTime: Date(timeIntervalSince1970: 1_654_387_200), lifetimeInMinutes: 60, isUsableOnce: false))
        #expect(create.method == .POST)
        #expect(create.url.absoluteString == "https://graph.microsoft.com/v1.0/users/u1/authentication/temporaryAccessPassMethods")
        #expect(create.headers.first(name: "Content-Type") == "application/json")
        #expect(try json(create.body) == ["startDateTime": "2022-06-05T00:00:00.000Z", "lifetimeInMinutes": 60, "isUsableOnce": false])
        #expect(try requests.createTemporaryAccessPass(for: "u1", .init()).body.map { String(decoding: $0, as: UTF8.self) } == "{}")

        let delete = requests.deleteTemporaryAccessPass("6f1967b7", of: "u1")
        #expect(delete.method == .DELETE)
        #expect(delete.url.absoluteString == "https://graph.microsoft.com/v1.0/users/u1/authentication/temporaryAccessPassMethods/6f1967b7")
        #expect(requests.temporaryAccessPass("6f1967b7", of: "u1").method == .GET)
        #expect(TemporaryAccessPassRequest(lifetimeInMinutes: 5).problem != nil)
        #expect(TemporaryAccessPassRequest(lifetimeInMinutes: 43_200).problem == nil)
    }

    @Test func sendMailBody() throws {
        let message = MailMessage(
            subject: "Your first sign-in", body: .text("Hello"), to: ["kathy@example.org"], cc: ["manager@contoso.com"],
            headers: [.init(name: "x-firstkey-id", value: "123")])
        let request = try requests.sendMail(from: "noreply@contoso.com", message, saveToSentItems: false)
        #expect(request.url.absoluteString == "https://graph.microsoft.com/v1.0/users/noreply@contoso.com/sendMail")
        #expect(request.idempotency == .notIdempotent)
        #expect(try json(request.body) == [
            "message": [
                "subject": "Your first sign-in", "body": ["contentType": "Text", "content": "Hello"],
                "toRecipients": [["emailAddress": ["address": "kathy@example.org"]]],
                "ccRecipients": [["emailAddress": ["address": "manager@contoso.com"]]],
                "internetMessageHeaders": [["name": "x-firstkey-id", "value": "123"]],
            ],
            "saveToSentItems": false,
        ])
        let html = try requests.sendMail(from: "a@b.c", MailMessage(subject: "s", body: .html("<p>x</p>"), to: ["k@e.org"]), saveToSentItems: true)
        let body = try json(html.body)
        #expect((body["message"] as? NSDictionary)?["body"] as? NSDictionary == ["contentType": "HTML", "content": "<p>x</p>"])
        #expect(body["saveToSentItems"] as? Bool == true)
        #expect(MailMessage(subject: "s", body: .text("x"), to: []).problem != nil)
        #expect(MailMessage(subject: "s", body: .text("x"), to: ["a@b.c"], headers: [.init(name: "Firstkey", value: "1")]).problem != nil)
    }

    @Test func resumeRequest() throws {
        let callback = try LifecycleWorkflowCallback(workflowID: "wf-1", taskID: "task-2", taskProcessingResultID: "tpr-3")
        let request = try requests.resume(callback, status: .completed)
        #expect(request.method == .POST)
        #expect(request.url.absoluteString == "https://graph.microsoft.com/v1.0/identityGovernance/lifecycleWorkflows/workflows/wf-1/tasks/task-2/taskProcessingResults/tpr-3/resume")
        #expect(try json(request.body) == ["data": ["operationStatus": "Completed"], "source": "firstkey", "type": "lifecycleEvent"])
        #expect(try json(try requests.resume(callback, status: .failed).body)["data"] as? NSDictionary == ["operationStatus": "Failed"])
    }

    @Test func followingAPageKeepsHeaders() {
        let first = requests.users(matching: .onPremisesSamAccountName("k"))
        let next = first.following(URL(string: "https://graph.microsoft.com/v1.0/users?$skiptoken=abc")!)
        #expect(next.headers.first(name: "ConsistencyLevel") == "eventual")
        #expect(next.url.absoluteString == "https://graph.microsoft.com/v1.0/users?$skiptoken=abc")
        #expect(GraphURL.isSameOrigin(next.url, as: URL(string: "https://graph.microsoft.com/v1.0")!))
        #expect(!GraphURL.isSameOrigin(URL(string: "https://evil.example/v1.0/users")!, as: URL(string: "https://graph.microsoft.com/v1.0")!))
        #expect(!GraphURL.isSameOrigin(URL(string: "http://graph.microsoft.com/v1.0/users")!, as: URL(string: "https://graph.microsoft.com/v1.0")!))
    }
}
