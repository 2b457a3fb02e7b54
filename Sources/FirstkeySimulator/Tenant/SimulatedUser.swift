public import Foundation

/// A directory user as Graph describes it (`microsoft.graph.user`), with the properties Firstkey
/// reads: identity, contact details, HR fields, every `onPremises*` field and the manager link.
public struct SimulatedUser: Sendable, Hashable {
    public var id: String
    public var userPrincipalName: String
    public var displayName: String?
    public var givenName: String?
    public var surname: String?
    public var jobTitle: String?
    public var department: String?
    public var accountEnabled: Bool
    public var mail: String?
    public var otherMails: [String]
    public var mobilePhone: String?
    public var businessPhones: [String]
    public var employeeId: String?
    public var employeeHireDate: Date?
    public var employeeType: String?
    public var companyName: String?
    public var onPremisesSecurityIdentifier: String?
    public var onPremisesImmutableId: String?
    public var onPremisesSamAccountName: String?
    public var onPremisesDistinguishedName: String?
    /// `true` synced, `false` was synced but no longer, `nil` never synced.
    public var onPremisesSyncEnabled: Bool?
    public var onPremisesDomainName: String?
    public var onPremisesUserPrincipalName: String?
    public var onPremisesLastSyncDateTime: Date?
    /// The `id` of this user's manager, if any.
    public var managerID: String?
    /// Object IDs of the groups the user is a member of: the ID token's `groups` claim when the
    /// application asks for group claims (`groups` among its optional claims).
    public var groupIDs: [String] = []
    /// App roles assigned to the user, by application client ID: the ID token's `roles` claim.
    public var appRoles: [String: [String]] = [:]
    /// Template IDs of the Entra directory roles active for the user (e.g. Global Administrator
    /// 62e90394-69f5-4237-9190-012177145e10): listed by `/transitiveMemberOf` as directoryRole objects.
    public var directoryRoleTemplateIDs: [String] = []
    /// `signInActivity.lastSuccessfulSignInDateTime`; a sign-in through the simulator's login page sets it.
    public var lastSuccessfulSignIn: Date?

    public init(
        id: String = UUID().uuidString.lowercased(),
        userPrincipalName: String,
        displayName: String? = nil,
        givenName: String? = nil,
        surname: String? = nil,
        jobTitle: String? = nil,
        department: String? = nil,
        accountEnabled: Bool = true,
        mail: String? = nil,
        otherMails: [String] = [],
        mobilePhone: String? = nil,
        businessPhones: [String] = [],
        employeeId: String? = nil,
        employeeHireDate: Date? = nil,
        employeeType: String? = nil,
        companyName: String? = nil,
        onPremisesSecurityIdentifier: String? = nil,
        onPremisesImmutableId: String? = nil,
        onPremisesSamAccountName: String? = nil,
        onPremisesDistinguishedName: String? = nil,
        onPremisesSyncEnabled: Bool? = nil,
        onPremisesDomainName: String? = nil,
        onPremisesUserPrincipalName: String? = nil,
        onPremisesLastSyncDateTime: Date? = nil,
        managerID: String? = nil
    ) {
        self.id = id
        self.userPrincipalName = userPrincipalName
        self.displayName = displayName
        self.givenName = givenName
        self.surname = surname
        self.jobTitle = jobTitle
        self.department = department
        self.accountEnabled = accountEnabled
        self.mail = mail
        self.otherMails = otherMails
        self.mobilePhone = mobilePhone
        self.businessPhones = businessPhones
        self.employeeId = employeeId
        self.employeeHireDate = employeeHireDate
        self.employeeType = employeeType
        self.companyName = companyName
        self.onPremisesSecurityIdentifier = onPremisesSecurityIdentifier
        self.onPremisesImmutableId = onPremisesImmutableId
        self.onPremisesSamAccountName = onPremisesSamAccountName
        self.onPremisesDistinguishedName = onPremisesDistinguishedName
        self.onPremisesSyncEnabled = onPremisesSyncEnabled
        self.onPremisesDomainName = onPremisesDomainName
        self.onPremisesUserPrincipalName = onPremisesUserPrincipalName
        self.onPremisesLastSyncDateTime = onPremisesLastSyncDateTime
        self.managerID = managerID
    }
}
