public import Foundation

/// A passkey or FIDO2 security key.
public struct Fido2AuthenticationMethod: Sendable, Hashable, Decodable {
    public var id: String
    public var displayName: String?
    /// Authenticator model GUID.
    public var aaGuid: String?
    public var model: String?
    public var attestationLevel: String?
    public var createdDateTime: Date?

    enum CodingKeys: String, CodingKey {
        case id, displayName, aaGuid, model, attestationLevel
        case createdDateTime = "creationDateTime"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        displayName = try container.decodeIfPresent(String.self, forKey: .displayName)
        aaGuid = try container.decodeIfPresent(String.self, forKey: .aaGuid)
        model = try container.decodeIfPresent(String.self, forKey: .model)
        attestationLevel = try container.decodeIfPresent(String.self, forKey: .attestationLevel)
        createdDateTime = try? container.decodeIfPresent(Date.self, forKey: .createdDateTime)
    }
}
