/// What `/manager` and `/transitiveMemberOf` return: a user, an organisational contact, a group
/// or an activated directory role (an app with only `User.Read.All` sees a role's `id` and
/// `@odata.type`, nothing else: "limited information for inaccessible member objects").
public struct GraphDirectoryObject: Sendable, Hashable, Decodable {
    public enum Kind: Sendable, Hashable {
        case user, orgContact, group, directoryRole
        case other(String)
    }

    public var id: String
    public var kind: Kind
    public var displayName: String?
    public var mail: String?
    public var userPrincipalName: String?

    public init(id: String, kind: Kind, displayName: String? = nil, mail: String? = nil, userPrincipalName: String? = nil) {
        self.id = id
        self.kind = kind
        self.displayName = displayName
        self.mail = mail
        self.userPrincipalName = userPrincipalName
    }

    enum CodingKeys: String, CodingKey {
        case id, displayName, mail, userPrincipalName
        case odataType = "@odata.type"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        displayName = try container.decodeIfPresent(String.self, forKey: .displayName)
        mail = try container.decodeIfPresent(String.self, forKey: .mail)
        userPrincipalName = try container.decodeIfPresent(String.self, forKey: .userPrincipalName)
        switch try container.decodeIfPresent(String.self, forKey: .odataType) {
        case "#microsoft.graph.user", nil: kind = .user
        case "#microsoft.graph.orgContact": kind = .orgContact
        case "#microsoft.graph.group": kind = .group
        case "#microsoft.graph.directoryRole": kind = .directoryRole
        case let other?: kind = .other(other)
        }
    }
}
