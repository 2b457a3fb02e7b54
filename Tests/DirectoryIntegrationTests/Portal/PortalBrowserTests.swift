import BrowserSupport
import Directory
import FirstkeySimulator
import Foundation
import Microsoft
import Onboarding
import OnboardingEngine
import Server
import Store
import Testing
import TestSupport

/// The first-password portal in real headless Chromium (412×915, like a phone): the portal on a
/// loopback port, the simulator's OIDC login page, the real Samba DC. Every step leaves a
/// screenshot `portal-<scenario>-<nn>-<step>.png`. Passwords are only ever compared in Bools.
@Suite(.serialized, .enabled(if: IntegrationEnvironment.available && BrowserEnvironment.enabled, "needs the test DC and CHROMEDRIVER"))
struct PortalBrowserTests {
    static func visit(_ scenario: String, requirements: SignInRequirements = SignInRequirements(), allowedGroups: Set<String> = [],
                      _ body: @Sendable (PortalVisit) async throws -> Void) async throws {
        try await PortalBrowserSite.serve(requirements: requirements, allowedGroups: allowedGroups) { site in
            try await BrowserEnvironment.withWindow { session in
                try await body(PortalVisit(session: session, site: site, shots: ScreenshotRecorder("portal-\(scenario)")))
            }
        }
    }

    @Test func aHireSetsTheirPasswordBindsWithItAndCannotSetASecondOne() async throws {
        try await Self.visit("success") { visit in
            let harness = visit.site.harness
            let hire = try await harness.hire()
            _ = try await harness.graph.createTemporaryAccessPass(for: hire.user.id)
            try await visit.signIn(as: hire.user)
            #expect(try await visit.session.currentURL() == visit.site.base + "/portal")
            #expect(try await visit.text("#username") == "\(hire.sam)@ad.example.test")
            #expect(try await visit.text("#sam-account-name") == hire.sam)
            #expect(try await visit.text("#policy-source")?.contains("domain password policy") == true)
            #expect(try await visit.fitsTheWindow())

            // The live check, as the hire types.
            try await visit.type(password: "abc", confirm: "")
            try await visit.scrollTo("#rules")
            #expect(try await visit.ruleStates() == ["length": "unmet", "categories": "unmet", "name": "met", "match": "unmet"])
            try await visit.shoot("live-check-weak")
            let password = TestSecrets.canaryPassword()
            try await visit.type(password: password, confirm: "")
            #expect(try await visit.ruleStates() == ["length": "met", "categories": "met", "name": "met", "match": "unmet"])
            try await visit.type(password: password)
            try await visit.scrollTo("#rules")
            #expect(try await visit.ruleStates() == ["length": "met", "categories": "met", "name": "met", "match": "met"])
            #expect(try await visit.text("#check-status") == "All rules are met.")
            try await visit.shoot("live-check-met")

            try await visit.submitPassword()
            #expect(try await visit.has("#done"))
            #expect(try await visit.text("#done")?.hasPrefix("Your password was set at") == true)
            #expect(try await visit.text("main")?.contains("Your Temporary Access Pass was removed") == true)
            let pageShowsPassword = try await visit.text("html")?.contains(password) ?? true
            #expect(!pageShowsPassword)
            #expect(try await visit.fitsTheWindow())
            try await visit.shoot("done")

            // It is real: the DC takes it.
            #expect(await harness.canBind(hire, password: password))
            let account = try await harness.directory.findUser(.samAccountName(hire.sam))
            #expect(account.isEnabled && !account.mustChangePasswordAtNextLogon)
            let passesLeft = harness.simulator.temporaryAccessPasses(ofUser: hire.user.id).count  // a count: the pass itself must not be printed
            #expect(passesLeft == 0)
            let caseID = try #require(hire.caseID)
            #expect(try await harness.store.fetchCase(caseID)?.state == .completed)

            // Back from the success page: the session is gone, the form does not come back.
            try await visit.session.back()
            try await visit.session.waitForPage(startingWith: visit.site.base + "/portal")
            try await visit.shoot("back")
            // Chromium's back/forward cache may bring the page back as it was left, despite
            // Cache-Control: no-store.
            // The page's script empties the fields on pagehide and reloads a page restored from
            // the back/forward cache; the reload finds no session.
            try await visit.session.waitForPage(startingWith: visit.site.base + "/portal")
            let fieldsHoldAPassword = try await visit.session.execute(
                "return !!document.getElementById('password') && document.getElementById('password').value.length > 0") as? Bool ?? false
            #expect(!fieldsHoldAPassword)
            #expect(try await !visit.has("#password"))
            try await visit.session.navigate(to: visit.site.base + "/portal")
            #expect(try await !visit.has("#password"))

            // A second attempt, after signing in again: refused, and says why.
            try await visit.signIn(as: hire.user)
            #expect(try await visit.text("#reason")?.contains("already set") == true)
            #expect(try await !visit.has("#password"))
            try await visit.shoot("second-attempt")
            #expect(await harness.canBind(hire, password: password))
        }
    }

