import Foundation

/// A tenant to load at start (`firstkey-sim serve --seed FILE`) or through `POST /_sim/seed`:
/// `{"applications":[…],"users":[…],"authenticationMethods":{"<user id>":[…]},"temporaryAccessPassPolicy":{…}}`.
public struct SimulatorSeed: Sendable {
    public var applications: [SimulatedApplication]
    public var users: [SimulatedUser]
    public var authenticationMethods: [String: [SimulatedAuthenticationMethod]]
    public var temporaryAccessPassPolicy: TemporaryAccessPassPolicy?

    public init(applications: [SimulatedApplication] = [], users: [SimulatedUser] = [], authenticationMethods: [String: [SimulatedAuthenticationMethod]] = [:],
                temporaryAccessPassPolicy: TemporaryAccessPassPolicy? = nil)
    {
        self.applications = applications
        self.users = users
        self.authenticationMethods = authenticationMethods
        self.temporaryAccessPassPolicy = temporaryAccessPassPolicy
    }

    public init(json text: String) throws(SimulatorInputError) {
        guard let json = JSONValue(parsing: text) else { throw SimulatorInputError("the seed is not valid JSON") }
        try self.init(json: json)
    }

    public init(json: JSONValue) throws(SimulatorInputError) {
        guard json.objectValue != nil else { throw SimulatorInputError("the seed must be a JSON object") }
        var applications: [SimulatedApplication] = []
        for entry in json["applications"]?.arrayValue ?? [] { applications.append(try SimulatedApplication(json: entry)) }
        var users: [SimulatedUser] = []
        for entry in json["users"]?.arrayValue ?? [] { users.append(try SimulatedUser(json: entry)) }
        var methods: [String: [SimulatedAuthenticationMethod]] = [:]
        for (userID, list) in json["authenticationMethods"]?.objectValue ?? [] {
            for entry in list.arrayValue ?? [] { methods[userID, default: []].append(try SimulatedAuthenticationMethod(json: entry)) }
        }
        var policy: TemporaryAccessPassPolicy?
        if let value = json["temporaryAccessPassPolicy"], !value.isNull {
            policy = try TemporaryAccessPassPolicy(json: value)
        }
        self.init(applications: applications, users: users, authenticationMethods: methods, temporaryAccessPassPolicy: policy)
    }
}

extension FirstkeySimulator {
    /// Loads a seed: apps, users, methods, policy (adding to what is there).
    public func apply(_ seed: SimulatorSeed) {
        core.apply(seed)
    }
}
