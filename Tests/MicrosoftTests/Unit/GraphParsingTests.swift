import Foundation
@testable import Microsoft
import NIOHTTP1
import Testing

@Suite struct GraphParsingTests {
    func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try GraphDate.decoder.decode(type, from: Data(json.utf8))
    }

    @Test func userFromTheReferenceSample() throws {
        let user = try decode(GraphUser.self, #"""
        {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users(id)/$entity",
         "id":"a97733ce-92a4-4e7e-8d45-8e1f3e6a69d8","userPrincipalName":"kjensen@contoso.com","accountEnabled":false,
         "employeeId":"701985","mail":null,"otherMails":["kathy@example.org"],"mobilePhone":"+1 5555551234",
         "businessPhones":["+1 4255550100"],"onPremisesSecurityIdentifier":"S-1-5-21-1004336348-1177238915-682003330-5120",
         "onPremisesImmutableId":"8hYe8zR0qkS3Q0ZbN3sQ1A==","onPremisesSamAccountName":"kjensen",
         "onPremisesDistinguishedName":"CN=Kathy Jensen,OU=Staff,DC=contoso,DC=com","onPremisesSyncEnabled":true,
         "onPremisesDomainName":"contoso.com","onPremisesLastSyncDateTime":"2024-03-01T08:15:00Z"}
        """#)
        #expect(user.id == "a97733ce-92a4-4e7e-8d45-8e1f3e6a69d8")
        #expect(user.accountEnabled == false)
        #expect(user.employeeID == "701985")
        #expect(user.mail == nil)
        #expect(user.otherMails == ["kathy@example.org"])
        #expect(user.businessPhones == ["+1 4255550100"])
        #expect(user.onPremisesImmutableID == "8hYe8zR0qkS3Q0ZbN3sQ1A==")
        #expect(user.onPremisesSamAccountName == "kjensen")
        #expect(user.isSyncedFromOnPremises)
        #expect(user.onPremisesLastSyncDateTime == Date(timeIntervalSince1970: 1_709_280_900))
        let cloudOnly = try decode(GraphUser.self, #"{"id":"x","onPremisesSyncEnabled":null}"#)
        #expect(cloudOnly.onPremisesSyncEnabled == nil)
        #expect(cloudOnly.otherMails.isEmpty)
    }

    @Test func dates() {
        #expect(abs((GraphDate.parse("2022-06-02T16:21:09.765173Z")?.timeIntervalSince1970 ?? 0) - 1_654_186_869.765173) < 0.000_01)
        #expect(GraphDate.parse("2022-06-05T00:00:00Z") == Date(timeIntervalSince1970: 1_654_387_200))
        #expect(GraphDate.parse("2022-06-05T00:00:00.000+00:00") == Date(timeIntervalSince1970: 1_654_387_200))
        #expect(GraphDate.parse("2021-05-18T19:03:10") == Date(timeIntervalSince1970: 1_621_364_590))
        #expect(GraphDate.parse("2024-03-01") == Date(timeIntervalSince1970: 1_709_251_200))
        #expect(GraphDate.parse("yesterday") == nil)
    }

    @Test func authenticationMethodsAreTyped() throws {
        let page = try decode(GraphCollection<AuthenticationMethod>.self, #"""
        {"value":[
          {"@odata.type":"#microsoft.graph.passwordAuthenticationMethod","id":"28c10230-6103-485e-b985-444c60001490","password":null},
          {"@odata.type":"#microsoft.graph.phoneAuthenticationMethod","id":"3179e48a-750b-4051-897c-87b9720928f7","phoneNumber":"+1 5555551234","phoneType":"mobile","smsSignInState":"ready"},
          {"@odata.type":"#microsoft.graph.fido2AuthenticationMethod","id":"f1","displayName":"YubiKey","aaGuid":"cb69481e-8ff7-4039-93ec-0a2729a154a8","model":"YubiKey 5","attestationLevel":"attested","createdDateTime":"2024-01-02T03:04:05Z"},
          {"@odata.type":"#microsoft.graph.temporaryAccessPassAuthenticationMethod","id":"t1","temporaryAccessPass":null,"lifetimeInMinutes":60},
          {"@odata.type":"#microsoft.graph.platformCredentialAuthenticationMethod","id":"p1","displayName":"Contoso's MacBook","keyStrength":"normal","platform":"macOS","createdDateTime":"2024-05-06T07:08:09Z"},
          {"@odata.type":"#microsoft.graph.someFutureAuthenticationMethod","id":"n1"}
        ]}
        """#)
        // fido2AuthenticationMethod and platformCredentialAuthenticationMethod as their v1.0 resource pages show them.
        #expect(page.value.count == 6)
        #expect(page.value[0] == .password(id: "28c10230-6103-485e-b985-444c60001490"))
        guard case .phone(let phone) = page.value[1] else { Issue.record("expected phone"); return }
        #expect(phone.phoneType == .mobile)
        #expect(phone.smsSignInState == .ready)
        guard case .fido2(let key) = page.value[2] else { Issue.record("expected fido2"); return }
        #expect(key.model == "YubiKey 5")
        #expect(key.createdDateTime == Date(timeIntervalSince1970: 1_704_164_645))
        guard case .temporaryAccessPass(let pass) = page.value[3] else { Issue.record("expected TAP"); return }
        #expect(pass.lifetimeInMinutes == 60)
        #expect(page.value[4] == .platformCredential(id: "p1", displayName: "Contoso's MacBook", createdDateTime: Date(timeIntervalSince1970: 1_714_979_289)))
        #expect(page.value[4].isSignInMethodSetUpByAUser)
        #expect(page.value[5] == .unrecognized(odataType: "#microsoft.graph.someFutureAuthenticationMethod", id: "n1"))
    }

    @Test func onboardedMeansAnythingButPasswordAndTAP() {
        let tap = AuthenticationMethod.temporaryAccessPass(TemporaryAccessPassMethod(id: "t"))
        #expect(![AuthenticationMethod.password(id: "p"), tap].showsUserIsOnboarded)
        #expect([AuthenticationMethod.password(id: "p"), .microsoftAuthenticator(id: "m", displayName: nil, createdDateTime: nil)].showsUserIsOnboarded)
        #expect([AuthenticationMethod.phone(PhoneAuthenticationMethod(id: "x", phoneNumber: "+1 5", phoneType: .mobile))].showsUserIsOnboarded)
        #expect([AuthenticationMethod.unrecognized(odataType: "#new", id: "n")].showsUserIsOnboarded)
        #expect(![AuthenticationMethod]().showsUserIsOnboarded)
    }

    @Test func phoneNumbersToE164() {
        func e164(_ number: String?) -> String? { PhoneAuthenticationMethod(id: "x", phoneNumber: number, phoneType: .mobile).e164Number }
        #expect(e164("+1 5555551234") == "+15555551234")
        #expect(e164("+44 7700900123x12") == "+447700900123")
        #expect(e164("+1 555XXXX234") == nil)
        #expect(e164("5555551234") == nil)
        #expect(e164(nil) == nil)
    }

    @Test func temporaryAccessPassFromTheCreateResponse() throws {
        let method = try decode(TemporaryAccessPassMethod.self, #"""
        {"@odata.type":"#microsoft.graph.temporaryAccessPassAuthenticationMethod",
         "id":"6f1967b7-15e8-4935-ac26-d50770ed07a7","temporaryAccessPass":"+drkzqAD",
         "createdDateTime":"2022-06-02T16:21:09.765173Z","startDateTime":"2022-06-05T00:00:00Z",
         "lifetimeInMinutes":60,"isUsableOnce":false,"isUsable":false,"methodUsabilityReason":"NotYetValid"}
        """#)
        #expect(method.methodUsabilityReason == .notYetValid)
        #expect(method.isUsable == false)
        #expect(method.expiresAt == Date(timeIntervalSince1970: 1_654_387_200 + 3600))
        let secret = TemporaryAccessPassSecret("+drkzqAD")
        for text in [String(describing: secret), String(reflecting: secret), dumped(secret), dumped(CreatedTemporaryAccessPass(method: method, pass: secret))] {
            #expect(!text.contains("drkzqAD"))
        }
        #expect(secret.revealedValue == "+drkzqAD")
    }

    @Test func managerMayBeAContact() throws {
        let contact = try decode(GraphDirectoryObject.self, ##"{"@odata.type":"#microsoft.graph.orgContact","id":"c1","displayName":"Ext Manager","mail":"m@example.org"}"##)
        #expect(contact.kind == .orgContact)
        #expect(try decode(GraphDirectoryObject.self, ##"{"@odata.type":"#microsoft.graph.user","id":"u1"}"##).kind == .user)
    }

    @Test func graphErrorKeepsCodeAndIDs() {
        let response = MicrosoftHTTPResponse.json(.forbidden, #"""
        {"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.",
         "innerError":{"date":"2021-05-18T19:03:10","request-id":"d9bbd4d8-1111","client-request-id":"539da3bd-2222"}}}
        """#)
        let error = GraphErrorBody.graphError(from: response, operation: .createTemporaryAccessPass, sentClientRequestID: nil)
        #expect(error.code == .forbidden)
        #expect(error.graphCode == "Authorization_RequestDenied")
        #expect(error.requestID == "d9bbd4d8-1111")
        #expect(error.clientRequestID == "539da3bd-2222")
        #expect(error.description.contains("UserAuthenticationMethod.ReadWrite.All"))
        #expect(error.description.contains("request-id d9bbd4d8-1111"))

        let throttled = GraphErrorBody.graphError(
            from: .json(.tooManyRequests, #"{"error":{"code":"TooManyRequests","message":"Please retry again later.","innerError":{"code":"429","request-id":"r"}}}"#),
            operation: .getUser, sentClientRequestID: "c")
        #expect(throttled.code == .throttled)
        #expect(throttled.clientRequestID == "c")

        let unsupported = GraphErrorBody.graphError(from: .json(.badRequest, #"{"error":{"code":"Request_UnsupportedQuery","message":"x"}}"#), operation: .findUsers, sentClientRequestID: nil)
        #expect(unsupported.code == .unsupportedQuery)

        let mailDenied = GraphErrorBody.graphError(from: .json(.forbidden, #"{"error":{"code":"ErrorAccessDenied","message":"Access to OData is disabled."}}"#), operation: .sendMail, sentClientRequestID: nil)
        #expect(mailDenied.description.contains("ApplicationAccessPolicy"))

        let empty = GraphErrorBody.graphError(from: .empty(.badGateway, headers: [("request-id", "hdr")]), operation: .getUser, sentClientRequestID: nil)
        #expect(empty.code == .serverError)
        #expect(empty.requestID == "hdr")
    }

    @Test func callbackPaths() throws {
        let expected = try LifecycleWorkflowCallback(workflowID: "wf", taskID: "t-1", taskProcessingResultID: "r-2")
        for path in [
            "/identityGovernance/lifecycleWorkflows/workflows/wf/tasks/t-1/taskProcessingResults/r-2/microsoft.graph.identityGovernance.resume",
            "/identityGovernance/lifecycleWorkflows/workflows/wf/tasks/t-1/taskProcessingResults/r-2/resume",
            "https://graph.microsoft.com/beta/identityGovernance/lifecycleWorkflows/workflows/wf/tasks/t-1/taskProcessingResults/r-2/microsoft.graph.identityGovernance.resume",
        ] {
            #expect(try LifecycleWorkflowCallback(callbackURIPath: path) == expected)
        }
        #expect(throws: GraphError.self) { try LifecycleWorkflowCallback(callbackURIPath: "/users/x") }
        #expect(throws: GraphError.self) { try LifecycleWorkflowCallback(workflowID: "wf/../x", taskID: "t", taskProcessingResultID: "r") }
        #expect(throws: GraphError.self) { try LifecycleWorkflowCallback(workflowID: "", taskID: "t", taskProcessingResultID: "r") }
    }

    @Test func calloutBody() throws {
        let callout = try LifecycleWorkflowCallout.parse(Array(#"""
        {"source":"sample","type":"lifecycleEvent",
         "data":{"callbackUriPath":"/identityGovernance/lifecycleWorkflows/workflows/wf-1/tasks/task-2/taskProcessingResults/tpr-3/microsoft.graph.identityGovernance.resume",
          "subject":{"id":"u-1","displayName":"Kathy Jensen","email":"kjensen@contoso.com","userPrincipalName":"kjensen@contoso.com",
                     "manager":{"id":"m-1","displayName":"Manager","email":"manager@contoso.com"}},
          "task":{"id":"task-2","displayName":"Firstkey"},
          "taskProcessingResult":{"id":"tpr-3","createdDateTime":"2024-01-01T00:00:00Z"},
          "workflow":{"id":"wf-1","displayName":"Onboard","workflowVersion":1}}}
        """#.utf8))
        #expect(callout.subject.id == "u-1")
        #expect(callout.subject.managerEmail == "manager@contoso.com")
        #expect(callout.callback == (try LifecycleWorkflowCallback(workflowID: "wf-1", taskID: "task-2", taskProcessingResultID: "tpr-3")))
        #expect(callout.workflowDisplayName == "Onboard")

        let pathOnly = try LifecycleWorkflowCallout.parse(Array(#"{"data":{"callbackUriPath":"/identityGovernance/lifecycleWorkflows/workflows/a/tasks/b/taskProcessingResults/c/resume","subject":{"id":"u"}}}"#.utf8))
        #expect(pathOnly.callback.taskProcessingResultID == "c")
        #expect(throws: GraphError.self) { try LifecycleWorkflowCallout.parse(Array(#"{"data":{"subject":{"id":"u"}}}"#.utf8)) }
        #expect(throws: GraphError.self) { try LifecycleWorkflowCallout.parse(Array("nope".utf8)) }
    }
}
