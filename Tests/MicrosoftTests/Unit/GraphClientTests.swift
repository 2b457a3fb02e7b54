import Foundation
@testable import Microsoft
import NIOHTTP1
import Testing

@Suite struct GraphClientTests {
    /// A Graph client whose token endpoint always answers, and whose Graph answers come from `graph`.
    func makeClient(
        retryPolicy: RetryPolicy = Fixtures.fastRetries,
        graph: @escaping @Sendable (MicrosoftHTTPRequest, Int) async throws -> MicrosoftHTTPResponse
    ) throws -> (GraphClient, ScriptedTransport) {
        let transport = ScriptedTransport { request, index in
            if request.url.host == "login.microsoftonline.com" { return Fixtures.tokenResponse("token-\(index)") }
            return try await graph(request, index)
        }
        let configuration = try Fixtures.configuration()
        let tokens = EntraTokenClient(configuration: configuration, transport: transport, logger: quietLogger)
        return (GraphClient(configuration: configuration, tokens: tokens, transport: transport, retryPolicy: retryPolicy, logger: quietLogger), transport)
    }

    func graphRequests(_ transport: ScriptedTransport) -> [MicrosoftHTTPRequest] {
        transport.requests.filter { $0.url.host == "graph.microsoft.com" }
    }

    @Test func everyRequestCarriesTokenAndClientRequestID() async throws {
        let (client, transport) = try makeClient { _, _ in .json(.ok, #"{"id":"u1","userPrincipalName":"k@contoso.com"}"#) }
        _ = try await client.user("u1")
        _ = try await client.user("u2")
        let sent = graphRequests(transport)
        #expect(sent.count == 2)
        #expect(sent.allSatisfy { $0.headers.first(name: "Authorization") == "Bearer token-0" })
        let ids = sent.compactMap { $0.headers.first(name: "client-request-id") }
        #expect(ids.count == 2 && ids[0] != ids[1])
        #expect(sent.allSatisfy { $0.headers.first(name: "return-client-request-id") == "true" })
    }

    @Test func missingUserIsNil() async throws {
        let (client, _) = try makeClient { _, _ in
            .json(.notFound, #"{"error":{"code":"Request_ResourceNotFound","message":"Resource 'x' does not exist."}}"#)
        }
        #expect(try await client.user("x") == nil)
        #expect(try await client.manager(of: "x") == nil)
        #expect(try await client.temporaryAccessPass("t", of: "x") == nil)
        #expect(try await client.deleteTemporaryAccessPass("t", of: "x") == false)
    }

    @Test func pagingResendsHeadersAndStopsWithoutNextLink() async throws {
        let (client, transport) = try makeClient { request, _ in
            if request.url.absoluteString.contains("skiptoken=2") {
                return .json(.ok, #"{"value":[{"id":"c"}]}"#)
            }
            if request.url.absoluteString.contains("skiptoken=1") {
                return .json(.ok, #"{"value":[],"@odata.nextLink":"https://graph.microsoft.com/v1.0/users?$skiptoken=2"}"#)
            }
            return .json(.ok, #"{"@odata.count":3,"value":[{"id":"a"},{"id":"b"}],"@odata.nextLink":"https://graph.microsoft.com/v1.0/users?$skiptoken=1"}"#)
        }
        let users = try await client.users(matching: .onPremisesSamAccountName("k"))
        #expect(users.map(\.id) == ["a", "b", "c"])
        let sent = graphRequests(transport)
        #expect(sent.count == 3)
        #expect(sent.allSatisfy { $0.headers.first(name: "ConsistencyLevel") == "eventual" })
    }

    @Test func nextLinkToAnotherHostIsNotFollowed() async throws {
        let (client, transport) = try makeClient { _, _ in
            .json(.ok, #"{"value":[{"id":"a"}],"@odata.nextLink":"https://attacker.example/v1.0/users?$skiptoken=1"}"#)
        }
        let error = await #expect(throws: GraphError.self) { try await client.users(matching: .employeeID("1")) }
        #expect(error?.code == .unexpectedResponse)
        #expect(graphRequests(transport).count == 1)
        #expect(!transport.requests.contains { $0.url.host == "attacker.example" })
    }

    @Test func throttlingIsRetriedAfterRetryAfter() async throws {
        let (client, transport) = try makeClient { _, index in
            index < 3
                ? .json(.tooManyRequests, #"{"error":{"code":"TooManyRequests","message":"Please retry again later."}}"#, headers: [("Retry-After", "0.05")])
                : .json(.ok, #"{"id":"u1"}"#)
        }
        let clock = ContinuousClock()
        let started = clock.now
        #expect(try await client.user("u1")?.id == "u1")
        #expect(clock.now - started >= .milliseconds(100))
        #expect(graphRequests(transport).count == 3)
    }

    @Test func persistentServerErrorsEndInAGraphError() async throws {
        let (client, transport) = try makeClient { _, _ in
            .json(.internalServerError, #"{"error":{"code":"generalException","message":"boom","innerError":{"request-id":"rid"}}}"#)
        }
        let error = await #expect(throws: GraphError.self) { try await client.user("u1") }
        #expect(error?.code == .serverError)
        #expect(error?.httpStatus == 500)
        #expect(error?.requestID == "rid")
        #expect(graphRequests(transport).count == Fixtures.fastRetries.maximumAttempts)
    }

    @Test func sendMailIsNotRepeatedAfterAnAmbiguousFailure() async throws {
        let (client, transport) = try makeClient { _, _ in .json(.internalServerError, #"{"error":{"code":"x","message":"y"}}"#) }
        await #expect(throws: GraphError.self) {
            try await client.sendMail(from: "noreply@contoso.com", MailMessage(subject: "s", body: .text("b"), to: ["k@example.org"]))
        }
        #expect(graphRequests(transport).count == 1)
    }

    @Test func rejectedTokenIsReplacedOnce() async throws {
        let (client, transport) = try makeClient { request, _ in
            request.headers.first(name: "Authorization") == "Bearer token-0"
                ? .json(.unauthorized, #"{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired."}}"#)
                : .json(.ok, #"{"id":"u1"}"#)
        }
        #expect(try await client.user("u1")?.id == "u1")
        #expect(transport.requests.filter { $0.url.host == "login.microsoftonline.com" }.count == 2)
    }

    @Test func temporaryAccessPassLifecycle() async throws {
        let (client, transport) = try makeClient { request, _ in
            switch request.method {
            case .POST:
                .json(.created, ##"{"@odata.type":"#microsoft.graph.temporaryAccessPassAuthenticationMethod","id":"tap-1","temporaryAccessPass":"+drkzqAD","lifetimeInMinutes":60,"isUsableOnce":true,"isUsable":true,"methodUsabilityReason":"EnabledByPolicy"}"##)
            case .DELETE:
                .empty(.noContent)
            default:
                .json(.ok, #"{"value":[{"id":"tap-1","temporaryAccessPass":null,"lifetimeInMinutes":60}]}"#)
            }
        }
        let created = try await client.createTemporaryAccessPass(for: "u1", .init(lifetimeInMinutes: 60, isUsableOnce: true))
        #expect(created.pass.revealedValue == "+drkzqAD")
        #expect(created.method.methodUsabilityReason == .enabledByPolicy)
        #expect(try await client.temporaryAccessPasses(of: "u1").map(\.id) == ["tap-1"])
        #expect(try await client.deleteTemporaryAccessPass("tap-1", of: "u1"))
        await #expect(throws: GraphError.self) { try await client.createTemporaryAccessPass(for: "u1", .init(lifetimeInMinutes: 1)) }
        #expect(graphRequests(transport).count == 3)
    }

    @Test func createdPassWithoutSecretIsAnError() async throws {
        let (client, _) = try makeClient { _, _ in .json(.created, #"{"id":"tap-1","temporaryAccessPass":null}"#) }
        let error = await #expect(throws: GraphError.self) { try await client.createTemporaryAccessPass(for: "u1") }
        #expect(error?.code == .unexpectedResponse)
    }

    @Test func forbiddenNamesThePermission() async throws {
        let (client, _) = try makeClient { _, _ in
            .json(.forbidden, #"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{"request-id":"r1","client-request-id":"c1"}}}"#)
        }
        let error = await #expect(throws: GraphError.self) { try await client.authenticationMethods(of: "u1") }
        #expect(error?.code == .forbidden)
        #expect(error?.description.contains("UserAuthenticationMethod.Read.All") == true)
        #expect(error?.description.contains("client-request-id c1") == true)
    }

    @Test func undocumentedJSONIsReportedWithoutEchoingIt() async throws {
        let (client, _) = try makeClient { _, _ in .json(.ok, #"{"userPrincipalName":"secret-looking@contoso.com"}"#) }
        let error = await #expect(throws: GraphError.self) { try await client.user("u1") }
        #expect(error?.code == .unexpectedResponse)
        #expect(error?.description.contains("missing 'id'") == true)
        #expect(error?.description.contains("secret-looking") == false)
    }

    @Test func emptyIdentifiersAreRefusedBeforeSending() async throws {
        let (client, transport) = try makeClient { _, _ in .json(.ok, #"{"value":[]}"#) }
        let error = await #expect(throws: GraphError.self) { try await client.user(" ") }
        #expect(error?.code == .invalidInput)
        await #expect(throws: GraphError.self) { try await client.deleteTemporaryAccessPass("", of: "u1") }
        await #expect(throws: GraphError.self) { try await client.users(matching: .employeeID("")) }
        #expect(transport.requests.isEmpty)
    }

    @Test func resumeAndMail() async throws {
        let (client, transport) = try makeClient { _, _ in .empty(.accepted) }
        try await client.sendMail(from: "noreply@contoso.com", MailMessage(subject: "s", body: .text("b"), to: ["k@example.org"]))
        try await client.resumeLifecycleWorkflow(try LifecycleWorkflowCallback(workflowID: "a", taskID: "b", taskProcessingResultID: "c"), status: .completed)
        let sent = graphRequests(transport)
        #expect(sent.map(\.operation) == ["send_mail", "resume_lifecycle_workflow"])
        #expect(sent[0].bodyText.contains(#""saveToSentItems":false"#))
    }
}
