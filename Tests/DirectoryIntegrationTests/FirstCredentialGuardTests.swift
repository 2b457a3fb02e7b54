import Credentials
import Delivery
import Foundation
import LDAP
import LDAPClient
import Onboarding
import OnboardingEngine
import Store
import Testing
import TestSupport
@testable import Directory

/// Attacks on the promise "nobody but the new hire ever holds their credential", each against the
/// real Samba DC: an intake (a stolen API token, a compromised HR feed, a Lifecycle Workflow
/// pointed at the wrong user) names an account that is already in use. Each must be refused with
/// nothing written to AD, nothing sent to the phone the intake gave, and the service desk told.
@Suite(.enabled(if: IntegrationEnvironment.available))
struct FirstCredentialGuardTests {
    typealias Env = IntegrationEnvironment

    /// Counts what the service desk is told.
    final class Escalations: EscalationSink, @unchecked Sendable {
        private let lock = NSLock()
        private var told: [String] = []
        var reasons: [String] { lock.withLock { told } }
        func escalate(_ onboarding: OnboardingCase, contact: String, reason: String) async { lock.withLock { told.append(reason) } }
    }

    struct Outcome {
        var onboarding: OnboardingCase
        var audit: [AuditEvent]
        var escalations: [String]
        var messages: [DeliveryMessage]
        var before: ADUser
        var after: ADUser
    }

