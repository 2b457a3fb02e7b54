/// The groups AdminSDHolder protects (MS-ADTS 3.1.1.6.1.2). A member's password is never
/// Firstkey's business.
public enum ProtectedGroups {
    static let builtin: [UInt32: String] = [
        544: "Administrators", 548: "Account Operators", 549: "Server Operators",
        550: "Print Operators", 551: "Backup Operators", 552: "Replicator",
    ]
    static let domainRelative: [UInt32: String] = [
        512: "Domain Admins", 516: "Domain Controllers", 518: "Schema Admins", 519: "Enterprise Admins",
        521: "Read-only Domain Controllers", 526: "Key Admins", 527: "Enterprise Key Admins",
    ]

    public static func isProtected(_ sid: SecurityIdentifier) -> Bool { name(of: sid) != nil }

    public static func name(of sid: SecurityIdentifier) -> String? {
        guard sid.identifierAuthority == 5, let rid = sid.subAuthorities.last else { return nil }
        if sid.subAuthorities.count == 2, sid.subAuthorities[0] == 32 { return builtin[rid] }
        if sid.subAuthorities.count >= 5, sid.subAuthorities[0] == 21 { return domainRelative[rid] }
        return nil
    }
}
