import Foundation

/// A tenant to load at start (`firstkey-sim serve --seed FILE`) or through `POST /_sim/seed`:
/// `{"applications":[…],"users":[…],"authenticationMethods":{"<user id>":[…]},"temporaryAccessPassPolicy":{…},
///   "communicationResources":[…],"twilioAccounts":[…],"smsDeliveryRules":{…}}`.
public struct SimulatorSeed: Sendable {
    public var applications: [SimulatedApplication]
    public var users: [SimulatedUser]
    public var authenticationMethods: [String: [SimulatedAuthenticationMethod]]
    public var temporaryAccessPassPolicy: TemporaryAccessPassPolicy?
    /// ACS resources (Event Grid subscriptions need a live endpoint and are registered later).
    public var communicationResources: [SimulatedCommunicationResource]
    public var twilioAccounts: [SimulatedTwilioAccount]
    /// Carrier rules by destination number.
    public var smsDeliveryRules: [String: SMSDeliveryRule]
    public var defaultSMSDeliveryRule: SMSDeliveryRule?
    /// `"premiumLicence": true`: the tenant has Entra ID P1/P2 (`signInActivity` is readable).
    public var premiumLicence: Bool?

    public init(applications: [SimulatedApplication] = [], users: [SimulatedUser] = [], authenticationMethods: [String: [SimulatedAuthenticationMethod]] = [:],
                temporaryAccessPassPolicy: TemporaryAccessPassPolicy? = nil, communicationResources: [SimulatedCommunicationResource] = [],
                twilioAccounts: [SimulatedTwilioAccount] = [], smsDeliveryRules: [String: SMSDeliveryRule] = [:], defaultSMSDeliveryRule: SMSDeliveryRule? = nil)
    {
        self.applications = applications
        self.users = users
        self.authenticationMethods = authenticationMethods
        self.temporaryAccessPassPolicy = temporaryAccessPassPolicy
        self.communicationResources = communicationResources
        self.twilioAccounts = twilioAccounts
        self.smsDeliveryRules = smsDeliveryRules
        self.defaultSMSDeliveryRule = defaultSMSDeliveryRule
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
        var resources: [SimulatedCommunicationResource] = []
        for entry in json["communicationResources"]?.arrayValue ?? [] { resources.append(try SimulatedCommunicationResource(json: entry)) }
        var accounts: [SimulatedTwilioAccount] = []
        for entry in json["twilioAccounts"]?.arrayValue ?? [] { accounts.append(try SimulatedTwilioAccount(json: entry)) }
        var rules: (rules: [String: SMSDeliveryRule], defaultRule: SMSDeliveryRule?) = ([:], nil)
        if let value = json["smsDeliveryRules"], !value.isNull { rules = try SMSDeliveryRulesJSON.parse(value) }
        self.init(applications: applications, users: users, authenticationMethods: methods, temporaryAccessPassPolicy: policy,
                  communicationResources: resources, twilioAccounts: accounts, smsDeliveryRules: rules.rules, defaultSMSDeliveryRule: rules.defaultRule)
        if let value = json["premiumLicence"], !value.isNull {
            guard let flag = value.boolValue else { throw SimulatorInputError("premiumLicence must be true or false") }
            premiumLicence = flag
        }
    }
}

extension FirstkeySimulator {
    /// Loads a seed: apps, users, methods, policy (adding to what is there).
    public func apply(_ seed: SimulatorSeed) {
        core.apply(seed)
    }
}
