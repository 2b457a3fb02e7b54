import Foundation
import HTTPTypes

/// `GET /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass`
/// (permission `Policy.Read.All` or `Policy.ReadWrite.AuthenticationMethod`; list (unverified)).
enum TemporaryAccessPassPolicyEndpoint {
    static let readPermissions = ["Policy.Read.All", "Policy.ReadWrite.AuthenticationMethod"]

    static func get(_ request: SimulatorRequest, version: String, caller: GraphCaller, context: GraphRequestContext, core: SimulatorCore) throws(GraphError) -> SimulatorResponse {
        try caller.require(anyOf: readPermissions)
        let policy = core.withState { $0.temporaryAccessPassPolicy }
        func targets(_ ids: [String]) -> JSONValue {
            .array(ids.map { ["targetType": "group", "id": .string($0), "isRegistrationRequired": false] })
        }
        return context.json([
            "@odata.context": .string("\(request.baseURL)/\(version)/$metadata#policies/authenticationMethodsPolicy/authenticationMethodConfigurations/$entity"),
            "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration",
            "id": "TemporaryAccessPass",
            "state": .string(policy.enabled ? "enabled" : "disabled"),
            "defaultLifetimeInMinutes": .integer(policy.defaultLifetimeInMinutes),
            "defaultLength": .integer(policy.defaultLength),
            "minimumLifetimeInMinutes": .integer(policy.minimumLifetimeInMinutes),
            "maximumLifetimeInMinutes": .integer(policy.maximumLifetimeInMinutes),
            "isUsableOnce": .bool(policy.isUsableOnce),
            "excludeTargets": .array(policy.excludeTargets.map { ["targetType": "group", "id": .string($0)] }),
            "includeTargets": targets(policy.includeTargets),
        ])
    }
}
