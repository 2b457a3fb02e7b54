import Foundation
import HTTPTypes

/// `/_sim/…`: the test-only control surface (documented in docs/simulator.md). Plain JSON, no
/// authentication: it exists only on the simulator, which listens on loopback.
enum ControlAPI {
    static func handle(_ request: SimulatorRequest, core: SimulatorCore) async -> SimulatorResponse {
        if let response = await SMSControlAPI.handle(request, core: core) { return response }
        do throws(SimulatorInputError) {
            return try route(request, core: core)
        } catch {
            return .json(["error": .string(error.description)], status: .badRequest)
        }
    }

    private static func body(_ request: SimulatorRequest) throws(SimulatorInputError) -> JSONValue {
        guard let json = request.jsonBody else { throw SimulatorInputError("the body must be JSON") }
        return json
    }

    private static func route(_ request: SimulatorRequest, core: SimulatorCore) throws(SimulatorInputError) -> SimulatorResponse {
        let path = Array(request.segments.dropFirst())
        let now = core.now
        switch (request.method, path) {
        case (.get, ["health"]):
            return .json(["status": "ok", "tenantId": .string(core.configuration.tenantID), "now": .string(GraphDate.format(now, fractional: true))])

        case (.post, ["seed"]):
            let seed = try SimulatorSeed(json: try body(request))
            core.apply(seed)
            return .json(["applications": .integer(seed.applications.count), "users": .integer(seed.users.count)], status: .created)

        case (.post, ["applications"]):
            let application = try SimulatedApplication(json: try body(request))
            core.apply(SimulatorSeed(applications: [application]))
            return .json(application.publicJSON, status: .created)

        case (.get, ["users"]):
            return .json(["value": .array(core.withState { $0.orderedUsers }.map(\.json))])
        case (.post, ["users"]):
            let json = try body(request)
            let users = try (json.arrayValue ?? [json]).map { entry throws(SimulatorInputError) in try SimulatedUser(json: entry) }
            core.apply(SimulatorSeed(users: users))
            let stored = core.withState { state in users.compactMap { state.users[$0.id.lowercased()] } }
            return .json(["value": .array(stored.map(\.json))], status: .created)
        case (.get, let p) where p.count == 2 && p[0] == "users":
            guard let user = core.withState({ $0.user(idOrPrincipalName: p[1]) }) else { return notFound("user \(p[1])") }
            return .json(user.json)
        case (.delete, let p) where p.count == 2 && p[0] == "users":
            core.withState { $0.removeUser(idOrPrincipalName: p[1]) }
            return .empty(.noContent)
        case (.get, let p) where p.count == 3 && p[0] == "users" && p[2] == "authentication-methods":
            let methods = core.withState { state in state.user(idOrPrincipalName: p[1]).flatMap { state.authenticationMethods[$0.id] } ?? [] }
            return .json(["value": .array(methods.map(AuthenticationMethodRepresentation.json))])
        case (.post, let p) where p.count == 3 && p[0] == "users" && p[2] == "authentication-methods":
            let method = try SimulatedAuthenticationMethod(json: try body(request))
            guard core.withState({ $0.user(idOrPrincipalName: p[1]) }) != nil else { return notFound("user \(p[1])") }
            core.apply(SimulatorSeed(authenticationMethods: [p[1]: [method]]))
            return .json(AuthenticationMethodRepresentation.json(method), status: .created)
        case (.get, let p) where p.count == 3 && p[0] == "users" && p[2] == "temporary-access-passes":
            let passes = core.withState { state in state.user(idOrPrincipalName: p[1]).flatMap { state.temporaryAccessPasses[$0.id] } }
            return .json(["value": .array(passes.map { [$0.json] } ?? [])])
        case (.post, let p) where p.count == 4 && p[0] == "users" && p[2] == "temporary-access-passes" && p[3] == "use":
            let used = core.withState { state -> Bool in
                guard let user = state.user(idOrPrincipalName: p[1]), state.temporaryAccessPasses[user.id] != nil else { return false }
                state.temporaryAccessPasses[user.id]?.used = true
                return true
            }
            return used ? .empty(.noContent) : notFound("temporary access pass of \(p[1])")

        case (.get, ["outbox"]):
            return .json(["value": .array(core.withState { $0.outbox }.map(\.json))])
        case (.delete, ["outbox"]):
            core.withState { $0.outbox.removeAll() }
            return .empty(.noContent)

        case (.get, ["resume-calls"]):
            return .json(["value": .array(core.withState { $0.resumeCalls }.map(\.json))])
        case (.post, ["task-processing-results"]):
            let json = try body(request)
            var result = SimulatedTaskProcessingResult(authorizedApps: json["authorizedApps"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            if let value = json["workflowId"]?.stringValue { result.workflowID = value }
            if let value = json["taskId"]?.stringValue { result.taskID = value }
            if let value = json["taskProcessingResultId"]?.stringValue { result.taskProcessingResultID = value.lowercased() }
            let registered = result
            let subject = json["subjectId"]?.stringValue.flatMap { id in core.withState { $0.user(idOrPrincipalName: id) } }
            let manager = subject?.managerID.flatMap { id in core.withState { $0.users[id] } }
            core.withState { $0.pendingTaskProcessingResults[registered.taskProcessingResultID] = registered }
            var answer: [(String, JSONValue)] = [
                ("workflowId", .string(registered.workflowID)), ("taskId", .string(registered.taskID)),
                ("taskProcessingResultId", .string(registered.taskProcessingResultID)), ("callbackUriPath", .string(registered.callbackURIPath)),
            ]
            if let subject {
                answer.append(("calloutBody", registered.calloutBody(subject: subject, manager: manager, tenantID: core.configuration.tenantID, createdAt: now)))
            }
            return .json(.object(answer), status: .created)

        case (.get, ["faults"]):
            return .json(["rules": .array(core.withState { $0.faults.current }.rules.map(\.json))])
        case (.put, ["faults"]):
            let json = try body(request)
            let rules = try (json["rules"]?.arrayValue ?? []).map { entry throws(SimulatorInputError) in try FaultRule(json: entry) }
            core.withState { $0.faults.set(FaultPlan(rules), now: now) }
            return .json(["rules": .array(rules.map(\.json))])
        case (.post, ["faults"]):
            let rule = try FaultRule(json: try body(request))
            core.withState { $0.faults.add(rule, now: now) }
            return .json(rule.json, status: .created)
        case (.delete, ["faults"]):
            core.withState { $0.faults.set(.none, now: now) }
            return .empty(.noContent)

        case (.get, ["policies", "temporary-access-pass"]):
            let policy = core.withState { $0.temporaryAccessPassPolicy }
            return .json(policy.json)
        case (.put, ["policies", "temporary-access-pass"]):
            let policy = try TemporaryAccessPassPolicy(json: try body(request))
            core.withState { $0.temporaryAccessPassPolicy = policy }
            return .json(policy.json)

        case (.put, ["tenant"]):
            guard let premium = try body(request)["premiumLicence"]?.boolValue else { throw SimulatorInputError("premiumLicence (true or false) is required") }
            core.withState { $0.hasPremiumLicence = premium }
            return .json(["premiumLicence": .bool(premium)])

        case (.post, ["clock"]):
            guard let seconds = try body(request)["advanceSeconds"]?.doubleValue else { throw SimulatorInputError("advanceSeconds (number) is required") }
            let updated = core.withState { state -> Date in
                state.clockOffset += seconds
                return Date().addingTimeInterval(state.clockOffset)
            }
            return .json(["now": .string(GraphDate.format(updated, fractional: true))])

        case (.get, ["keys"]):
            return .json(["keyIds": .strings(core.withState { $0.signingKeys.map(\.keyID) })])
        case (.post, ["keys", "rotate"]):
            guard let key = try? SigningKey.generate(now: now) else { throw SimulatorInputError("could not generate a key") }
            core.withState { $0.signingKeys.append(key) }
            return .json(["kid": .string(key.keyID)], status: .created)
        case (.post, ["keys", "retire"]):
            core.withState { state in state.signingKeys = [state.activeSigningKey] }
            return .empty(.noContent)

        case (.post, ["tokens"]):
            let token = try SimulatedAccessToken(json: try body(request))
            guard let signed = try? TokenIssuer.custom(token, core: core) else { throw SimulatorInputError("could not sign the token") }
            return .json(["access_token": .string(signed)], status: .created)

        default:
            return notFound("\(request.method.rawValue) \(request.path)")
        }
    }

    private static func notFound(_ what: String) -> SimulatorResponse {
        .json(["error": .string("not found: \(what)")], status: .notFound)
    }
}
