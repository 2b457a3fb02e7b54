import Crypto
import Foundation

/// An Azure Communication Services resource: its access key (what the HMAC of every request is
/// keyed with), the phone numbers it owns (valid `from`s), and where it sits in Azure (the
/// Event Grid `topic` of its delivery reports).
///
/// All resources share the simulator's listener, so a request's resource is the one whose key
/// verifies its signature (real resources are told apart by host name).
public struct SimulatedCommunicationResource: Sendable, Hashable {
    /// The resource name (`{name}.communication.azure.com`), unique in the simulator.
    public var name: String
    /// The primary access key, base64 as in the connection string.
    public var accessKey: String
    /// Numbers the resource has leased, E.164.
    public var phoneNumbers: [String]
    public var subscriptionID: String
    public var resourceGroup: String

    /// The Azure subscription ID resources get when none is given (a placeholder GUID).
    public static let defaultSubscriptionID = "6a1b7c3d-0e2f-4a5b-8c9d-0e1f2a3b4c5d"

    /// `accessKey` nil generates a random 64-byte key.
    public init(name: String, accessKey: String? = nil, phoneNumbers: [String], subscriptionID: String = SimulatedCommunicationResource.defaultSubscriptionID,
                resourceGroup: String = "firstkey-sim")
    {
        self.name = name
        self.accessKey = accessKey ?? Data(SymmetricKey(size: .init(bitCount: 512)).withUnsafeBytes { Array($0) }).base64EncodedString()
        self.phoneNumbers = phoneNumbers
        self.subscriptionID = subscriptionID
        self.resourceGroup = resourceGroup
    }

    /// The Event Grid `topic` of the resource's events.
    public var topic: String {
        "/subscriptions/\(subscriptionID)/resourceGroups/\(resourceGroup)/providers/microsoft.communication/communicationservices/\(name)"
    }

    /// `endpoint=…/;accesskey=…` for a client that uses `endpoint` (the simulator's URL) as the
    /// resource endpoint.
    public func connectionString(endpoint: String) -> String {
        let base = endpoint.hasSuffix("/") ? endpoint : endpoint + "/"
        return "endpoint=\(base);accesskey=\(accessKey)"
    }

    var keyBytes: [UInt8]? { Data(base64Encoded: accessKey).map(Array.init) }
}

/// The `/_sim` and seed form: `{"name","accessKey","phoneNumbers":[],"subscriptionId","resourceGroup"}`.
extension SimulatedCommunicationResource {
    public init(json: JSONValue) throws(SimulatorInputError) {
        guard json.objectValue != nil, let name = json["name"]?.stringValue, !name.isEmpty else {
            throw SimulatorInputError("a communication resource needs a name")
        }
        guard let numbers = json["phoneNumbers"]?.arrayValue, numbers.allSatisfy({ $0.stringValue.map(E164PhoneNumber.isValid) == true }) else {
            throw SimulatorInputError("phoneNumbers must be a list of E.164 numbers")
        }
        let key = json["accessKey"]?.stringValue
        if let key, Data(base64Encoded: key)?.isEmpty != false { throw SimulatorInputError("accessKey must be base64") }
        self.init(name: name, accessKey: key, phoneNumbers: numbers.compactMap(\.stringValue),
                  subscriptionID: json["subscriptionId"]?.stringValue ?? Self.defaultSubscriptionID,
                  resourceGroup: json["resourceGroup"]?.stringValue ?? "firstkey-sim")
    }

    /// With the connection string for `endpoint`: `/_sim` is a test surface, and the test needs it.
    func json(endpoint: String) -> JSONValue {
        [
            "name": .string(name),
            "phoneNumbers": .strings(phoneNumbers),
            "topic": .string(topic),
            "endpoint": .string(endpoint.hasSuffix("/") ? endpoint : endpoint + "/"),
            "connectionString": .string(connectionString(endpoint: endpoint)),
        ]
    }
}
