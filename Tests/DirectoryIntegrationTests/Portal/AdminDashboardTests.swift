import Credentials
import FirstkeySimulator
import Foundation
import HTTPTypes
import HummingbirdTesting
import Onboarding
import OnboardingEngine
import Server
import Store
import Testing
import TestSupport

/// The admin dashboard end to end over HTTP: the simulated Entra sign-in with an app role or a
/// group, the pages, and retry / re-send / cancel checked against the store.
@Suite(.serialized, .enabled(if: IntegrationEnvironment.available))
struct AdminDashboardTests {
    typealias Jar = PortalHarness.Jar

    @Test func anAdministratorSeesTheCasesAndOneCaseWithItsMessagesAndAuditTrail() async throws {
        try await AdminHarness.run { harness, client in
            let waiting = try await harness.waitingCase()
            let hire = try await harness.portal.hire()
            let caseID = try #require(hire.caseID)
            let sent = Date().addingTimeInterval(-120)
            try await harness.store.saveDelivery(DeliveryRecord(key: "firstkey/\(caseID.rawValue)/deliver/0/portal-invitation/sms", caseID: caseID, round: 0,
                                                                kind: "portal-invitation", channel: "sms", destination: "hire-mobile-phone",
                                                                maskedRecipient: "+1••••••••23", status: .delivered, provider: "acs", providerMessageID: "msg-1",
                                                                firstAttemptAt: sent, updatedAt: sent.addingTimeInterval(30)))

            let jar = Jar()
            let admin = harness.administrator()
            let (callback, _) = try await harness.signIn(client, jar: jar, as: admin)
            #expect(callback.status == .seeOther)
            #expect(callback.headers[.location] == "/admin")
            #expect(jar.cookies["firstkey_admin"] != nil)
            #expect(jar.cookies["firstkey_portal"] == nil)

            let (list, listHTML) = try await harness.portal.get(client, jar: jar, "/admin")
            #expect(list.status == .ok)
            #expect(list.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(list.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(list.headers[.cacheControl] == "no-store")
            #expect(listHTML.contains(admin.userPrincipalName))
            #expect(listHTML.contains("href=\"/admin/cases/\(caseID.rawValue)\""))
            #expect(listHTML.contains("\(hire.sam)@ad.example.test"))
            #expect(listHTML.contains(">credential-prepared</span>"))
            #expect(listHTML.contains("1 message: 1 delivered"))
            #expect(listHTML.contains(waiting.id.rawValue))
            #expect(listHTML.contains("employee \(try #require(waiting.identity.employeeID))"))
            #expect(!listHTML.contains("<script"))
            #expect(!listHTML.contains("overdue"))

            let (filtered, filteredHTML) = try await harness.portal.get(client, jar: jar, "/admin?state=waiting")
            #expect(filtered.status == .ok)
            #expect(filteredHTML.contains(waiting.id.rawValue))
            #expect(!filteredHTML.contains(caseID.rawValue))
            let (_, completedHTML) = try await harness.portal.get(client, jar: jar, "/admin?state=completed")
            #expect(completedHTML.contains("No cases in state completed."))
            let (unknown, unknownHTML) = try await harness.portal.get(client, jar: jar, "/admin?state=%3Cb%3E")
            #expect(unknown.status == .badRequest)
            #expect(!unknownHTML.contains("<b>"))

            let (page, html) = try await harness.portal.get(client, jar: jar, "/admin/cases/\(caseID.rawValue)")
            #expect(page.status == .ok)
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(html.contains("<dd id=\"state\"><span class=\"state state-credential-prepared\">credential-prepared</span></dd>"))
            #expect(html.contains("<dd id=\"employee-id\">"))
            #expect(html.contains("<td>portal-invitation</td>"))
            #expect(html.contains("<td>delivered</td>"))
            #expect(html.contains("+1••••••••23"))
            #expect(html.contains("case.received"))
            #expect(html.contains("<td>correlate</td><td>succeeded</td>"))
            #expect(html.contains("id=\"resend\""))
            #expect(!html.contains("id=\"retry\""))
            #expect(PortalHarness.value(of: "csrf", in: html) != nil)

            let (missing, _) = try await harness.portal.get(client, jar: jar, "/admin/cases/case_doesnotexist")
            #expect(missing.status == .notFound)
        }
    }

