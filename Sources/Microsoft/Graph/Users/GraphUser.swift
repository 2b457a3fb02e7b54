public import Foundation

/// The user properties Firstkey reads (§3). Most are returned only when `$select`ed, so every
/// user request selects `GraphUser.selectedProperties`.
public struct GraphUser: Sendable, Hashable, Decodable {
    /// Object ID, equal to the `oid` claim of the user's tokens.
    public var id: String
    public var userPrincipalName: String?
    public var displayName: String?
    public var accountEnabled: Bool?
    public var employeeID: String?
    public var mail: String?
    public var otherMails: [String]
    public var mobilePhone: String?
    public var businessPhones: [String]
    public var onPremisesSecurityIdentifier: String?
    /// base64 of the AD `objectGUID` (or `mS-DS-ConsistencyGuid`): the sync anchor.
    public var onPremisesImmutableID: String?
    public var onPremisesSamAccountName: String?
    public var onPremisesDistinguishedName: String?
    /// `true` synced, `false` was synced but no longer, `nil` never synced.
    public var onPremisesSyncEnabled: Bool?
    public var onPremisesDomainName: String?
    public var onPremisesUserPrincipalName: String?
    public var onPremisesLastSyncDateTime: Date?
    /// The first working day, the case's deadline (set by HR inbound provisioning).
    public var employeeHireDate: Date?

    static let selectedProperties = [
        "id", "userPrincipalName", "displayName", "accountEnabled", "employeeId", "mail", "otherMails", "mobilePhone",
        "businessPhones", "onPremisesSecurityIdentifier", "onPremisesImmutableId", "onPremisesSamAccountName",
        "onPremisesDistinguishedName", "onPremisesSyncEnabled", "onPremisesDomainName", "onPremisesUserPrincipalName",
        "onPremisesLastSyncDateTime", "employeeHireDate",
    ]

    public init(id: String, userPrincipalName: String? = nil, displayName: String? = nil) {
        self.id = id
        self.userPrincipalName = userPrincipalName
        self.displayName = displayName
        self.otherMails = []
        self.businessPhones = []
    }

    /// Whether this user comes from on-premises AD through Connect/Cloud Sync.
    public var isSyncedFromOnPremises: Bool { onPremisesSyncEnabled == true }

    enum CodingKeys: String, CodingKey {
        case id, userPrincipalName, displayName, accountEnabled, mail, otherMails, mobilePhone, businessPhones
        case employeeID = "employeeId"
        case onPremisesSecurityIdentifier, onPremisesSamAccountName, onPremisesDistinguishedName, onPremisesSyncEnabled
        case onPremisesImmutableID = "onPremisesImmutableId"
        case onPremisesDomainName, onPremisesUserPrincipalName, onPremisesLastSyncDateTime, employeeHireDate
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        userPrincipalName = try container.decodeIfPresent(String.self, forKey: .userPrincipalName)
        displayName = try container.decodeIfPresent(String.self, forKey: .displayName)
        accountEnabled = try container.decodeIfPresent(Bool.self, forKey: .accountEnabled)
        employeeID = try container.decodeIfPresent(String.self, forKey: .employeeID)
        mail = try container.decodeIfPresent(String.self, forKey: .mail)
        otherMails = try container.decodeIfPresent([String].self, forKey: .otherMails) ?? []
        mobilePhone = try container.decodeIfPresent(String.self, forKey: .mobilePhone)
        businessPhones = try container.decodeIfPresent([String].self, forKey: .businessPhones) ?? []
        onPremisesSecurityIdentifier = try container.decodeIfPresent(String.self, forKey: .onPremisesSecurityIdentifier)
        onPremisesImmutableID = try container.decodeIfPresent(String.self, forKey: .onPremisesImmutableID)
        onPremisesSamAccountName = try container.decodeIfPresent(String.self, forKey: .onPremisesSamAccountName)
        onPremisesDistinguishedName = try container.decodeIfPresent(String.self, forKey: .onPremisesDistinguishedName)
        onPremisesSyncEnabled = try container.decodeIfPresent(Bool.self, forKey: .onPremisesSyncEnabled)
        onPremisesDomainName = try container.decodeIfPresent(String.self, forKey: .onPremisesDomainName)
        onPremisesUserPrincipalName = try container.decodeIfPresent(String.self, forKey: .onPremisesUserPrincipalName)
        onPremisesLastSyncDateTime = try container.decodeIfPresent(Date.self, forKey: .onPremisesLastSyncDateTime)
        employeeHireDate = try container.decodeIfPresent(Date.self, forKey: .employeeHireDate)
    }
}