    /// Opens a temporary-password case for the account with the attacker's phone and mailbox and
    /// runs the engine until nothing is due, as `firstkey serve` would.
    static func attack(_ account: (sam: String, dn: String, employeeID: String), guard firstCredentialGuard: FirstCredentialGuard = FirstCredentialGuard(),
                       mode: DeliveryMode = .temporaryPassword, beforePrepare: (() async throws -> Void)? = nil) async throws -> Outcome {
        let directory = try Env.serviceDirectory()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-guard-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        let sms = RecordingChannel(kind: .sms), email = RecordingChannel(kind: .email)
        let composer = DeliveryComposer(templates: try DeliveryTemplates(), organizationName: "Contoso")
        let delivery = DeliverySteps(settings: DeliverySettings(channels: DeliveryChannelSet([sms, email]), composer: composer, publicURL: URL(string: "https://firstkey.test")),
                                     store: store, sealer: SecretSealer(current: SealingKey.generate()))
        let issuer = SealedPasswordIssuer(store: store, sealer: SecretSealer(current: SealingKey.generate()))
        let escalations = Escalations()
        let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(),
                                      runner: DirectoryStepRunner(directory: directory, issuer: issuer, delivery: delivery, firstCredentialGuard: firstCredentialGuard),
                                      escalations: escalations)
        do {
            let before = try await directory.findUser(.samAccountName(account.sam))
            let (onboarding, _) = try await engine.intake(.init(identity: HireIdentity(employeeID: account.employeeID), hireDate: Date().addingTimeInterval(7 * 86_400),
                                                                deliveryMode: mode, recipients: Recipients(mobilePhone: "+15550106666", privateEmail: "attacker@evil.example"),
                                                                source: "api"), actor: "api:stolen-token")
            var prepared = false
            for _ in 0..<8 {
                if !prepared, let beforePrepare, let current = try await store.fetchCase(onboarding.id), current.currentStep?.kind == .prepareCredential {
                    try await beforePrepare()
                    prepared = true
                }
                if await engine.runOnce() == 0 { break }
            }
            let after = try await directory.findUser(.samAccountName(account.sam))
            let result = try #require(try await store.fetchCase(onboarding.id))
            let outcome = Outcome(onboarding: result, audit: try await store.auditTrail(of: onboarding.id), escalations: escalations.reasons,
                                  messages: sms.messages + email.messages, before: before, after: after)
            await store.close()
            await directory.pool.shutdown()
            return outcome
        } catch {
            await store.close()
            await directory.pool.shutdown()
            throw error
        }
    }

    /// Refused: escalated once with the reason, nothing written, nothing sent.
    static func expectRefused(_ outcome: Outcome, because expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.onboarding.state == .escalated, "state \(outcome.onboarding.state)", sourceLocation: sourceLocation)
        #expect(outcome.onboarding.escalationReason?.contains(expected) == true, "\(outcome.onboarding.escalationReason ?? "-")", sourceLocation: sourceLocation)
        #expect(outcome.escalations.count == 1 && outcome.escalations.first?.contains(expected) == true, "\(outcome.escalations)", sourceLocation: sourceLocation)
        #expect(outcome.onboarding.step(.prepareCredential).status != .succeeded, sourceLocation: sourceLocation)
        #expect(outcome.after.pwdLastSet == outcome.before.pwdLastSet, "the password was written", sourceLocation: sourceLocation)
        #expect(outcome.after.userAccountControl == outcome.before.userAccountControl, "the account was changed", sourceLocation: sourceLocation)
        #expect(outcome.messages.isEmpty, "sent: \(outcome.messages.map(\.recipient))", sourceLocation: sourceLocation)
    }

    // MARK: Administrator's hand, as the attacks need it

    static func asAdmin(_ body: (LDAPConnection) async throws -> Void) async throws {
        let admin = try await Env.connect(try Env.dc1.ldaps, tls: try Env.dc1.tls, bindDN: try Env.dc1.adminDN, password: try Env.dc1.adminPassword)
        do {
            try await body(admin)
            await admin.unbind()
        } catch {
            await admin.unbind()
            throw error
        }
    }

    /// The employee's own password, set by an administrator, the account enabled: an account in use.
    static func giveOwnPassword(_ dn: String) async throws -> String {
        let password = Env.randomPassword()
        try await asAdmin { admin in
            try await admin.modify(ModifyRequest(dn: dn, changes: [
                .replace("unicodePwd", bytes: [ActiveDirectory.unicodePwdValue(password)]),
                .replace("userAccountControl", ["512"]),
            ]))
        }
        return password
    }

    static func addMember(_ dn: String, to group: String) async throws {
        try await asAdmin { admin in try await admin.modify(ModifyRequest(dn: group, changes: [.add("member", [dn])])) }
    }

    // MARK: The attacks

    @Test func anIntakeForAnEmployeeWhoHasLoggedOnIsRefusedWithNoWriteAndNoMessage() async throws {
        let employee = try await Env.createHire(prefix: "guardlog")
        let password = try await Self.giveOwnPassword(employee.dn)
        // The employee signs in: the DC counts the logon.
        let session = try await Env.connect(try Env.dc1.ldaps, tls: try Env.dc1.tls, bindDN: employee.dn, password: password)
        await session.unbind()
        // Tolerant of the password set right after creation: only the logon may refuse here.
        let outcome = try await Self.attack(employee, guard: FirstCredentialGuard(passwordChangeTolerance: 86_400))
        // Samba records an LDAP bind in lastLogonTimestamp (AD also counts logonCount on the DC).
        #expect(outcome.before.logonCount > 0 || outcome.before.lastLogon > 0 || outcome.before.lastLogonTimestamp > 0, "the DC did not record the logon: \(outcome.before)")
        Self.expectRefused(outcome, because: "it has logged on")
    }

    @Test func anIntakeForAnAccountWhosePasswordWasChangedAfterCreationIsRefused() async throws {
        let employee = try await Env.createHire(prefix: "guardpwd")
        try await Task.sleep(for: .seconds(2))
        _ = try await Self.giveOwnPassword(employee.dn)
        let outcome = try await Self.attack(employee, guard: FirstCredentialGuard(passwordChangeTolerance: 0))
        Self.expectRefused(outcome, because: "its password was changed on")
    }

    @Test func anIntakeForAnAccountOlderThanANewHiresIsRefused() async throws {
        let employee = try await Env.createHire(prefix: "guardold")
        try await Task.sleep(for: .seconds(2))
        let outcome = try await Self.attack(employee, guard: FirstCredentialGuard(maximumAccountAge: 1))
        Self.expectRefused(outcome, because: "more than 1 seconds ago")
    }

    @Test func anIntakeForAnAccountOutsideTheTargetOUIsRefused() async throws {
        // An OU of its own outside OU=Staff (CN=Users is listed whole by another test).
        let elsewhere = "OU=GuardElsewhere,\(try Env.dc1.baseDN)"
        try await Self.asAdmin { admin in
            let response = try await admin.send(.addRequest(AddRequest(dn: elsewhere, attributes: [LDAPAttribute(name: "objectClass", strings: ["top", "organizationalUnit"])])))
            #expect([.success, .entryAlreadyExists].contains(response.result.resultCode), "\(response.result)")
        }
        let employee = try await Env.createHire(prefix: "guardou", ou: elsewhere)
        let outcome = try await Self.attack(employee, guard: FirstCredentialGuard(targetOU: try Env.dc1.usersOU))
        Self.expectRefused(outcome, because: "it is outside the OU Firstkey manages")
    }

    @Test func anIntakeForATierZeroGroupMemberIsRefused() async throws {
        let employee = try await Env.createHire(prefix: "guardt0")
        // Group Policy Creator Owners: not protected by AdminSDHolder, yet it can take the domain over.
        try await Self.addMember(employee.dn, to: "CN=Group Policy Creator Owners,CN=Users,\(try Env.dc1.baseDN)")
        let outcome = try await Self.attack(employee)
        Self.expectRefused(outcome, because: "a member of the tier-0 group Group Policy Creator Owners")
    }

    @Test func anIntakeForADomainAdminIsRefusedAsProtected() async throws {
        let employee = try await Env.createHire(prefix: "guardda")
        try await Self.addMember(employee.dn, to: "CN=Domain Admins,CN=Users,\(try Env.dc1.baseDN)")
        let outcome = try await Self.attack(employee)
        #expect(outcome.onboarding.state == .failed && outcome.onboarding.failureReason?.contains("Domain Admins") == true, "\(outcome.onboarding.failureReason ?? "-")")
        #expect(outcome.escalations.count == 1)
        #expect(outcome.after.pwdLastSet == outcome.before.pwdLastSet && outcome.messages.isEmpty)
    }

    @Test func anIntakeForAMemberOfAConfiguredDenyGroupIsRefused() async throws {
        let employee = try await Env.createHire(prefix: "guarddeny")
        let group = "CN=guard-deny-\(UInt32.random(in: 0..<UInt32.max)),\(try Env.dc1.usersOU)"
        try await Self.asAdmin { admin in
            try await admin.add(AddRequest(dn: group, attributes: [LDAPAttribute(name: "objectClass", strings: ["top", "group"])]))
        }
        try await Self.addMember(employee.dn, to: group)
        let outcome = try await Self.attack(employee, guard: FirstCredentialGuard(denyGroups: [group]))
        Self.expectRefused(outcome, because: "whose members get no first credential")
    }

    @Test func aDenyGroupThatDoesNotExistRefusesEveryCaseInsteadOfNone() async throws {
        let hire = try await Env.createHire(prefix: "guardmiss")
        let outcome = try await Self.attack(hire, guard: FirstCredentialGuard(denyGroups: ["CN=no-such-group,\(try Env.dc1.usersOU)"]))
        Self.expectRefused(outcome, because: "was not found, so membership cannot be ruled out")
    }

    @Test func anAccountUsedBetweenTheCheckAndTheWriteIsRefusedRightBeforeTheWrite() async throws {
        let employee = try await Env.createHire(prefix: "guardrace")
        let outcome = try await Self.attack(employee, guard: FirstCredentialGuard(passwordChangeTolerance: 86_400)) {
            // The check step has passed; now someone takes the account and signs in with it.
            let password = try await Self.giveOwnPassword(employee.dn)
            let session = try await Env.connect(try Env.dc1.ldaps, tls: try Env.dc1.tls, bindDN: employee.dn, password: password)
            await session.unbind()
        }
        #expect(outcome.onboarding.step(.check).status == .succeeded)
        #expect(outcome.onboarding.state == .escalated && outcome.onboarding.escalationReason?.contains("it has logged on") == true,
                "\(outcome.onboarding.state) \(outcome.onboarding.escalationReason ?? "-")")
        #expect(outcome.onboarding.step(.prepareCredential).status != .succeeded)
        // Only the administrator's own change happened: Firstkey wrote nothing after it.
        let admin = try Env.serviceDirectory()
        let now = try await admin.findUser(.samAccountName(employee.sam))
        await admin.pool.shutdown()
        #expect(!now.mustChangePasswordAtNextLogon, "Firstkey's temporary password (must change) was written")
        #expect(outcome.messages.isEmpty)
    }

    @Test func aSecondCaseForAnAccountThatAlreadyGotItsFirstCredentialIsRefusedUntilAnAdministratorAllowsIt() async throws {
        let hire = try await Env.createHire(prefix: "guard2nd")
        let directory = try Env.serviceDirectory()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-guard-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        let escalations = Escalations()
        let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(),
                                      runner: DirectoryStepRunner(directory: directory, issuer: SealedPasswordIssuer(store: store, sealer: SecretSealer(current: SealingKey.generate())),
                                                                  store: store),
                                      escalations: escalations)
        func run() async { for _ in 0..<8 where await engine.runOnce() > 0 {} }
        func open(_ identity: HireIdentity) async throws -> CaseID {
            try await engine.intake(.init(identity: identity, hireDate: Date().addingTimeInterval(7 * 86_400), deliveryMode: .temporaryPassword,
                                          recipients: Recipients(mobilePhone: "+15550106666"), source: "api"), actor: "api:test").onboarding.id
        }
        do {
            let first = try await open(HireIdentity(employeeID: hire.employeeID))
            await run()
            #expect(try await store.fetchCase(first)?.step(.prepareCredential).status == .succeeded)
            let written = try await directory.findUser(.samAccountName(hire.sam))

            // The same account again under another identifier (a second feed, a replayed intake).
            let second = try await open(HireIdentity(userPrincipalName: "\(hire.sam)@ad.example.test"))
            #expect(second != first)
            await run()
            var refused = try #require(try await store.fetchCase(second))
            #expect(refused.state == .escalated && refused.escalationReason?.contains("case \(first) already gave this account a first credential") == true,
                    "\(refused.state) \(refused.escalationReason ?? "-")")
            #expect(try await directory.findUser(.samAccountName(hire.sam)).pwdLastSet == written.pwdLastSet)
            #expect(escalations.reasons.count == 1)

            // An administrator allows it, with a reason: every other guard still runs.
            await #expect(throws: LifecycleError.self) { _ = try await engine.approveReissue(second, actor: "cli:admin", reason: "  ") }
            _ = try await engine.approveReissue(second, actor: "cli:admin", reason: "the hire's phone was stolen before day one")
            await run()
            refused = try #require(try await store.fetchCase(second))
            #expect(refused.step(.prepareCredential).status == .succeeded, "\(refused.state) \(refused.escalationReason ?? "-")")
            let audit = try await store.auditTrail(of: second)
            #expect(audit.contains { $0.event == "case.reissue-approved" && $0.actor == "cli:admin" && $0.detail.contains("phone was stolen") })
        } catch {
            await store.close(); await directory.pool.shutdown()
            throw error
        }
        await store.close(); await directory.pool.shutdown()
    }

    @Test func aFreshlyProvisionedHirePassesEveryGuard() async throws {
        let hire = try await Env.createHire(prefix: "guardok")
        let directory = try Env.serviceDirectory()
        let user = try await directory.findUser(.samAccountName(hire.sam))
        let (_, refusals) = try await directory.firstCredentialRefusals(for: user, guard: FirstCredentialGuard(targetOU: try Env.dc1.usersOU, denyGroups: ["DnsAdmins"]))
        await directory.pool.shutdown()
        #expect(refusals.isEmpty, "\(refusals)")
    }
}
