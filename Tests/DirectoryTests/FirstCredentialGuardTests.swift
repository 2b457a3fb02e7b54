import Foundation
import LDAP
import Testing
@testable import Directory

/// `FirstCredentialGuard` as a pure function: an account's attributes in, the reasons it must not
/// get a first credential out.
@Suite struct FirstCredentialGuardUnitTests {
    static let created = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30 00:53:20Z
    static let now = created.addingTimeInterval(3 * 86_400)
    static let domain = "S-1-5-21-1004336348-1177238915-682003330"

    static func fileTime(_ date: Date) -> String {
        String(Int64((date.timeIntervalSince1970 + Double(ADTime.fileTimeEpochOffset)) * 10_000_000))
    }

    static func generalized(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss"
        return formatter.string(from: date) + ".0Z"
    }

    /// A freshly provisioned hire's account, with `changes` applied.
    static func user(dn: String = "CN=kim,OU=Staff,DC=ad,DC=example,DC=test", _ changes: [String: String] = [:]) throws -> ADUser {
        var attributes = ["sAMAccountName": "kim", "userAccountControl": "514", "pwdLastSet": "0", "logonCount": "0",
                          "whenCreated": generalized(created)]
        attributes.merge(changes) { _, new in new }
        return try ADUser(entry: SearchResultEntry(dn: dn, attributes: attributes.map { LDAPAttribute(name: $0.key, strings: [$0.value]) }))
    }

    static func refusals(_ user: ADUser, groups: [String] = [], guard firstCredentialGuard: FirstCredentialGuard = FirstCredentialGuard(targetOU: "OU=Staff,DC=ad,DC=example,DC=test"),
                         denied: [SecurityIdentifier: String] = [:]) throws -> [String] {
        firstCredentialGuard.refusals(of: user, groups: try groups.map { try SecurityIdentifier(string: $0) }, denied: denied, now: now)
    }

    @Test func aFreshlyProvisionedAccountPasses() throws {
        #expect(try Self.refusals(Self.user()).isEmpty)
        // API-driven provisioning sets a random password at creation: within the tolerance.
        #expect(try Self.refusals(Self.user(["pwdLastSet": Self.fileTime(Self.created.addingTimeInterval(30))])).isEmpty)
        #expect(try Self.refusals(Self.user(), groups: ["\(Self.domain)-513", "S-1-5-32-545"]).isEmpty)  // Domain Users, Users
    }

    @Test func anAccountThatHasLoggedOnIsRefused() throws {
        #expect(try Self.refusals(Self.user(["logonCount": "3"])) == ["it has logged on 3 times (logonCount)"])
        let replicated = try Self.refusals(Self.user(["lastLogonTimestamp": Self.fileTime(Self.created.addingTimeInterval(3600))]))
        #expect(replicated == ["it has logged on (last logon 2026-11-30)"])
        #expect(try Self.refusals(Self.user(["lastLogon": Self.fileTime(Self.created.addingTimeInterval(60))])).count == 1)
        // "never" is Int64.max in some attributes: not a logon.
        #expect(try Self.refusals(Self.user(["lastLogonTimestamp": String(Int64.max)])).isEmpty)
    }