    @Test func aCaseWhoseDeadlineHasPassedIsMarkedOverdueWithItsError() async throws {
        try await AdminHarness.run { harness, client in
            let late = try await harness.waitingCase(hireDate: Date().addingTimeInterval(3600))
            #expect(late.state == .escalated)
            let onTime = try await harness.waitingCase()
            let jar = Jar()
            _ = try await harness.signIn(client, jar: jar, as: harness.administrator())
            let (_, list) = try await harness.portal.get(client, jar: jar, "/admin")
            #expect(list.contains("<tr id=\"\(late.id.rawValue)\" class=\"overdue\">"))
            #expect(list.contains("<tr id=\"\(onTime.id.rawValue)\">"))
            #expect(list.contains("the credential may not be delivered before the hire date"))
            let (_, page) = try await harness.portal.get(client, jar: jar, "/admin/cases/\(late.id.rawValue)")
            #expect(page.contains("<strong class=\"bad\">overdue</strong>"))
            #expect(page.contains("id=\"escalation-reason\""))
            #expect(page.contains("id=\"retry\""))
            #expect(page.contains("case.escalated"))
        }
    }

    @Test func theListIsPagedAndTheFilterKeepsItsPages() async throws {
        try await AdminHarness.run { harness, client in
            let count = AdminDashboard.pageSize + 1
            for number in 0..<count {
                let request = OnboardingEngine.IntakeRequest(
                    identity: HireIdentity(employeeID: "P\(100_000 + number)", displayName: "Paged \(number)"),
                    hireDate: Date().addingTimeInterval(Double(10 + number) * 86400), deliveryMode: .tap, recipients: Recipients(), source: "test")
                _ = try await harness.engine.intake(request, actor: "test")
            }
            let jar = Jar()
            _ = try await harness.signIn(client, jar: jar, as: harness.administrator())
            let (_, first) = try await harness.portal.get(client, jar: jar, "/admin?state=received")
            #expect(first.contains(">Paged 0</a>"))
            #expect(first.contains(">Paged \(count - 2)</a>"))
            #expect(!first.contains(">Paged \(count - 1)</a>"))
            #expect(first.contains("<a href=\"/admin?state=received&amp;page=2\" rel=\"next\">"))
            #expect(!first.contains("rel=\"prev\""))
            #expect(first.contains("received (\(count))"))
            let (_, second) = try await harness.portal.get(client, jar: jar, "/admin?state=received&page=2")
            #expect(second.contains(">Paged \(count - 1)</a>"))
            #expect(!second.contains(">Paged 0</a>"))
            #expect(second.contains("<a href=\"/admin?state=received\" rel=\"prev\">"))
            #expect(!second.contains("rel=\"next\""))
            let (beyond, beyondHTML) = try await harness.portal.get(client, jar: jar, "/admin?page=3")
            #expect(beyond.status == .ok)
            #expect(beyondHTML.contains("No cases on this page."))
            let (bad, _) = try await harness.portal.get(client, jar: jar, "/admin?page=0")
            #expect(bad.status == .badRequest)
        }
    }

