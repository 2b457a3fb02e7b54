import Directory
import Foundation
import Microsoft
import Onboarding
import Testing
@testable import OnboardingEngine

/// The correlation decisions on plain values: no Graph, no directory.
@Suite struct EntraCorrelationTests {
    static let sid = "S-1-5-21-1004336348-1177238915-682003330-5120"

    static func entraUser(id: String = "a97733ce-92a4-4e7e-8d45-8e1f3e6a69d8", employeeID: String? = "701985", sid: String? = EntraCorrelationTests.sid,
                          immutableID: String? = nil, sam: String? = "kjensen") -> GraphUser {
        var user = GraphUser(id: id, userPrincipalName: "kjensen@contoso.com", displayName: "Kathy Jensen")
        user.employeeID = employeeID
        user.onPremisesSecurityIdentifier = sid
        user.onPremisesImmutableID = immutableID
        user.onPremisesSamAccountName = sam
        user.onPremisesSyncEnabled = sid != nil || immutableID != nil || sam != nil ? true : nil
        return user
    }

    // MARK: Finding the Entra user

    @Test func entraLookupsGoFromStrongestToWeakest() {
        #expect(EntraCorrelation.entraLookups(for: HireIdentity(entraObjectID: "oid", userPrincipalName: "u@contoso.com", employeeID: "1", samAccountName: "s"))
            == [.objectID("oid"), .employeeID("1"), .userPrincipalName("u@contoso.com")])
        #expect(EntraCorrelation.entraLookups(for: HireIdentity(userPrincipalName: "u@contoso.com")) == [.userPrincipalName("u@contoso.com")])
        #expect(EntraCorrelation.entraLookups(for: HireIdentity(samAccountName: "s")) == [.onPremisesSamAccountName("s")], "the advanced query only as a last resort")
        #expect(EntraCorrelation.entraLookups(for: HireIdentity(employeeID: "  ")).isEmpty)
    }

    @Test func theFirstLookupThatFindsSomeoneDecides() {
        let hire = HireIdentity(userPrincipalName: "kjensen@contoso.com", employeeID: "701985")
        let user = Self.entraUser()
        let decision = EntraCorrelation.entraUser(for: hire, from: [(.employeeID("701985"), []), (.userPrincipalName("kjensen@contoso.com"), [user])])
        #expect(decision == .found(user, by: .userPrincipalName("kjensen@contoso.com")))
    }

    @Test func nobodyFoundWaits() {
        let decision = EntraCorrelation.entraUser(for: HireIdentity(employeeID: "1"), from: [(.employeeID("1"), [])])
        guard case .wait(let reason) = decision else { Issue.record("\(decision)"); return }
        #expect(reason.contains("employeeId"))
    }

    @Test func twoEntraUsersAreRefused() {
        let decision = EntraCorrelation.entraUser(for: HireIdentity(employeeID: "701985"),
                                                  from: [(.employeeID("701985"), [Self.entraUser(id: "a"), Self.entraUser(id: "b")])])
        guard case .refuse(let reason) = decision else { Issue.record("\(decision)"); return }
        #expect(reason.contains("2 Entra users"))
    }

    @Test func anEntraUserThatContradictsTheCaseIsRefused() {
        let other = EntraCorrelation.entraUser(for: HireIdentity(entraObjectID: "expected-oid", userPrincipalName: "kjensen@contoso.com"),
                                               from: [(.objectID("expected-oid"), []), (.userPrincipalName("kjensen@contoso.com"), [Self.entraUser(id: "another-oid")])])
        guard case .refuse = other else { Issue.record("\(other)"); return }
        let employee = EntraCorrelation.entraUser(for: HireIdentity(userPrincipalName: "kjensen@contoso.com", employeeID: "999"),
                                                  from: [(.employeeID("999"), []), (.userPrincipalName("kjensen@contoso.com"), [Self.entraUser(employeeID: "701985")])])
        guard case .refuse(let reason) = employee else { Issue.record("\(employee)"); return }
        #expect(reason.contains("701985") && reason.contains("999"))
    }

    // MARK: Finding the AD object

    @Test func directoryQueriesFollowTheAnchorsStrongestFirst() throws {
        let guid = try Accounts.randomGUID()
        let queries = EntraCorrelation.directoryQueries(for: Self.entraUser(immutableID: guid.base64), hire: HireIdentity())
        #expect(queries == [.objectSid(try SecurityIdentifier(string: Self.sid)), .consistencyGuid(guid), .objectGUID(guid), .samAccountName("kjensen"), .employeeID("701985")])
        // An anchor that is not a GUID (a custom sourceAnchor) is no AD query.
        #expect(EntraCorrelation.directoryQueries(for: Self.entraUser(sid: nil, immutableID: "a2plbnNlbg==", sam: nil), hire: HireIdentity()) == [.employeeID("701985")])
        // The case's employee ID when Entra ID has none.
        #expect(EntraCorrelation.directoryQueries(for: Self.entraUser(employeeID: nil, sid: nil, sam: "k"), hire: HireIdentity(employeeID: "42")) == [.samAccountName("k"), .employeeID("42")])
    }

    @Test func correlatedBySecurityIdentifier() throws {
        let account = try Accounts.account(sam: "kjensen", sid: Self.sid, employeeID: "701985")
        let user = Self.entraUser()
        let query = ADUserQuery.objectSid(try SecurityIdentifier(string: Self.sid))
        let decision = EntraCorrelation.decide(hire: HireIdentity(employeeID: "701985"), entraUser: user, directoryResults: [(query, [account])])
        #expect(decision == .matched(entraUser: user, directoryObject: account, foundBy: query))
    }

    @Test func correlatedByImmutableIDAsObjectGUIDOrConsistencyGuid() throws {
        let guid = try Accounts.randomGUID()
        let user = Self.entraUser(sid: nil, immutableID: guid.base64)
        let byObjectGUID = try Accounts.account(sam: "kjensen", guid: guid, employeeID: "701985")
        #expect(EntraCorrelation.decide(hire: HireIdentity(), entraUser: user, directoryResults: [(.consistencyGuid(guid), []), (.objectGUID(guid), [byObjectGUID])])
            == .matched(entraUser: user, directoryObject: byObjectGUID, foundBy: .objectGUID(guid)))
        let migrated = try Accounts.account(sam: "kjensen", consistencyGuid: guid, employeeID: "701985")
        #expect(EntraCorrelation.decide(hire: HireIdentity(), entraUser: user, directoryResults: [(.consistencyGuid(guid), [migrated])])
            == .matched(entraUser: user, directoryObject: migrated, foundBy: .consistencyGuid(guid)))
    }

    @Test func notSyncedYetWaits() throws {
        #expect(Self.isWait(EntraCorrelation.decide(hire: HireIdentity(employeeID: "701985"), entraUser: nil, directoryResults: [])))
        let cloudOnly = Self.entraUser(sid: nil, immutableID: nil, sam: nil)
        #expect(!EntraCorrelation.isSyncedFromActiveDirectory(cloudOnly))
        let decision = EntraCorrelation.decide(hire: HireIdentity(employeeID: "701985"), entraUser: cloudOnly, directoryResults: [])
        guard case .wait(let reason) = decision else { Issue.record("\(decision)"); return }
        #expect(reason.contains("not synced"))
        let noAccount = EntraCorrelation.decide(hire: HireIdentity(), entraUser: Self.entraUser(),
                                                directoryResults: [(.objectSid(try SecurityIdentifier(string: Self.sid)), []), (.samAccountName("kjensen"), [])])
        #expect(Self.isWait(noAccount))
    }

    @Test func twoADObjectsAreRefused() throws {
        let first = try Accounts.account(sam: "kjensen", employeeID: "701985")
        let second = try Accounts.account(sam: "kjensen2", employeeID: "701985")
        let anchor = try Accounts.randomGUID()
        let decision = EntraCorrelation.decide(hire: HireIdentity(), entraUser: Self.entraUser(sid: nil, immutableID: anchor.base64, sam: nil),
                                               directoryResults: [(.consistencyGuid(anchor), []), (.objectGUID(anchor), []), (.employeeID("701985"), [first, second])])
        guard case .refuse(let reason) = decision else { Issue.record("\(decision)"); return }
        #expect(reason.contains("2 AD objects") && reason.contains("never guesses"))
    }

    @Test func anADObjectThatContradictsEntraIsRefused() throws {
        let guid = try Accounts.randomGUID()
        // Found by sAMAccountName, but Entra ID's SID is another object's.
        let wrongSID = try Accounts.account(sam: "kjensen", sid: "S-1-5-21-1004336348-1177238915-682003330-7777")
        #expect(Self.isRefused(EntraCorrelation.decide(hire: HireIdentity(), entraUser: Self.entraUser(), directoryResults: [(.samAccountName("kjensen"), [wrongSID])])))
        // Found by SID, but the immutable ID names another object.
        let wrongAnchor = try Accounts.account(sam: "kjensen", sid: Self.sid)
        #expect(Self.isRefused(EntraCorrelation.decide(hire: HireIdentity(), entraUser: Self.entraUser(immutableID: guid.base64),
                                                       directoryResults: [(.objectSid(try SecurityIdentifier(string: Self.sid)), [wrongAnchor])])))
        // Another employee ID than the case's.
        let wrongEmployee = try Accounts.account(sam: "kjensen", sid: Self.sid, employeeID: "123")
        #expect(Self.isRefused(EntraCorrelation.decide(hire: HireIdentity(employeeID: "701985"), entraUser: Self.entraUser(employeeID: nil),
                                                       directoryResults: [(.objectSid(try SecurityIdentifier(string: Self.sid)), [wrongEmployee])])))
        // A different sAMAccountName than Entra ID's, case aside.
        let renamed = try Accounts.account(sam: "kathy.j", sid: Self.sid)
        #expect(Self.isRefused(EntraCorrelation.decide(hire: HireIdentity(), entraUser: Self.entraUser(),
                                                       directoryResults: [(.objectSid(try SecurityIdentifier(string: Self.sid)), [renamed])])))
        let sameName = try Accounts.account(sam: "KJensen", sid: Self.sid)
        #expect(!Self.isRefused(EntraCorrelation.decide(hire: HireIdentity(), entraUser: Self.entraUser(),
                                                        directoryResults: [(.objectSid(try SecurityIdentifier(string: Self.sid)), [sameName])])))
    }

    @Test func theCaseLearnsBothSidesIdentifiers() throws {
        let guid = try Accounts.randomGUID()
        let account = try Accounts.account(sam: "kjensen", sid: Self.sid, guid: guid, employeeID: "701985", userPrincipalName: "kjensen@ad.contoso.com")
        let identity = EntraCorrelation.identity(HireIdentity(employeeID: "701985"), entraUser: Self.entraUser(immutableID: guid.base64), directoryObject: account)
        #expect(identity.entraObjectID == "a97733ce-92a4-4e7e-8d45-8e1f3e6a69d8")
        #expect(identity.objectSid == Self.sid)
        #expect(identity.objectGUID == guid.description)
        #expect(identity.immutableID == guid.base64)
        #expect(identity.samAccountName == "kjensen")
        #expect(identity.userPrincipalName == "kjensen@contoso.com", "the cloud UPN, which the hire signs in with")
        #expect(identity.employeeID == "701985")
        #expect(identity.displayName == "Kathy Jensen")
        // Without an immutable ID in Entra ID, the AD anchor's base64 is kept.
        #expect(EntraCorrelation.identity(HireIdentity(), entraUser: Self.entraUser(), directoryObject: account).immutableID == guid.base64)
    }

    static func isWait(_ decision: EntraCorrelation.Decision) -> Bool { if case .wait = decision { true } else { false } }
    static func isRefused(_ decision: EntraCorrelation.Decision) -> Bool { if case .refuse = decision { true } else { false } }
}