    @Test func aPasswordThePolicyRefusesShowsTheReasonAndAGoodOneWorks() async throws {
        try await Self.visit("refused-password") { visit in
            let harness = visit.site.harness
            let hire = try await harness.hire()
            try await visit.signIn(as: hire.user)
            let named = "X1!\(hire.sam)zz"
            try await visit.type(password: named)
            try await visit.scrollTo("#rules")
            #expect(try await visit.ruleStates()["name"] == "unmet")
            try await visit.shoot("live-check-name")
            // The page's own check holds the form back…
            try await visit.session.click(try await visit.session.element("#set-password"))
            #expect(try await visit.text("#check-status") == "Your password does not meet every rule yet.")
            #expect(try await visit.has("#password"))
            // …and without it (a browser without script) the server says why.
            try await visit.session.submitting { _ = try await visit.session.execute("document.getElementById('password-form').submit()") }
            #expect(try await visit.text("#errors")?.contains("account name") == true)
            #expect(try await visit.fitsTheWindow())
            try await visit.shoot("server-refused-name")
            #expect(!(await harness.canBind(hire, password: named)))

            // Lowercase, digits and spaces: two kinds, as the DC counts them (a space is no
            // symbol to AD or Samba). The page's check says so, and so does the server's re-check.
            let spaced = "purple river 4711 \(UInt32.random(in: 0..<UInt32.max))"
            TestSecrets.record(spaced)
            try await visit.type(password: spaced)
            #expect(try await visit.ruleStates()["categories"] == "unmet")
            try await visit.shoot("live-check-spaces")
            try await visit.session.submitting { _ = try await visit.session.execute("document.getElementById('password-form').submit()") }
            #expect(try await visit.text("#errors")?.contains("only 2 of the five categories") == true)
            #expect(try await visit.has("#password"))
            try await visit.shoot("server-refused-spaces")
            #expect(!(await harness.canBind(hire, password: spaced)))

            let password = TestSecrets.canaryPassword()
            try await visit.type(password: password)
            try await visit.submitPassword()
            #expect(try await visit.has("#done"))
            try await visit.shoot("done")
            #expect(await harness.canBind(hire, password: password))
        }
    }

    @Test func aStaleSignInIsRefused() async throws {
        try await Self.visit("stale-sign-in") { visit in
            let hire = try await visit.site.harness.hire()
            try await visit.signIn(as: hire.user, login: .init(authenticatedSecondsAgo: 3600))
            #expect(try await visit.text("#reason")?.contains("too old") == true)
            #expect(try await visit.has("#start-again"))
            #expect(try await visit.fitsTheWindow())
            try await visit.shoot("refused")
            try await visit.session.navigate(to: visit.site.base + "/portal")
            #expect(try await visit.has("#sign-in"))
            #expect(try await !visit.has("#password"))
        }
    }