    @Test func aPasswordChangedAfterCreationIsRefused() throws {
        let changed = Self.created.addingTimeInterval(2 * 86_400)
        #expect(try Self.refusals(Self.user(["pwdLastSet": Self.fileTime(changed)]))
                == ["its password was changed on 2026-12-02, after the account was created on 2026-11-30"])
        let strict = FirstCredentialGuard(passwordChangeTolerance: 0)
        #expect(try Self.refusals(Self.user(["pwdLastSet": Self.fileTime(Self.created.addingTimeInterval(2))]), guard: strict).count == 1)
    }

    @Test func anAccountOlderThanTheLimitIsRefused() throws {
        let old = Self.created.addingTimeInterval(-60 * 86_400)
        #expect(try Self.refusals(Self.user(["whenCreated": Self.generalized(old)]))
                == ["it was created on 2026-10-01, more than 30 days ago (guard.maximumAccountAgeDays)"])
        #expect(try Self.refusals(Self.user(), guard: FirstCredentialGuard(maximumAccountAge: 86_400)).count == 1)
    }

    @Test(arguments: [
        ("CN=kim,OU=Staff,DC=ad,DC=example,DC=test", true),
        ("cn=kim, ou=staff, dc=AD, dc=example, dc=test", true),
        ("CN=kim,OU=Team,OU=Staff,DC=ad,DC=example,DC=test", true),
        ("CN=kim,CN=Users,DC=ad,DC=example,DC=test", false),
        ("CN=kim,OU=NotStaff,DC=ad,DC=example,DC=test", false),
        ("CN=x\\,OU=Staff,OU=Evil,DC=ad,DC=example,DC=test", false),
        ("CN=kim,OU=Evil\\,OU=Staff,DC=ad,DC=example,DC=test", false),
    ])
    func theTargetOUIsEnforced(_ dn: String, _ inside: Bool) throws {
        let reasons = try Self.refusals(Self.user(dn: dn))
        #expect(reasons.isEmpty == inside, "\(dn): \(reasons)")
        #expect(FirstCredentialGuard.dn(dn, isUnder: "OU=Staff,DC=ad,DC=example,DC=test") == inside)
    }

    @Test(arguments: [
        ("-512", "Domain Admins"), ("-519", "Enterprise Admins"), ("-518", "Schema Admins"), ("-526", "Key Admins"),
        ("-527", "Enterprise Key Admins"), ("-517", "Cert Publishers"), ("-520", "Group Policy Creator Owners"),
    ])
    func tierZeroDomainGroupsAreRefused(_ rid: String, _ name: String) throws {
        #expect(try Self.refusals(Self.user(), groups: [Self.domain + rid]) == ["it is a member of the tier-0 group \(name)"])
    }

    @Test(arguments: [("S-1-5-32-544", "Administrators"), ("S-1-5-32-548", "Account Operators"), ("S-1-5-32-549", "Server Operators"),
                      ("S-1-5-32-550", "Print Operators"), ("S-1-5-32-551", "Backup Operators")])
    func tierZeroBuiltinGroupsAreRefused(_ sid: String, _ name: String) throws {
        #expect(try Self.refusals(Self.user(), groups: [sid]) == ["it is a member of the tier-0 group \(name)"])
    }

    @Test func deniedGroupsAndAdminCountAreRefused() throws {
        let dnsAdmins = try SecurityIdentifier(string: Self.domain + "-1101")
        #expect(try Self.refusals(Self.user(), groups: [Self.domain + "-1101"], denied: [dnsAdmins: "DnsAdmins"])
                == ["it is a member of DnsAdmins, whose members get no first credential"])
        #expect(try Self.refusals(Self.user(["adminCount": "1"])) == ["adminCount is 1 (it is or was a member of a protected group)"])
    }

    @Test func everyReasonIsListedAndTheExplanationSaysWhatToDo() throws {
        let used = try Self.user(dn: "CN=cfo,CN=Users,DC=ad,DC=example,DC=test", ["logonCount": "900", "adminCount": "1",
                                 "pwdLastSet": Self.fileTime(Self.now), "whenCreated": Self.generalized(Self.created.addingTimeInterval(-900 * 86_400))])
        let reasons = try Self.refusals(used, groups: [Self.domain + "-512"])
        #expect(reasons.count == 6, "\(reasons)")
        let text = FirstCredentialGuard.explanation(reasons, account: "cfo")
        #expect(text.hasPrefix("Firstkey gives no first credential to cfo: it has logged on 900 times"))
        #expect(text.hasSuffix("otherwise the intake named the wrong account"))
    }

    @Test(arguments: ["20261207220230.0Z", "20261207220230Z"])
    func generalizedTimeParses(_ text: String) {
        #expect(ADTime.generalizedTime(text) == Date(timeIntervalSince1970: 1_796_680_950))
    }

    @Test(arguments: ["", "2026120722023", "20261307220230.0Z", "20261207220230.0", "2026120722023x.0Z"])
    func malformedGeneralizedTimeIsNil(_ text: String) {
        #expect(ADTime.generalizedTime(text) == nil)
    }
}
