public import Foundation
public import Logging
import NIOHTTP1

/// Microsoft Graph, app-only: users, managers, authentication methods, Temporary Access Passes,
/// sendMail and the Lifecycle Workflows resume callback.
///
/// Every request carries a fresh `client-request-id`; throttling (429, 503, 504 with
/// `Retry-After`), other 5xx and connection failures are retried per `RetryPolicy`; collections
/// are followed through `@odata.nextLink` with the same headers. Methods throw `GraphError`, or
/// `EntraError` when no token could be obtained.
public struct GraphClient: Sendable {
    /// Stop following `@odata.nextLink` after this many pages (a loop guard, not a limit met in practice).
    public static let maximumPages = 1000

    public let configuration: EntraConfiguration
    private let tokens: EntraTokenClient
    private let executor: ProviderRequestExecutor
    private let requests: GraphRequests
    private let logger: Logger

    public init(
        configuration: EntraConfiguration,
        tokens: EntraTokenClient,
        transport: any MicrosoftHTTPTransport,
        retryPolicy: RetryPolicy = .default,
        logger: Logger = Logger(label: "firstkey.microsoft.graph")
    ) {
        self.configuration = configuration
        self.tokens = tokens
        self.executor = ProviderRequestExecutor(provider: .graph, transport: transport, retryPolicy: retryPolicy, logger: logger)
        self.requests = GraphRequests(base: configuration.graphBaseURL)
        self.logger = logger
    }

    // MARK: Users

    /// The user with this object ID or user principal name, or nil if none exists.
    public func user(_ idOrUserPrincipalName: String) async throws -> GraphUser? {
        try Self.check(idOrUserPrincipalName, "user ID", .getUser)
        return try await decodeUnlessNotFound(GraphUser.self, requests.user(idOrUserPrincipalName))
    }

    /// Every user matching `filter` (usually none or one; HR keys are not guaranteed unique).
    public func users(matching filter: GraphUserFilter) async throws -> [GraphUser] {
        guard !filter.value.isEmpty else {
            throw GraphError(.invalidInput, operation: .findUsers, detail: "the search value is empty")
        }
        return try await collect(GraphUser.self, requests.users(matching: filter))
    }

    /// Users whose `employeeHireDate` is within the window, for pull mode. Advanced query
    /// (eventually consistent); Graph's support for this filter is **unverified**.
    public func usersHired(from start: Date, to end: Date) async throws -> [GraphUser] {
        guard start <= end else {
            throw GraphError(.invalidInput, operation: .findUsers, detail: "the hire-date window ends before it starts")
        }
        return try await collect(GraphUser.self, requests.usersHired(from: start, to: end))
    }

    /// The user's manager, or nil when none is set (Graph answers 404).
    public func manager(of userID: String) async throws -> GraphDirectoryObject? {
        try Self.check(userID, "user ID", .getManager)
        return try await decodeUnlessNotFound(GraphDirectoryObject.self, requests.manager(of: userID))
    }

    /// The user's activated Entra directory roles, direct or through role-assignable groups.
    /// Roles a user is only *eligible* for (Privileged Identity Management) are not listed here.
    public func directoryRoles(of userID: String) async throws -> [GraphDirectoryObject] {
        try await memberships(of: userID).filter { $0.kind == .directoryRole }
    }

    /// Every group and activated directory role of the user, direct or nested.
    public func memberships(of userID: String) async throws -> [GraphDirectoryObject] {
        try Self.check(userID, "user ID", .listMemberships)
        return try await collect(GraphDirectoryObject.self, requests.memberships(of: userID))
    }

    /// When the user last signed in successfully, or why Graph will not say (a 403: the
    /// permission or the licence is missing). Other failures throw.
    public func signInActivity(of userID: String) async throws -> SignInActivityReading {
        try Self.check(userID, "user ID", .getSignInActivity)
        struct Body: Decodable {
            struct Activity: Decodable { var lastSuccessfulSignInDateTime: Date? }
            var signInActivity: Activity?
        }
        do {
            let request = requests.signInActivity(of: userID)
            let body = try decode(Body.self, from: try await send(request), operation: request.operation)
            return .readable(lastSuccessfulSignIn: body.signInActivity?.lastSuccessfulSignInDateTime)
        } catch let error as GraphError where error.code == .forbidden {
            return .unavailable(error)
        }
    }

