public import LDAP

/// A user object as Firstkey sees it: identity keys and the state that matters for a first password.
public struct ADUser: Hashable, Sendable {
    public var dn: String
    public var samAccountName: String?
    public var userPrincipalName: String?
    public var displayName: String?
    public var employeeID: String?
    public var objectSid: SecurityIdentifier?
    public var objectGUID: ObjectGUID?
    public var consistencyGuid: ObjectGUID?
    public var userAccountControl: ADUserAccountControl
    /// msDS-User-Account-Control-Computed: lockout and password-expired live only here.
    public var computedUserAccountControl: ADUserAccountControl
    /// 100-ns ticks since 1601; 0 means "must change at next logon" (or never set).
    public var pwdLastSet: Int64
    public var lockoutTime: Int64
    public var adminCount: Int
    /// DN of the fine-grained password settings object that applies, if any.
    public var resultantPSO: String?

    public static let attributes = [
        "sAMAccountName", "userPrincipalName", "displayName", "employeeID", "objectSid", "objectGUID",
        "mS-DS-ConsistencyGuid", "userAccountControl", "msDS-User-Account-Control-Computed", "pwdLastSet",
        "lockoutTime", "adminCount", "msDS-ResultantPSO",
    ]

    public var isEnabled: Bool { !userAccountControl.contains(.accountDisabled) }
    public var isLockedOut: Bool { computedUserAccountControl.contains(.lockout) }
    public var isPasswordExpired: Bool { computedUserAccountControl.contains(.passwordExpired) }
    public var mustChangePasswordAtNextLogon: Bool { pwdLastSet == 0 && !userAccountControl.contains(.dontExpirePassword) }
    public var isProtectedByAdminCount: Bool { adminCount != 0 }

    public init(entry: SearchResultEntry) throws {
        dn = entry.dn
        samAccountName = entry.string("sAMAccountName")
        userPrincipalName = entry.string("userPrincipalName")
        displayName = entry.string("displayName")
        employeeID = entry.string("employeeID")
        do {
            objectSid = try entry.values("objectSid").first.map { try SecurityIdentifier(bytes: $0) }
            objectGUID = try entry.values("objectGUID").first.map { try ObjectGUID(bytes: $0) }
            consistencyGuid = try entry.values("mS-DS-ConsistencyGuid").first.map { try ObjectGUID(bytes: $0) }
        } catch {
            throw DirectoryError(.unexpectedData, summary: "the directory returned a malformed identifier for \(entry.dn): \(error)")
        }
        userAccountControl = entry.string("userAccountControl").flatMap(ADUserAccountControl.init(ldapValue:)) ?? []
        computedUserAccountControl = entry.string("msDS-User-Account-Control-Computed").flatMap(ADUserAccountControl.init(ldapValue:)) ?? []
        pwdLastSet = Int64(entry.string("pwdLastSet") ?? "0") ?? 0
        lockoutTime = Int64(entry.string("lockoutTime") ?? "0") ?? 0
        adminCount = Int(entry.string("adminCount") ?? "0") ?? 0
        resultantPSO = entry.string("msDS-ResultantPSO").flatMap { $0.isEmpty ? nil : $0 }
    }
}
