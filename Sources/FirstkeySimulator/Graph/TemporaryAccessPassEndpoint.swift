import Foundation
import HTTPTypes

/// `/users/{id}/authentication/temporaryAccessPassMethods`: create (replaces the user's pass),
/// list (at most one), get, delete. Creating needs `UserAuthenticationMethod.ReadWrite.All`;
/// reading also accepts `…Read.All`.
///
/// Policy errors (disabled, lifetime out of range, multi-use forbidden) are 400
/// `Request_BadRequest` here; Graph's exact codes are (unverified).
enum TemporaryAccessPassEndpoint {
    static let writePermissions = ["UserAuthenticationMethod.ReadWrite.All"]
    static let readPermissions = ["UserAuthenticationMethod.Read.All", "UserAuthenticationMethod.ReadWrite.All"]
    /// Characters of generated passes (Entra mixes letters, digits and symbols).
    static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789+!@#$%&*")
    static let writableProperties: Set<String> = ["startDateTime", "lifetimeInMinutes", "isUsableOnce"]

    static func create(_ request: SimulatorRequest, key: String, version: String, caller: GraphCaller, context: GraphRequestContext, core: SimulatorCore) throws(GraphError) -> SimulatorResponse {
        try caller.require(anyOf: writePermissions)
        guard let user = core.withState({ $0.user(idOrPrincipalName: key) }) else { throw GraphError.notFound(key) }
        guard !request.body.isEmpty else { throw GraphError(.badRequest, "BadRequest", "Empty Payload. JSON content expected.") }
        guard let body = request.jsonBody, let members = body.objectValue else {
            throw GraphError(.badRequest, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.")
        }
        for (name, _) in members where !writableProperties.contains(name) && !name.hasPrefix("@odata.") {
            throw GraphError(.badRequest, "BadRequest", "The property '\(name)' does not exist on type 'microsoft.graph.temporaryAccessPassAuthenticationMethod'. Make sure to only use property names that are defined by the type.")
        }
        let now = core.now
        let policy = core.withState { $0.temporaryAccessPassPolicy }
        guard policy.enabled else {
            throw GraphError.badRequest("Temporary Access Pass is disabled by the authentication methods policy.")
        }

        var startDateTime: Date?
        if let value = body["startDateTime"], !value.isNull {
            guard let text = value.stringValue, let date = GraphDate.parse(text), text.contains("T") else {
                throw GraphError(.badRequest, "BadRequest", "Cannot convert the literal '\(value.serialized)' to the expected type 'Edm.DateTimeOffset'.")
            }
            startDateTime = date
        }
        var lifetime = policy.defaultLifetimeInMinutes
        if let value = body["lifetimeInMinutes"], !value.isNull {
            guard let minutes = value.intValue else {
                throw GraphError(.badRequest, "BadRequest", "Cannot convert the literal '\(value.serialized)' to the expected type 'Edm.Int32'.")
            }
            lifetime = minutes
        }
        let lowest = max(10, policy.minimumLifetimeInMinutes)
        let highest = min(43200, policy.maximumLifetimeInMinutes)
        guard (lowest...highest).contains(lifetime) else {
            throw GraphError.badRequest("The lifetime of a Temporary Access Pass must be between \(lowest) and \(highest) minutes by policy; \(lifetime) was requested.")
        }
        var isUsableOnce = policy.isUsableOnce
        if let value = body["isUsableOnce"], !value.isNull {
            guard let flag = value.boolValue else {
                throw GraphError(.badRequest, "BadRequest", "Cannot convert the literal '\(value.serialized)' to the expected type 'Edm.Boolean'.")
            }
            if policy.isUsableOnce, !flag {
                throw GraphError.badRequest("The authentication methods policy allows only one-time Temporary Access Passes (isUsableOnce must be true).")
            }
            isUsableOnce = flag
        }

        let length = min(48, max(8, policy.defaultLength))
        let secret = String((0..<length).map { _ in alphabet.randomElement()! })
        let pass = SimulatedTemporaryAccessPass(id: UUID().uuidString.lowercased(), temporaryAccessPass: secret, createdDateTime: now,
                                                startDateTime: startDateTime, lifetimeInMinutes: lifetime, isUsableOnce: isUsableOnce)
        // One pass per user: a new one replaces the old, valid or expired.
        core.withState { $0.temporaryAccessPasses[user.id] = pass }
        var json = AuthenticationMethodRepresentation.json(pass, revealing: true, now: now, policy: policy, userID: user.id)
        if case .object(let fields) = json {
            json = .object([("@odata.context", .string("\(request.baseURL)/\(version)/$metadata#users('\(user.id)')/authentication/temporaryAccessPassMethods/$entity"))] + fields)
        }
        var response = context.json(json, status: .created)
        response.headers[.location] = "\(request.baseURL)/\(version)/users/\(user.id)/authentication/temporaryAccessPassMethods/\(pass.id)"
        return response
    }

    static func list(_ request: SimulatorRequest, key: String, version: String, caller: GraphCaller, context: GraphRequestContext, core: SimulatorCore) throws(GraphError) -> SimulatorResponse {
        try caller.require(anyOf: readPermissions)
        let (user, pass, policy) = try lookup(key, core: core)
        let now = core.now
        return context.json([
            "@odata.context": .string("\(request.baseURL)/\(version)/$metadata#users('\(user.id)')/authentication/temporaryAccessPassMethods"),
            "value": .array(pass.map { [AuthenticationMethodRepresentation.json($0, revealing: false, now: now, policy: policy, userID: user.id)] } ?? []),
        ])
    }

    static func get(_ request: SimulatorRequest, key: String, passID: String, version: String, caller: GraphCaller, context: GraphRequestContext, core: SimulatorCore) throws(GraphError) -> SimulatorResponse {
        try caller.require(anyOf: readPermissions)
        let (user, pass, policy) = try lookup(key, core: core)
        guard let pass, pass.id == passID.lowercased() else { throw GraphError.notFound(passID) }
        var json = AuthenticationMethodRepresentation.json(pass, revealing: false, now: core.now, policy: policy, userID: user.id)
        if case .object(let fields) = json {
            json = .object([("@odata.context", .string("\(request.baseURL)/\(version)/$metadata#users('\(user.id)')/authentication/temporaryAccessPassMethods/$entity"))] + fields)
        }
        return context.json(json)
    }

    static func delete(key: String, passID: String, caller: GraphCaller, context: GraphRequestContext, core: SimulatorCore) throws(GraphError) -> SimulatorResponse {
        try caller.require(anyOf: writePermissions)
        let (user, pass, _) = try lookup(key, core: core)
        guard let pass, pass.id == passID.lowercased() else { throw GraphError.notFound(passID) }
        core.withState { state in
            if state.temporaryAccessPasses[user.id]?.id == pass.id { state.temporaryAccessPasses[user.id] = nil }
        }
        return context.empty(.noContent)
    }

    private static func lookup(_ key: String, core: SimulatorCore) throws(GraphError) -> (SimulatedUser, SimulatedTemporaryAccessPass?, TemporaryAccessPassPolicy) {
        let found = core.withState { state -> (SimulatedUser, SimulatedTemporaryAccessPass?, TemporaryAccessPassPolicy)? in
            guard let user = state.user(idOrPrincipalName: key) else { return nil }
            return (user, state.temporaryAccessPasses[user.id], state.temporaryAccessPassPolicy)
        }
        guard let found else { throw GraphError.notFound(key) }
        return found
    }
}