    @Test func retryResendAndCancelChangeTheCaseAndAreAuditedWithTheAdministrator() async throws {
        try await AdminHarness.run { harness, client in
            let waiting = try await harness.waitingCase()
            let hire = try await harness.portal.hire()
            let prepared = try #require(hire.caseID)
            #expect(waiting.step(.correlate).attempts >= 1)

            let jar = Jar()
            let admin = harness.administrator()
            _ = try await harness.signIn(client, jar: jar, as: admin)
            let (_, page) = try await harness.portal.get(client, jar: jar, "/admin/cases/\(waiting.id.rawValue)")
            #expect(page.contains("id=\"retry\""))
            let csrf = try #require(PortalHarness.value(of: "csrf", in: page))
            let actor = "admin:\(admin.userPrincipalName)"

            // Retry: the waiting step is due again, attempts from zero.
            let (retry, _) = try await harness.action(client, jar: jar, waiting.id, "retry", csrf: csrf)
            #expect(retry.status == .seeOther)
            #expect(retry.headers[.location] == "/admin/cases/\(waiting.id.rawValue)?done=retry")
            let retried = try await harness.stored(waiting.id)
            #expect(retried.state != .waiting)
            #expect(retried.step(.correlate).attempts == 0)
            #expect(try await harness.store.auditTrail(of: waiting.id).contains { $0.event == "case.retried" && $0.actor == actor })
            let (_, donePage) = try await harness.portal.get(client, jar: jar, "/admin/cases/\(waiting.id.rawValue)?done=retry")
            #expect(donePage.contains("Done: the current step is due again now"))
            #expect(donePage.contains(actor))

            // A refused action says why in plain words and changes nothing.
            let (refused, refusedHTML) = try await harness.action(client, jar: jar, prepared, "retry", csrf: csrf)
            #expect(refused.status == .conflict)
            #expect(refusedHTML.contains("Not done: Only failed, escalated or waiting cases can be retried (this one is credential-prepared)."))
            #expect(try await harness.stored(prepared).state == .credentialPrepared)

            // Re-send: a new delivery round.
            let (resend, _) = try await harness.action(client, jar: jar, prepared, "resend", csrf: csrf)
            #expect(resend.status == .seeOther)
            let resent = try await harness.stored(prepared)
            #expect(resent.resendCount == 1)
            #expect(try await harness.store.auditTrail(of: prepared).contains { $0.event == "case.resend" && $0.actor == actor })

            // Cancel needs a reason.
            let (noReason, noReasonHTML) = try await harness.action(client, jar: jar, prepared, "cancel", csrf: csrf, extra: [("reason", "   ")])
            #expect(noReason.status == .unprocessableContent)
            #expect(noReasonHTML.contains("Say why the case is cancelled; nothing was changed."))
            #expect(try await harness.stored(prepared).state == .credentialPrepared)

            let (cancel, _) = try await harness.action(client, jar: jar, prepared, "cancel", csrf: csrf, extra: [("reason", "hire withdrew <b>offer</b>")])
            #expect(cancel.status == .seeOther)
            let cancelled = try await harness.stored(prepared)
            #expect(cancelled.state == .cancelled)
            #expect(cancelled.failureReason == "cancelled: hire withdrew <b>offer</b>")
            #expect(try await harness.store.auditTrail(of: prepared).contains { $0.event == "case.cancelled" && $0.actor == actor })
            let (_, cancelledPage) = try await harness.portal.get(client, jar: jar, "/admin/cases/\(prepared.rawValue)?done=cancel")
            #expect(cancelledPage.contains("hire withdrew &lt;b&gt;offer&lt;/b&gt;"))
            #expect(!cancelledPage.contains("<b>offer"))
            #expect(!cancelledPage.contains("id=\"cancel\""))

            // Cancelling again is refused: the case has ended.
            let (again, againHTML) = try await harness.action(client, jar: jar, prepared, "cancel", csrf: csrf, extra: [("reason", "twice")])
            #expect(again.status == .conflict)
            #expect(againHTML.contains("The case has already ended (cancelled)."))
        }
    }

