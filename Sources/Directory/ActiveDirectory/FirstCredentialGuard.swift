public import Foundation

/// Proof that an AD account has never been used, before Firstkey gives it a first credential.
/// An intake can name any account — an honest HR feed by mistake, a stolen API token, a
/// Lifecycle Workflow pointed at the wrong user — so an account that shows any sign of use is
/// refused: it has logged on, its password was changed after it was created, it is older than a
/// new hire's account can be, it lies outside the OU Firstkey manages, or it belongs to a tier-0
/// or denied group. Pure: the directory supplies the evidence, the clock the time.
public struct FirstCredentialGuard: Sendable, Hashable {
    /// An account created longer ago than this is not a new hire's.
    public var maximumAccountAge: TimeInterval
    /// How long after its creation an account's password may still have been set by the
    /// provisioning (API-driven provisioning sets a random one at creation).
    public var passwordChangeTolerance: TimeInterval
    /// Only accounts under this OU (nil: anywhere under the search base).
    public var targetOU: String?
    /// Groups whose members never get a first credential, by DN or sAMAccountName, besides the
    /// tier-0 groups.
    public var denyGroups: [String]

    public init(maximumAccountAge: TimeInterval = 30 * 86_400, passwordChangeTolerance: TimeInterval = 600, targetOU: String? = nil,
                denyGroups: [String] = []) {
        self.maximumAccountAge = maximumAccountAge
        self.passwordChangeTolerance = passwordChangeTolerance
        self.targetOU = targetOU
        self.denyGroups = denyGroups
    }

    /// Tier-0 groups without a well-known RID, looked up by name in the domain.
    public static let tier0GroupNames = ["DnsAdmins"]

    /// Why `user` must not get a first credential; empty when it may. `groups`: the SIDs of every
    /// group it belongs to (tokenGroups); `denied`: the deny and name-resolved tier-0 groups' SIDs
    /// with their names.
    public func refusals(of user: ADUser, groups: [SecurityIdentifier], denied: [SecurityIdentifier: String], now: Date) -> [String] {
        var reasons: [String] = []
        if user.logonCount > 0 {
            reasons.append("it has logged on \(user.logonCount) time\(user.logonCount == 1 ? "" : "s") (logonCount)")
        } else if let last = ADTime.fileTime(max(user.lastLogonTimestamp, user.lastLogon)) {
            reasons.append("it has logged on (last logon \(Self.day(last)))")
        }
        if let set = ADTime.fileTime(user.pwdLastSet), let created = user.whenCreated,
           set.timeIntervalSince(created) > passwordChangeTolerance {
            reasons.append("its password was changed on \(Self.day(set)), after the account was created on \(Self.day(created))")
        }
        if let created = user.whenCreated, now.timeIntervalSince(created) > maximumAccountAge {
            reasons.append("it was created on \(Self.day(created)), more than \(Self.duration(maximumAccountAge)) ago (guard.maximumAccountAgeDays)")
        }
        if let targetOU, !Self.dn(user.dn, isUnder: targetOU) {
            reasons.append("it is outside the OU Firstkey manages (\(targetOU))")
        }
        for sid in groups {
            if let name = Tier0Groups.name(of: sid) {
                reasons.append("it is a member of the tier-0 group \(name)")
            } else if let name = denied[sid] {
                reasons.append("it is a member of \(name), whose members get no first credential")
            }
        }
        if user.isProtectedByAdminCount {
            reasons.append("adminCount is 1 (it is or was a member of a protected group)")
        }
        return reasons
    }

    /// The refusal as one sentence for the audit trail and the service desk, with what to do.
    public static func explanation(_ reasons: [String], account: String) -> String {
        "Firstkey gives no first credential to \(account): \(reasons.joined(separator: "; ")). "
            + "If this really is a new hire's account, check who used it; otherwise the intake named the wrong account"
    }

    /// Whether `dn` lies in or under `base`: its last RDNs are `base`'s, compared without case and
    /// spaces around `,` and `=`. An escaped comma (`OU=Evil\,OU=Staff`) is part of its RDN, so it
    /// cannot fake a parent.
    public static func dn(_ dn: String, isUnder base: String) -> Bool {
        let child = rdns(dn), parent = rdns(base)
        return !parent.isEmpty && child.count >= parent.count && Array(child.suffix(parent.count)) == parent
    }

    /// The RDNs of a DN, normalized; split at commas that are not escaped with a backslash.
    static func rdns(_ dn: String) -> [String] {
        var parts: [String] = [], current = "", escaped = false
        for character in dn {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                current.append(character)
                escaped = true
            } else if character == "," {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts.map { rdn in
            rdn.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "=").lowercased()
        }.filter { !$0.isEmpty }
    }

    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }

    static func duration(_ seconds: TimeInterval) -> String {
        let days = seconds / 86_400
        if days >= 1 { return days == days.rounded() ? "\(Int(days)) days" : String(format: "%.1f days", days) }
        return "\(Int(seconds)) seconds"
    }
}

/// The groups whose members control the domain (tier 0): the protected groups and the ones
/// that can take it over without being protected (Cert Publishers, Group Policy Creator Owners).
/// DnsAdmins has no fixed RID and is found by name (`FirstCredentialGuard.tier0GroupNames`).
public enum Tier0Groups {
    static let domainRelative: [UInt32: String] = [517: "Cert Publishers", 520: "Group Policy Creator Owners"]

    public static func name(of sid: SecurityIdentifier) -> String? {
        if let protected = ProtectedGroups.name(of: sid) { return protected }
        guard sid.identifierAuthority == 5, sid.subAuthorities.count >= 5, sid.subAuthorities[0] == 21, let rid = sid.subAuthorities.last else { return nil }
        return domainRelative[rid]
    }
}
