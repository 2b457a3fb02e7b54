import Foundation
import Microsoft
import Testing
@testable import OnboardingEngine

/// The pass's life on plain values: when it starts, when the complete step ends it.
@Suite struct TemporaryAccessPassProgressTests {
    static let created = Date(timeIntervalSince1970: 1_800_000_000)

    static func pass(expiresIn minutes: Double = 480, before: [String] = []) -> IssuedTemporaryAccessPass {
        IssuedTemporaryAccessPass(pass: TemporaryAccessPassSecret("+drkzqAD"), methodID: "tap-1", userID: "user-1", createdAt: created, validFrom: nil,
                                  expiresAt: created.addingTimeInterval(minutes * 60), isUsableOnce: true, passwordlessMethodIDsBefore: before)
    }

    static let passMethod = AuthenticationMethod.temporaryAccessPass(TemporaryAccessPassMethod(id: "tap-1", lifetimeInMinutes: 480, isUsableOnce: true,
                                                                                               isUsable: true, methodUsabilityReason: .enabledByPolicy))

    static func json(_ text: String) throws -> AuthenticationMethod {
        try JSONDecoder().decode(AuthenticationMethod.self, from: Data(text.utf8))
    }

    @Test func aPassMadeBeforeTheHireDateStartsOnIt() {
        let hireDate = Self.created.addingTimeInterval(7 * 86_400)
        #expect(TemporaryAccessPassProgress.validFrom(hireDate: hireDate, settings: .init(), now: Self.created) == hireDate)
        #expect(TemporaryAccessPassProgress.validFrom(hireDate: hireDate, settings: .init(validFromMinutesIntoHireDate: 360), now: Self.created)
            == hireDate.addingTimeInterval(6 * 3600))
        #expect(TemporaryAccessPassProgress.validFrom(hireDate: Self.created.addingTimeInterval(-3600), settings: .init(), now: Self.created) == nil,
                "on or after the hire date the pass works at once")
    }

    @Test func withoutAPasswordlessMethodThePassStays() throws {
        let methods = [AuthenticationMethod.password(id: "28c10230-6103-485e-b985-444c60001490"), Self.passMethod,
                       try Self.json(##"{"@odata.type":"#microsoft.graph.phoneAuthenticationMethod","id":"3179e48a-750b-4051-897c-87b9720928f7","phoneNumber":"+1 5555551234","phoneType":"mobile"}"##)]
        guard case .keepWaiting(let reason) = TemporaryAccessPassProgress.decide(Self.pass(), methods: methods, now: Self.created.addingTimeInterval(60)) else {
            Issue.record("a phone is no passwordless method"); return
        }
        #expect(reason.contains("expires"))
    }

    @Test(arguments: [
        (##"{"@odata.type":"#microsoft.graph.fido2AuthenticationMethod","id":"f1","displayName":"Key"}"##, "passkey"),
        (##"{"@odata.type":"#microsoft.graph.microsoftAuthenticatorAuthenticationMethod","id":"m1"}"##, "Microsoft Authenticator"),
        (##"{"@odata.type":"#microsoft.graph.windowsHelloForBusinessAuthenticationMethod","id":"w1"}"##, "Windows Hello"),
    ])
    func aNewPasswordlessMethodEndsThePass(json: String, kind: String) throws {
        let decision = TemporaryAccessPassProgress.decide(Self.pass(), methods: [Self.passMethod, try Self.json(json)], now: Self.created.addingTimeInterval(60))
        guard case .finish(let note) = decision else { Issue.record("\(decision)"); return }
        #expect(note.contains(kind))
    }

    @Test func aPasswordlessMethodTheUserAlreadyHadDoesNotEndIt() throws {
        let old = try Self.json(##"{"@odata.type":"#microsoft.graph.fido2AuthenticationMethod","id":"old-key"}"##)
        guard case .keepWaiting = TemporaryAccessPassProgress.decide(Self.pass(before: ["old-key"]), methods: [Self.passMethod, old], now: Self.created) else {
            Issue.record("an old passkey must not end the new pass"); return
        }
    }

    @Test func atItsExpiryThePassEnds() {
        let pass = Self.pass(expiresIn: 60)
        guard case .keepWaiting = TemporaryAccessPassProgress.decide(pass, methods: [Self.passMethod], now: Self.created.addingTimeInterval(59 * 60)) else {
            Issue.record("not yet expired"); return
        }
        guard case .finish(let note) = TemporaryAccessPassProgress.decide(pass, methods: [Self.passMethod], now: Self.created.addingTimeInterval(60 * 60)) else {
            Issue.record("expired"); return
        }
        #expect(note.contains("expired") && note.contains("may need help"))
        // Graph saying so is enough, whatever the local clock says.
        let expired = AuthenticationMethod.temporaryAccessPass(TemporaryAccessPassMethod(id: "tap-1", methodUsabilityReason: .expired))
        guard case .finish = TemporaryAccessPassProgress.decide(pass, methods: [expired], now: Self.created) else { Issue.record("Graph says expired"); return }
    }

    @Test func theRecordNeverPrintsThePass() {
        let pass = Self.pass()
        #expect(!"\(pass)".contains("+drkzqAD"))
        #expect(!String(reflecting: pass).contains("+drkzqAD"))
        #expect(!"\([pass])".contains("+drkzqAD"))
        var dumped = ""
        dump(pass, to: &dumped)
        #expect(!dumped.contains("+drkzqAD"))
    }
}
