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
        // learn.microsoft.com/graph/api/resources/fido2authenticationmethod: `createdDateTime`;
        // `creationDateTime` is an older name, still read.
        case id, displayName, aaGuid, model, attestationLevel, createdDateTime, creationDateTime
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        displayName = try container.decodeIfPresent(String.self, forKey: .displayName)
        aaGuid = try container.decodeIfPresent(String.self, forKey: .aaGuid)
        model = try container.decodeIfPresent(String.self, forKey: .model)
        attestationLevel = try container.decodeIfPresent(String.self, forKey: .attestationLevel)
        createdDateTime = (try? container.decodeIfPresent(Date.self, forKey: .createdDateTime)) ?? (try? container.decodeIfPresent(Date.self, forKey: .creationDateTime))
    }
}