    /// Whether `signInActivity` can be read at all (for `config check`): `.readable(nil)` or why not.
    public func signInActivityProbe() async throws -> SignInActivityReading {
        do {
            _ = try await send(requests.signInActivityProbe())
            return .readable(lastSuccessfulSignIn: nil)
        } catch let error as GraphError where error.code == .forbidden {
            return .unavailable(error)
        }
    }

    // MARK: Authentication methods

    public func authenticationMethods(of userID: String) async throws -> [AuthenticationMethod] {
        try Self.check(userID, "user ID", .listAuthenticationMethods)
        return try await collect(AuthenticationMethod.self, requests.authenticationMethods(of: userID))
    }

    public func phoneMethods(of userID: String) async throws -> [PhoneAuthenticationMethod] {
        try Self.check(userID, "user ID", .listPhoneMethods)
        return try await collect(PhoneAuthenticationMethod.self, requests.phoneMethods(of: userID))
    }

    /// Creates a pass, replacing any existing one. The returned secret is the only copy.
    public func createTemporaryAccessPass(for userID: String, _ options: TemporaryAccessPassRequest = .init()) async throws -> CreatedTemporaryAccessPass {
        try Self.check(userID, "user ID", .createTemporaryAccessPass)
        if let problem = options.problem {
            throw GraphError(.invalidInput, operation: .createTemporaryAccessPass, detail: problem)
        }
        let request = try encoded(.createTemporaryAccessPass) { try requests.createTemporaryAccessPass(for: userID, options) }
        let response = try await send(request)
        struct Created: Decodable { var temporaryAccessPass: String? }
        let method = try decode(TemporaryAccessPassMethod.self, from: response, operation: request.operation)
        guard let pass = try? GraphDate.decoder.decode(Created.self, from: Data(response.body)).temporaryAccessPass, !pass.isEmpty else {
            throw GraphError(
                .unexpectedResponse, operation: request.operation, httpStatus: Int(response.status.code),
                requestID: response.headers.first(name: "request-id"), detail: "the response did not contain the pass")
        }
        return CreatedTemporaryAccessPass(method: method, pass: TemporaryAccessPassSecret(pass))
    }

    public func temporaryAccessPasses(of userID: String) async throws -> [TemporaryAccessPassMethod] {
        try Self.check(userID, "user ID", .listTemporaryAccessPasses)
        return try await collect(TemporaryAccessPassMethod.self, requests.temporaryAccessPasses(of: userID))
    }

    /// The pass's metadata, or nil if it no longer exists.
    public func temporaryAccessPass(_ passID: String, of userID: String) async throws -> TemporaryAccessPassMethod? {
        try Self.check(userID, "user ID", .getTemporaryAccessPass)
        try Self.check(passID, "pass ID", .getTemporaryAccessPass)
        return try await decodeUnlessNotFound(TemporaryAccessPassMethod.self, requests.temporaryAccessPass(passID, of: userID))
    }

    /// Deletes the pass. Returns false if it was already gone, so cleanup can be repeated safely.
    @discardableResult
    public func deleteTemporaryAccessPass(_ passID: String, of userID: String) async throws -> Bool {
        try Self.check(userID, "user ID", .deleteTemporaryAccessPass)
        try Self.check(passID, "pass ID", .deleteTemporaryAccessPass)
        do {
            _ = try await send(requests.deleteTemporaryAccessPass(passID, of: userID))
            return true
        } catch let error as GraphError where error.code == .notFound {
            return false
        }
    }

    // MARK: Mail

    /// Queues a message from `sender`'s mailbox (202: accepted, not yet delivered). Not saved to
    /// Sent Items unless asked, so no copy of its content stays in the mailbox.
    public func sendMail(from sender: String, _ message: MailMessage, saveToSentItems: Bool = false) async throws {
        try Self.check(sender, "sending mailbox", .sendMail)
        if let problem = message.problem {
            throw GraphError(.invalidInput, operation: .sendMail, detail: problem)
        }
        let request = try encoded(.sendMail) { try requests.sendMail(from: sender, message, saveToSentItems: saveToSentItems) }
        _ = try await send(request)
    }

    // MARK: Lifecycle Workflows

    /// Tells Lifecycle Workflows the custom task finished (204).
    public func resumeLifecycleWorkflow(_ callback: LifecycleWorkflowCallback, status: LifecycleWorkflowOperationStatus) async throws {
        let request = try encoded(.resumeLifecycleWorkflow) { try requests.resume(callback, status: status) }
        _ = try await send(request)
    }

