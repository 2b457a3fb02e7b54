public import Foundation
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
    /// Successful logons counted by the DC that answered (not replicated).
    public var logonCount: Int
    /// 100-ns ticks since 1601 of the last logon: replicated (`lastLogonTimestamp`, updated at
    /// most every 9-14 days) and this DC's own (`lastLogon`); 0 when never.
    public var lastLogonTimestamp: Int64
    public var lastLogon: Int64
    public var whenCreated: Date?

    public static let attributes = [
        "sAMAccountName", "userPrincipalName", "displayName", "employeeID", "objectSid", "objectGUID",
        "mS-DS-ConsistencyGuid", "userAccountControl", "msDS-User-Account-Control-Computed", "pwdLastSet",
        "lockoutTime", "adminCount", "msDS-ResultantPSO", "logonCount", "lastLogonTimestamp", "lastLogon", "whenCreated",
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
        logonCount = Int(entry.string("logonCount") ?? "0") ?? 0
        lastLogonTimestamp = Int64(entry.string("lastLogonTimestamp") ?? "0") ?? 0
        lastLogon = Int64(entry.string("lastLogon") ?? "0") ?? 0
        whenCreated = entry.string("whenCreated").flatMap(ADTime.generalizedTime)
    }
}

/// Active Directory's two time formats.
public enum ADTime {
    /// Seconds from 1601-01-01 to 1970-01-01.
    static let fileTimeEpochOffset: Int64 = 11_644_473_600

    /// A FILETIME (100-ns ticks since 1601) as a date; nil for 0 and "never" (Int64.max).
    public static func fileTime(_ ticks: Int64) -> Date? {
        guard ticks > 0, ticks != Int64.max else { return nil }
        return Date(timeIntervalSince1970: Double(ticks) / 10_000_000 - Double(fileTimeEpochOffset))
    }

    /// Generalized time as AD writes it: `20261207220230.0Z` (UTC, optional fraction).
    public static func generalizedTime(_ text: String) -> Date? {
        let digits = text.prefix(14)
        guard digits.count == 14, digits.allSatisfy(\.isNumber), text.hasSuffix("Z") else { return nil }
        let number = { (from: Int, length: Int) -> Int in Int(digits.dropFirst(from).prefix(length))! }
        var components = DateComponents()
        components.calendar = Calendar(identifier: .gregorian)
        components.timeZone = TimeZone(identifier: "UTC")
        (components.year, components.month, components.day) = (number(0, 4), number(4, 2), number(6, 2))
        (components.hour, components.minute, components.second) = (number(8, 2), number(10, 2), number(12, 2))
        guard components.isValidDate, let date = components.date else { return nil }
        return date
    }
}