    @Test func aPostWithoutTheTokenOrFromAnotherOriginChangesNothing() async throws {
        try await AdminHarness.run { harness, client in
            let waiting = try await harness.waitingCase()
            let jar = Jar()
            _ = try await harness.signIn(client, jar: jar, as: harness.administrator())
            let (_, page) = try await harness.portal.get(client, jar: jar, "/admin/cases/\(waiting.id.rawValue)")
            let csrf = try #require(PortalHarness.value(of: "csrf", in: page))
            let auditBefore = try await harness.store.auditTrail(of: waiting.id).count

            // Another administrator's token does not fit this session.
            let other = Jar()
            _ = try await harness.signIn(client, jar: other, as: harness.administrator())
            let (_, otherPage) = try await harness.portal.get(client, jar: other, "/admin/cases/\(waiting.id.rawValue)")
            let otherCSRF = try #require(PortalHarness.value(of: "csrf", in: otherPage))
            #expect(otherCSRF != csrf)

            let attempts: [(String?, String?, String)] = [
                (nil, PortalHarness.publicURL, "retry"), ("", PortalHarness.publicURL, "retry"), (otherCSRF, PortalHarness.publicURL, "retry"),
                (csrf, "https://evil.example", "retry"), (csrf, "https://evil.example", "cancel"), (nil, PortalHarness.publicURL, "cancel"),
                (csrf, "null", "resend"),
            ]
            for (token, origin, action) in attempts {
                let (response, html) = try await harness.action(client, jar: jar, waiting.id, action, csrf: token, extra: [("reason", "forged")], origin: origin)
                #expect(response.status == .forbidden, "\(action) with token \(token ?? "none") from \(origin ?? "nowhere")")
                #expect(html.contains("This form did not come from your dashboard page"))
            }
            let after = try await harness.stored(waiting.id)
            #expect(after.state == .waiting)
            #expect(after.step(.correlate).attempts == waiting.step(.correlate).attempts)
            #expect(try await harness.store.auditTrail(of: waiting.id).count == auditBefore)

            // The same form with the token and our origin does work (the refusals above were the token's).
            let (genuine, _) = try await harness.action(client, jar: jar, waiting.id, "retry", csrf: csrf)
            #expect(genuine.status == .seeOther)
            #expect(try await harness.stored(waiting.id).state != .waiting)

            // Signing out ends the session: the cookie is cleared, the list is gone.
            let (signOut, _) = try await harness.portal.post(client, jar: jar, "/admin/sign-out", [("csrf", csrf)], origin: PortalHarness.publicURL)
            #expect(signOut.status == .seeOther)
            #expect(jar.cookies["firstkey_admin"] == nil)
            let (_, home) = try await harness.portal.get(client, jar: jar, "/admin")
            #expect(!home.contains(waiting.id.rawValue))
        }
    }

    @Test func someoneWithoutTheRoleIsRefusedInPlainWordsAndSeesNoData() async throws {
        try await AdminHarness.run { harness, client in
            let hire = try await harness.portal.hire()
            let caseID = try #require(hire.caseID)
            let jar = Jar()
            let (callback, html) = try await harness.signIn(client, jar: jar, as: harness.administrator(role: nil))
            #expect(callback.status == .forbidden)
            #expect(html.contains("You signed in, but your account has no administrator role for Firstkey"))
            #expect(html.contains("href=\"/admin/sign-in\""))
            #expect(html.contains("<h1>You cannot open the dashboard</h1>"))
            #expect(jar.cookies["firstkey_admin"] == nil)

            // Another app role of the same application is not the administrator role.
            let (other, _) = try await harness.signIn(client, jar: Jar(), as: harness.administrator(role: "Firstkey.Reader"))
            #expect(other.status == .forbidden)

            let (home, homeHTML) = try await harness.portal.get(client, jar: jar, "/admin")
            #expect(home.status == .ok)
            #expect(homeHTML.contains("id=\"sign-in\""))
            #expect(!homeHTML.contains(caseID.rawValue))
            let (page, pageHTML) = try await harness.portal.get(client, jar: jar, "/admin/cases/\(caseID.rawValue)")
            #expect(page.status == .forbidden)
            #expect(!pageHTML.contains(hire.sam))

            // The hire's own portal session does not open the dashboard, even under its cookie name.
            let portalJar = Jar()
            _ = try await harness.portal.signIn(client, jar: portalJar, as: hire.user)
            let portalSession = try #require(portalJar.cookies["firstkey_portal"])
            let borrowed = Jar()
            borrowed.cookies["firstkey_admin"] = portalSession
            let (_, borrowedHTML) = try await harness.portal.get(client, jar: borrowed, "/admin")
            #expect(borrowedHTML.contains("id=\"sign-in\""))
            #expect(!borrowedHTML.contains(caseID.rawValue))
        }
    }