    // MARK: Sending

    /// An empty ID would address the collection instead of one object.
    private static func check(_ value: String, _ name: String, _ operation: GraphOperation) throws(GraphError) {
        if value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw GraphError(.invalidInput, operation: operation, detail: "the \(name) is empty")
        }
    }

    private func encoded(_ operation: GraphOperation, _ build: () throws -> GraphRequest) throws(GraphError) -> GraphRequest {
        do {
            return try build()
        } catch {
            throw GraphError(.invalidInput, operation: operation, detail: "the request body could not be encoded")
        }
    }

    /// Sends with a token; on 401 fetches a new token once. Non-2xx answers become `GraphError`.
    /// One `client-request-id` per call, kept across retries, so support can follow it.
    func send(_ request: GraphRequest) async throws -> MicrosoftHTTPResponse {
        var request = request
        let clientRequestID = UUID().uuidString.lowercased()
        request.headers.replaceOrAdd(name: "client-request-id", value: clientRequestID)
        var token = try await tokens.accessToken(for: EntraTokenClient.graphScope)
        var response = try await execute(request, token: token, clientRequestID: clientRequestID)
        if response.status.code == 401 {
            logger.notice("Graph rejected the access token; fetching a new one", metadata: ["operation": "\(request.operation)"])
            await tokens.invalidate(token)
            token = try await tokens.accessToken(for: EntraTokenClient.graphScope)
            response = try await execute(request, token: token, clientRequestID: clientRequestID)
        }
        guard (200..<300).contains(response.status.code) else {
            throw GraphErrorBody.graphError(from: response, operation: request.operation, sentClientRequestID: clientRequestID)
        }
        return response
    }

    private func execute(_ request: GraphRequest, token: EntraAccessToken, clientRequestID: String) async throws -> MicrosoftHTTPResponse {
        do {
            return try await executor.execute(request.httpRequest(authorization: token.authorizationHeader))
        } catch let error as MicrosoftTransportError {
            throw GraphError(.unreachable, operation: request.operation, clientRequestID: clientRequestID, detail: error.description, transportError: error)
        }
    }

    private func decodeUnlessNotFound<Item: Decodable>(_ type: Item.Type, _ request: GraphRequest) async throws -> Item? {
        do {
            return try decode(type, from: try await send(request), operation: request.operation)
        } catch let error as GraphError where error.code == .notFound {
            return nil
        }
    }

    /// All pages of a collection.
    private func collect<Item: Decodable>(_ type: Item.Type, _ first: GraphRequest) async throws -> [Item] {
        var items: [Item] = []
        var request = first
        for _ in 0..<Self.maximumPages {
            let response = try await send(request)
            let page = try decode(GraphCollection<Item>.self, from: response, operation: request.operation)
            items += page.value
            guard let next = page.nextLink else { return items }
            guard GraphURL.isSameOrigin(next, as: configuration.graphBaseURL) else {
                throw GraphError(
                    .unexpectedResponse, operation: request.operation, requestID: response.headers.first(name: "request-id"),
                    detail: "the next page link points to \(next.host ?? "another host"), not to Graph; Firstkey does not send its token there")
            }
            request = request.following(next)
        }
        throw GraphError(.unexpectedResponse, operation: first.operation, detail: "more than \(Self.maximumPages) pages; stopped following @odata.nextLink")
    }

    private func decode<Item: Decodable>(_ type: Item.Type, from response: MicrosoftHTTPResponse, operation: GraphOperation) throws(GraphError) -> Item {
        do {
            return try GraphDate.decoder.decode(type, from: Data(response.body))
        } catch {
            throw GraphError(
                .unexpectedResponse, operation: operation, httpStatus: Int(response.status.code),
                requestID: response.headers.first(name: "request-id"), detail: "the response is not the documented JSON (\(Self.describe(error)))")
        }
    }

    /// A decoding error's location without any values from the body.
    private static func describe(_ error: any Error) -> String {
        guard let decodingError = error as? DecodingError else { return "unreadable" }
        switch decodingError {
        case .keyNotFound(let key, let context): return "missing '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case .dataCorrupted(let context): return "malformed at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        @unknown default: return "unreadable"
        }
    }
}
