import Foundation
import HTTPTypes

/// Graph `/v1.0` and `/beta` (same behaviour): authenticates the bearer token, then sends the
/// request to its endpoint. Every answer carries `request-id` and `client-request-id`.
enum GraphRouter {
    static func handle(_ request: SimulatorRequest, core: SimulatorCore) async -> SimulatorResponse {
        let context = GraphRequestContext(request: request, now: core.now)
        do throws(GraphError) {
            return context.decorate(try route(request, context: context, core: core))
        } catch {
            return error.response(context: context)
        }
    }

    private static func route(_ request: SimulatorRequest, context: GraphRequestContext, core: SimulatorCore) throws(GraphError) -> SimulatorResponse {
        let version = request.segments[0]
        let path = Array(request.segments.dropFirst())
        guard let first = path.first else {
            throw GraphError(.badRequest, "BadRequest", "Invalid version.")
        }
        let caller = try GraphAuthentication.authenticate(request, core: core)
        let method = request.method

        switch (method, path) {
        case (.get, ["users"]):
            return try UsersEndpoint.list(request, version: version, caller: caller, context: context, core: core)
        case (.get, let p) where p.count == 2 && p[0] == "users":
            return try UsersEndpoint.get(request, key: p[1], version: version, caller: caller, context: context, core: core)
        case (.get, let p) where p.count == 3 && p[0] == "users" && p[2] == "transitiveMemberOf":
            return try UsersEndpoint.transitiveMemberOf(request, key: p[1], version: version, caller: caller, context: context, core: core)
        case (.get, let p) where p.count == 3 && p[0] == "users" && p[2] == "manager":
            return try UsersEndpoint.manager(request, key: p[1], version: version, caller: caller, context: context, core: core)
        case (.get, let p) where p.count == 4 && p[0] == "users" && p[2] == "authentication" && p[3] == "methods":
            return try AuthenticationMethodsEndpoint.list(request, key: p[1], phonesOnly: false, version: version, caller: caller, context: context, core: core)
        case (.get, let p) where p.count == 4 && p[0] == "users" && p[2] == "authentication" && p[3] == "phoneMethods":
            return try AuthenticationMethodsEndpoint.list(request, key: p[1], phonesOnly: true, version: version, caller: caller, context: context, core: core)
        case (.get, let p) where p.count == 4 && p[0] == "users" && p[2] == "authentication" && p[3] == "temporaryAccessPassMethods":
            return try TemporaryAccessPassEndpoint.list(request, key: p[1], version: version, caller: caller, context: context, core: core)
        case (.post, let p) where p.count == 4 && p[0] == "users" && p[2] == "authentication" && p[3] == "temporaryAccessPassMethods":
            return try TemporaryAccessPassEndpoint.create(request, key: p[1], version: version, caller: caller, context: context, core: core)
        case (.get, let p) where p.count == 5 && p[0] == "users" && p[2] == "authentication" && p[3] == "temporaryAccessPassMethods":
            return try TemporaryAccessPassEndpoint.get(request, key: p[1], passID: p[4], version: version, caller: caller, context: context, core: core)
        case (.delete, let p) where p.count == 5 && p[0] == "users" && p[2] == "authentication" && p[3] == "temporaryAccessPassMethods":
            return try TemporaryAccessPassEndpoint.delete(key: p[1], passID: p[4], caller: caller, context: context, core: core)
        case (.post, let p) where p.count == 3 && p[0] == "users" && p[2] == "sendMail":
            return try SendMailEndpoint.send(request, key: p[1], caller: caller, context: context, core: core)
        case (.post, let p) where p.count == 9 && p[0] == "identityGovernance" && p[1] == "lifecycleWorkflows" && p[2] == "workflows" && p[4] == "tasks"
            && p[6] == "taskProcessingResults" && (p[8] == "resume" || p[8] == "microsoft.graph.identityGovernance.resume"):
            return try LifecycleWorkflowResumeEndpoint.resume(request, workflowID: p[3], taskID: p[5], resultID: p[7], action: p[8], caller: caller, context: context, core: core)
        case (.get, let p) where p.count == 4 && p[0] == "policies" && p[1] == "authenticationMethodsPolicy" && p[2] == "authenticationMethodConfigurations"
            && p[3].lowercased() == "temporaryaccesspass":
            return try TemporaryAccessPassPolicyEndpoint.get(request, version: version, caller: caller, context: context, core: core)
        case (.get, ["me"]) where !caller.isAppOnly:
            // Delegated tokens read the signed-in user with User.Read.
            try caller.require(anyOf: ["User.Read", "User.ReadWrite", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All"])
            let elevated = GraphCaller(appID: caller.appID, objectID: caller.objectID, roles: [], scopes: ["User.Read.All"])
            return try UsersEndpoint.get(request, key: caller.objectID, version: version, caller: elevated, context: context, core: core)
        case (_, let p) where p.first == "me" && caller.isAppOnly:
            throw GraphError(.badRequest, "BadRequest", "/me request is only valid with delegated authentication flow.")
        default:
            if isKnownPath(path) {
                throw GraphError(.methodNotAllowed, "Request_BadRequest", "The request method '\(method.rawValue)' is not allowed for this resource.")  // (unverified)
            }
            throw GraphError(.badRequest, "BadRequest", "Resource not found for the segment '\(first)'.")
        }
    }

    /// Paths the simulator serves with some method (to tell 405 from an unknown segment).
    private static func isKnownPath(_ path: [String]) -> Bool {
        guard path.first == "users" || path.first == "identityGovernance" || path.first == "policies" else { return false }
        return true
    }
}
