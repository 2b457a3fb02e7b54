import Foundation
import HTTPTypes

/// `GET /users/{id}/authentication/methods` and `…/phoneMethods` (permission
/// `UserAuthenticationMethod.Read.All` or `…ReadWrite.All`). No `$filter`/`$select` support:
/// such options are ignored (unverified whether Graph rejects them).
enum AuthenticationMethodsEndpoint {
    static let readPermissions = ["UserAuthenticationMethod.Read.All", "UserAuthenticationMethod.ReadWrite.All"]

    static func list(_ request: SimulatorRequest, key: String, phonesOnly: Bool, version: String, caller: GraphCaller, context: GraphRequestContext,
                     core: SimulatorCore) throws(GraphError) -> SimulatorResponse
    {
        try caller.require(anyOf: readPermissions)
        let now = core.now
        let found = core.withState { state -> (SimulatedUser, [SimulatedAuthenticationMethod], SimulatedTemporaryAccessPass?, TemporaryAccessPassPolicy)? in
            guard let user = state.user(idOrPrincipalName: key) else { return nil }
            return (user, state.authenticationMethods[user.id] ?? [], state.temporaryAccessPasses[user.id], state.temporaryAccessPassPolicy)
        }
        guard let (user, methods, pass, policy) = found else { throw GraphError.notFound(key) }
        var values: [JSONValue]
        if phonesOnly {
            values = methods.filter { $0.kind == .phone }.map { method in
                ["id": .string(method.id), "phoneNumber": .optional(method.phoneNumber), "phoneType": .optional(method.phoneType?.rawValue),
                 "smsSignInState": .optional(method.smsSignInState)]
            }
        } else {
            values = methods.map(AuthenticationMethodRepresentation.json)
            if let pass {
                values.append(AuthenticationMethodRepresentation.json(pass, revealing: false, now: now, policy: policy, userID: user.id))
            }
        }
        let segment = phonesOnly ? "phoneMethods" : "methods"
        return context.json([
            "@odata.context": .string("\(request.baseURL)/\(version)/$metadata#users('\(user.id)')/authentication/\(segment)"),
            "value": .array(values),
        ])
    }
}