    /// The authentication context is the lever Entra documents: a sign-in whose token does not
    /// name it (Conditional Access did not demand the strength) is refused, one that does gets in.
    @Test func aSignInWithoutTheAuthenticationContextIsRefusedAndOneWithItOpensThePage() async throws {
        try await Self.visit("wrong-strength", requirements: SignInRequirements(authenticationContext: "c1")) { visit in
            let hire = try await visit.site.harness.hire()
            try await visit.signIn(as: hire.user, login: .init(methods: "pwd", contexts: ""))
            #expect(try await visit.text("#reason")?.contains("did not meet your organisation's requirement") == true)
            #expect(try await !visit.has("#password"))
            try await visit.shoot("refused")
            // "Start again" goes straight back to the sign-in.
            try await visit.session.click(try await visit.session.element("#start-again"))
            try await visit.session.waitForPage(startingWith: visit.site.simulatorURL)
            try await visit.fillLoginForm(as: hire.user, login: .init(methods: "rsa,mfa", contexts: "c1"))
            try await visit.session.click(try await visit.session.element("#sign_in"))
            try await visit.session.waitForPage(startingWith: visit.site.base + "/portal")
            #expect(try await visit.has("#password"))
            try await visit.shoot("accepted")
        }
    }

    @Test func aUserWithoutACaseIsToldSo() async throws {
        try await Self.visit("no-case") { visit in
            let stranger = try await visit.site.harness.hire(withCase: false)
            try await visit.signIn(as: stranger.user)
            #expect(try await visit.text("#reason")?.contains("no onboarding case for your account") == true)
            #expect(try await !visit.has("#password"))
            #expect(try await visit.fitsTheWindow())
            try await visit.shoot("refused")
        }
    }

    @Test func aReplayedCallbackIsRefused() async throws {
        try await Self.visit("replayed-callback") { visit in
            let hire = try await visit.site.harness.hire()
            let callback = try await visit.signInCapturingCallback(as: hire.user)
            #expect(try await visit.has("#password"))

            // The same form post again, from the portal page.
            try await visit.deliver(callback, waitFor: visit.site.base + "/portal/callback")
            #expect(try await visit.text("#reason")?.contains("not started here") == true)
            try await visit.shoot("replayed")

            // Again inside a fresh sign-in of this browser (its own new sign-in cookie).
            try await visit.session.navigate(to: visit.site.base + "/portal/sign-in")
            try await visit.session.waitForPage(startingWith: visit.site.simulatorURL)
            try await visit.deliver(callback, waitFor: visit.site.base + "/portal/callback")
            #expect(try await visit.text("#reason")?.contains("does not belong to the sign-in started in this browser") == true)
            try await visit.shoot("replayed-in-new-sign-in")
            let caseID = try #require(hire.caseID)
            #expect(try await visit.site.harness.store.fetchCase(caseID)?.passwordChosenAt == nil)
        }
    }

    @Test func aFormPostedFromAnotherOriginChangesNothing() async throws {
        try await Self.visit("csrf") { visit in
            let harness = visit.site.harness
            let hire = try await harness.hire()
            try await visit.signIn(as: hire.user)
            let caseID = try #require(hire.caseID)
            let password = TestSecrets.canaryPassword()
            // The attacker knows everything but the session's token (and so forges one).
            let attack = """
                <!DOCTYPE html><html><head><title>You won a prize</title></head>
                <body onload="document.forms[0].submit()"><h1>Loading your prize…</h1>
                <form method="POST" action="\(visit.site.base)/portal/password">
                <input type="hidden" name="csrf" value="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA">
                <input type="hidden" name="case" value="\(caseID.rawValue)">
                <input type="hidden" name="password" value="\(password)">
                <input type="hidden" name="confirm" value="\(password)">
                </form></body></html>
                """
            try await PortalBrowserSite.serveOtherOrigin(attack) { url in
                try await visit.session.navigate(to: url)
                try await visit.session.waitForPage(startingWith: visit.site.base + "/portal/password")
            }
            #expect(try await visit.text("#reason")?.contains("did not come from your portal page") == true)
            try await visit.shoot("refused")
            #expect(!(await harness.canBind(hire, password: password)))
            let onboarding = try #require(try await harness.store.fetchCase(caseID))
            #expect(onboarding.passwordChosenAt == nil && onboarding.passwordClaimedAt == nil)

            // The hire's own page still works.
            try await visit.session.navigate(to: visit.site.base + "/portal")
            #expect(try await visit.has("#password"))
            try await visit.shoot("own-page")
        }
    }
}