    @Test func withoutASessionThereIsNoDataAndNoChange() async throws {
        try await AdminHarness.run { harness, client in
            let waiting = try await harness.waitingCase()
            let jar = Jar()
            let (home, homeHTML) = try await harness.portal.get(client, jar: jar, "/admin")
            #expect(home.status == .ok)
            #expect(homeHTML.contains("href=\"/admin/sign-in\""))
            #expect(!homeHTML.contains(waiting.id.rawValue))
            #expect(home.headers[.cacheControl] == "no-store")

            let (page, pageHTML) = try await harness.portal.get(client, jar: jar, "/admin/cases/\(waiting.id.rawValue)")
            #expect(page.status == .forbidden)
            #expect(pageHTML.contains("You are not signed in"))
            #expect(!pageHTML.contains(try #require(waiting.identity.userPrincipalName)))
            #expect(!pageHTML.contains("case.received"))

            for action in ["retry", "resend", "cancel"] {
                let (response, html) = try await harness.action(client, jar: jar, waiting.id, action, csrf: "guess", extra: [("reason", "x")])
                #expect(response.status == .forbidden)
                #expect(!html.contains(try #require(waiting.identity.userPrincipalName)))
            }
            #expect(try await harness.stored(waiting.id).state == .waiting)

            let (start, _) = try await harness.portal.get(client, jar: jar, "/admin/sign-in")
            #expect(start.status == .seeOther)
            #expect(start.headers[.location]?.hasPrefix(harness.simulator.httpURL) == true)
        }
    }

    @Test func aMemberOfTheAdminGroupIsLetIn() async throws {
        let group = UUID().uuidString.lowercased()
        try await AdminHarness.run(adminGroups: [group]) { harness, client in
            let waiting = try await harness.waitingCase()
            let jar = Jar()
            let (callback, _) = try await harness.signIn(client, jar: jar, as: harness.administrator(role: nil, groups: [group]))
            #expect(callback.status == .seeOther)
            let (_, html) = try await harness.portal.get(client, jar: jar, "/admin")
            #expect(html.contains(waiting.id.rawValue))

            let (outsider, _) = try await harness.signIn(client, jar: Jar(), as: harness.administrator(role: nil, groups: [UUID().uuidString.lowercased()]))
            #expect(outsider.status == .forbidden)
        }
    }

    /// Sessions live in the store: a copy of the cookie (a stolen one) dies at sign-out, and
    /// `firstkey sessions end --user` (what to run when an administrator's role is removed) cuts
    /// the administrator off at the next request, at every instance.
    @Test func aSessionEndedInTheStoreIsOverAtTheNextRequestEvenWithACopiedCookie() async throws {
        try await AdminHarness.run { harness, client in
            let waiting = try await harness.waitingCase()
            let admin = harness.administrator()
            let jar = Jar()
            _ = try await harness.signIn(client, jar: jar, as: admin)
            let (_, page) = try await harness.portal.get(client, jar: jar, "/admin")
            #expect(page.contains(waiting.id.rawValue))
            let copy = Jar()
            copy.cookies = jar.cookies
            let csrf = try #require(PortalHarness.value(of: "csrf", in: page))
            _ = try await harness.portal.post(client, jar: jar, "/admin/sign-out", [("csrf", csrf)], origin: PortalHarness.publicURL)
            let (_, stolen) = try await harness.portal.get(client, jar: copy, "/admin")
            #expect(!stolen.contains(waiting.id.rawValue), "the copied cookie still opened the dashboard after sign-out")

            let again = Jar()
            _ = try await harness.signIn(client, jar: again, as: admin)
            #expect(try await harness.portal.get(client, jar: again, "/admin").1.contains(waiting.id.rawValue))
            #expect(try await harness.store.liveSessions(now: Date()).contains { $0.objectID == admin.id && $0.purpose == "admin" })
            #expect(try await harness.store.endSessions(objectID: admin.id, at: Date()) == 1)
            let (_, cutOff) = try await harness.portal.get(client, jar: again, "/admin")
            #expect(!cutOff.contains(waiting.id.rawValue))
        }
    }

