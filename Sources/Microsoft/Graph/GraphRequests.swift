import Foundation
import NIOHTTP1

/// Builds every Graph request Firstkey makes, as values (tested without a network).
struct GraphRequests: Sendable {
    let base: URL

    private static let managerSelect = "id,displayName,mail,userPrincipalName"

    func user(_ idOrUserPrincipalName: String) -> GraphRequest {
        GraphRequest(.getUser, .GET, url: url(["users", idOrUserPrincipalName], query: [("$select", GraphUser.selectedProperties.joined(separator: ","))]))
    }

    func users(matching filter: GraphUserFilter) -> GraphRequest {
        var query = [("$filter", filter.expression), ("$select", GraphUser.selectedProperties.joined(separator: ","))]
        var headers = HTTPHeaders()
        if filter.needsAdvancedQuery {
            query.append(("$count", "true"))
            headers.add(name: "ConsistencyLevel", value: "eventual")
        }
        return GraphRequest(.findUsers, .GET, url: url(["users"], query: query), headers: headers)
    }

    /// Users whose `employeeHireDate` lies in [from, to]. Sent as an advanced query; whether Graph
    /// also accepts it as a default query is **unverified**.
    func usersHired(from start: Date, to end: Date) -> GraphRequest {
        let filter = "employeeHireDate ge \(ODataLiteral.dateTime(start)) and employeeHireDate le \(ODataLiteral.dateTime(end))"
        var headers = HTTPHeaders()
        headers.add(name: "ConsistencyLevel", value: "eventual")
        let query = [
            ("$filter", filter), ("$select", GraphUser.selectedProperties.joined(separator: ",")), ("$count", "true"),
        ]
        return GraphRequest(.findUsers, .GET, url: url(["users"], query: query), headers: headers)
    }

    func manager(of userID: String) -> GraphRequest {
        GraphRequest(.getManager, .GET, url: url(["users", userID, "manager"], query: [("$select", Self.managerSelect)]))
    }

    /// Every group and activated directory role the user belongs to, directly or through nested
    /// groups (learn.microsoft.com/graph/api/user-list-transitivememberof, v1.0, application
    /// permission User.Read.All). No OData cast and no `$select`: the plain request needs no
    /// advanced query parameters, and the caller tells roles from groups by `@odata.type`.
    func memberships(of userID: String) -> GraphRequest {
        GraphRequest(.listMemberships, .GET, url: url(["users", userID, "transitiveMemberOf"]))
    }

    /// learn.microsoft.com/graph/api/resources/signinactivity: `signInActivity` is returned only
    /// when selected, and only with AuditLog.Read.All in a tenant with a P1/P2 licence (403 otherwise).
    func signInActivity(of userID: String) -> GraphRequest {
        GraphRequest(.getSignInActivity, .GET, url: url(["users", userID], query: [("$select", "id,signInActivity")]))
    }

    /// One user's sign-in activity, to learn whether the permission and the licence are there.
    func signInActivityProbe() -> GraphRequest {
        GraphRequest(.getSignInActivity, .GET, url: url(["users"], query: [("$select", "id,signInActivity"), ("$top", "1")]))
    }

    func authenticationMethods(of userID: String) -> GraphRequest {
        GraphRequest(.listAuthenticationMethods, .GET, url: url(["users", userID, "authentication", "methods"]))
    }

    func phoneMethods(of userID: String) -> GraphRequest {
        GraphRequest(.listPhoneMethods, .GET, url: url(["users", userID, "authentication", "phoneMethods"]))
    }

    /// Creating while a pass exists replaces it, so repeating the request is harmless.
    func createTemporaryAccessPass(for userID: String, _ options: TemporaryAccessPassRequest) throws -> GraphRequest {
        GraphRequest(
            .createTemporaryAccessPass, .POST, url: url(["users", userID, "authentication", "temporaryAccessPassMethods"]),
            body: Array(try GraphDate.encoder.encode(options.body)))
    }

    func temporaryAccessPasses(of userID: String) -> GraphRequest {
        GraphRequest(.listTemporaryAccessPasses, .GET, url: url(["users", userID, "authentication", "temporaryAccessPassMethods"]))
    }

    func temporaryAccessPass(_ passID: String, of userID: String) -> GraphRequest {
        GraphRequest(.getTemporaryAccessPass, .GET, url: url(["users", userID, "authentication", "temporaryAccessPassMethods", passID]))
    }

    func deleteTemporaryAccessPass(_ passID: String, of userID: String) -> GraphRequest {
        GraphRequest(.deleteTemporaryAccessPass, .DELETE, url: url(["users", userID, "authentication", "temporaryAccessPassMethods", passID]))
    }

    /// A repeated send could deliver twice, so only "not processed" answers are retried.
    func sendMail(from sender: String, _ message: MailMessage, saveToSentItems: Bool) throws -> GraphRequest {
        GraphRequest(
            .sendMail, .POST, url: url(["users", sender, "sendMail"]),
            body: Array(try GraphDate.encoder.encode(message.request(saveToSentItems: saveToSentItems))), idempotency: .notIdempotent)
    }

    func resume(_ callback: LifecycleWorkflowCallback, status: LifecycleWorkflowOperationStatus) throws -> GraphRequest {
        GraphRequest(
            .resumeLifecycleWorkflow, .POST, url: url(callback.resumeSegments),
            body: Array(try GraphDate.encoder.encode(LifecycleWorkflowResumeBody(status: status))))
    }

    private func url(_ segments: [String], query: [(String, String)] = []) -> URL {
        GraphURL.make(base: base, segments: segments, query: query)
    }
}
