import Foundation

/// A Twilio account: its credentials (Auth Token, API keys), the senders it owns (numbers, short
/// codes, alphanumeric IDs) and its Messaging Services.
public struct SimulatedTwilioAccount: Sendable, Hashable {
    /// An API key (`SK…`) and its secret: an alternative REST credential of the same account.
    public struct APIKey: Sendable, Hashable {
        public var sid: String
        public var secret: String
        public init(sid: String, secret: String) {
            self.sid = sid
            self.secret = secret
        }
    }

    /// A Messaging Service (`MG…`): a sender pool, with its own status callback URL.
    public struct MessagingService: Sendable, Hashable {
        public var sid: String
        public var phoneNumbers: [String]
        /// Used when a message through the service names no `StatusCallback`.
        public var statusCallback: String?
        public init(sid: String, phoneNumbers: [String], statusCallback: String? = nil) {
            self.sid = sid
            self.phoneNumbers = phoneNumbers
            self.statusCallback = statusCallback
        }
    }

    /// `AC` + 32 hex digits.
    public var accountSID: String
    /// Signs status callbacks (`X-Twilio-Signature`) whatever credential the REST call used.
    public var authToken: String
    public var apiKeys: [APIKey]
    /// Valid `From`s: E.164 numbers, short codes, alphanumeric sender IDs.
    public var phoneNumbers: [String]
    public var messagingServices: [MessagingService]

    public init(accountSID: String = TwilioSID.make("AC"), authToken: String = TwilioSID.hex(count: 32), apiKeys: [APIKey] = [], phoneNumbers: [String],
                messagingServices: [MessagingService] = [])
    {
        self.accountSID = accountSID
        self.authToken = authToken
        self.apiKeys = apiKeys
        self.phoneNumbers = phoneNumbers
        self.messagingServices = messagingServices
    }
}

/// The `/_sim` and seed form: `{"accountSid","authToken","apiKeys":[{"sid","secret"}],"phoneNumbers":[],
/// "messagingServices":[{"sid","phoneNumbers":[],"statusCallback"}]}`.
extension SimulatedTwilioAccount {
    public init(json: JSONValue) throws(SimulatorInputError) {
        guard json.objectValue != nil else { throw SimulatorInputError("a Twilio account must be a JSON object") }
        func strings(_ value: JSONValue?, _ name: String) throws(SimulatorInputError) -> [String] {
            guard let value, !value.isNull else { return [] }
            guard let list = value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else { throw SimulatorInputError("\(name) must be a list of strings") }
            return list.compactMap(\.stringValue)
        }
        let sid = json["accountSid"]?.stringValue ?? TwilioSID.make("AC")
        guard TwilioSID.isValid(sid, prefix: "AC") else { throw SimulatorInputError("accountSid must be AC and 32 hex digits") }
        var keys: [APIKey] = []
        for entry in json["apiKeys"]?.arrayValue ?? [] {
            guard let keySID = entry["sid"]?.stringValue, TwilioSID.isValid(keySID, prefix: "SK"), let secret = entry["secret"]?.stringValue else {
                throw SimulatorInputError("an API key needs sid (SK and 32 hex digits) and secret")
            }
            keys.append(APIKey(sid: keySID, secret: secret))
        }
        var services: [MessagingService] = []
        for entry in json["messagingServices"]?.arrayValue ?? [] {
            guard let serviceSID = entry["sid"]?.stringValue, TwilioSID.isValid(serviceSID, prefix: "MG") else {
                throw SimulatorInputError("a messaging service needs sid (MG and 32 hex digits)")
            }
            services.append(MessagingService(sid: serviceSID, phoneNumbers: try strings(entry["phoneNumbers"], "phoneNumbers"),
                                             statusCallback: entry["statusCallback"]?.stringValue))
        }
        self.init(accountSID: sid, authToken: json["authToken"]?.stringValue ?? TwilioSID.hex(count: 32), apiKeys: keys,
                  phoneNumbers: try strings(json["phoneNumbers"], "phoneNumbers"), messagingServices: services)
    }

    /// Without the Auth Token and key secrets: `/_sim` never echoes a credential it was given.
    var publicJSON: JSONValue {
        [
            "accountSid": .string(accountSID),
            "apiKeys": .array(apiKeys.map { ["sid": .string($0.sid)] }),
            "phoneNumbers": .strings(phoneNumbers),
            "messagingServices": .array(messagingServices.map { ["sid": .string($0.sid), "phoneNumbers": .strings($0.phoneNumbers), "statusCallback": .optional($0.statusCallback)] }),
        ]
    }
}