    /// Removed from the admin group, or the account disabled in Entra: out at the next request,
    /// although the session's ID token still says otherwise.
    @Test func anAdministratorRemovedFromTheGroupOrDisabledInEntraIsOutAtTheNextRequest() async throws {
        let group = UUID().uuidString.lowercased()
        try await AdminHarness.run(adminGroups: [group]) { harness, client in
            let waiting = try await harness.waitingCase()
            let member = harness.administrator(role: nil, groups: [group])
            let jar = Jar()
            _ = try await harness.signIn(client, jar: jar, as: member)
            #expect(try await harness.portal.get(client, jar: jar, "/admin").1.contains(waiting.id.rawValue))
            _ = harness.simulator.updateUser(id: member.id) { $0.groupIDs = [] }
            #expect(!(try await harness.portal.get(client, jar: jar, "/admin").1.contains(waiting.id.rawValue)), "still in after leaving the group")

            let admin = harness.administrator()
            let adminJar = Jar()
            _ = try await harness.signIn(client, jar: adminJar, as: admin)
            #expect(try await harness.portal.get(client, jar: adminJar, "/admin").1.contains(waiting.id.rawValue))
            _ = harness.simulator.updateUser(id: admin.id) { $0.accountEnabled = false }
            #expect(!(try await harness.portal.get(client, jar: adminJar, "/admin").1.contains(waiting.id.rawValue)), "still in with a disabled account")
        }
    }

    @Test func aCasePageNeverShowsTheSealedSecretOrThePickupCode() async throws {
        try await AdminHarness.run { harness, client in
            let hire = try await harness.portal.hire()
            let caseID = try #require(hire.caseID)
            let canary = TestSecrets.canaryPassword()
            let code = String(UInt32.random(in: 10_000_000...99_999_999))
            let sealed = try harness.sealer.seal(canary, context: "firstkey case \(caseID.rawValue) temporary-password").storageText
            try await harness.store.storeSealedSecret(sealed, kind: "temporary-password", for: caseID, at: Date())
            try await harness.store.storeSealedSecret(code, kind: "pickup-code", for: caseID, at: Date())
            let tokenDigest = String(repeating: "ab", count: 32)
            try await harness.store.createPickup(PickupTicket(caseID: caseID, tokenDigest: tokenDigest, codeDigest: String(repeating: "cd", count: 32), attempts: 5,
                                                              createdAt: Date(), expiresAt: Date().addingTimeInterval(3600)))

            let jar = Jar()
            _ = try await harness.signIn(client, jar: jar, as: harness.administrator())
            let (page, html) = try await harness.portal.get(client, jar: jar, "/admin/cases/\(caseID.rawValue)")
            #expect(page.status == .ok)
            #expect(html.contains(caseID.rawValue))
            let (_, list) = try await harness.portal.get(client, jar: jar, "/admin")
            for text in [html, list] {
                #expect(!text.contains(canary))
                #expect(!text.contains(sealed))
                #expect(!text.contains(String(sealed.suffix(24))))
                #expect(!text.contains(code))
                #expect(!text.contains(tokenDigest))
            }
            // The secrets are still there: the page only did not show them.
            #expect(try await harness.store.sealedSecret(kind: "temporary-password", for: caseID) == sealed)
        }
    }
}
