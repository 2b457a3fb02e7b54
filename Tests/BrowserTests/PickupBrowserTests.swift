import BrowserSupport
import Foundation
import Onboarding
import Testing
import TestSupport

/// The pickup page in real headless Chromium (chromedriver over WebDriver), 412×915 like a
/// phone, against the app served in-process. Every step leaves a screenshot.
@Suite(.serialized, .enabled(if: BrowserEnvironment.enabled, "needs CHROMEDRIVER (scripts/testenv/browser install)"))
struct PickupBrowserTests {
    /// Runs `body` with a fresh site, chromedriver and browser window, and tears them down.
    static func withBrowser(_ scenario: String, _ body: @Sendable (BrowserSession, PickupSite, ScreenshotRecorder) async throws -> Void) async throws {
        try await PickupSite.serve { site in
            try await BrowserEnvironment.withWindow { session in try await body(session, site, ScreenshotRecorder(scenario)) }
        }
    }

    /// Whether the page is as wide as the window (no sideways scrolling on a phone).
    static func fitsTheWindow(_ session: BrowserSession) async throws -> Bool {
        try await session.execute("return document.documentElement.scrollWidth <= window.innerWidth") as? Bool ?? false
    }

    /// Whether the shown secret is `secret` (a Bool, so that nothing prints it).
    static func shows(_ secret: PickupSecret, in session: BrowserSession) async throws -> Bool {
        let shown = try await session.text(".secret").filter { !$0.isWhitespace }
        return shown == secret.value
    }

    @Test func aPersonTypesTheRightCodeAndSeesThePasswordOnce() async throws {
        try await Self.withBrowser("pickup-right-code") { session, site, shots in
            let pickup = try await site.seed()
            try await session.navigate(to: site.url(pickup))
            try await shots.save(session, "form")
            #expect(try await session.text("h1") == "Pick up your first password")
            #expect(try await session.execute("return document.documentElement.lang") as? String == "en")
            #expect(try await Self.fitsTheWindow(session))
            // Keyboard only: the code field has the focus, with a visible ring.
            let input = try await session.element("#code")
            #expect(try await session.activeElement().id == input.id)
            #expect(try await session.css("outline-style", of: input) == "solid")
            #expect(try await session.attribute("inputmode", of: input) == "numeric")
            #expect(try await session.attribute("autocomplete", of: input) == "one-time-code")
            try await shots.save(session, "focused")

            // A person needs more than the 2 s typing time (the real clock here).
            try await Task.sleep(for: .milliseconds(2300))
            try await session.type(pickup.code, into: input)
            try await shots.save(session, "typed")
            try await session.submitting { try await session.type("\u{E007}", into: input) }  // Enter
            #expect(try await session.text("h1") == "Your first password")
            #expect(try await Self.shows(pickup.secret, in: session))
            #expect(try await Self.fitsTheWindow(session))
            try await shots.save(session, "secret")
            #expect(try await site.ticket(pickup)?.state == .revealed)
            #expect(try await !site.secretIsStored(pickup))

            // Opened again (reload, back, the link from the mail): used.
            try await session.navigate(to: site.url(pickup))
            #expect(try await session.text("h1") == "This link has already been used")
            #expect(try await session.elements(".secret").isEmpty)
            try await shots.save(session, "already-used")
        }
    }

    @Test func wrongCodesCountDownUntilTheLinkBurns() async throws {
        try await Self.withBrowser("pickup-wrong-codes") { session, site, shots in
            let pickup = try await site.seed()
            let wrong = pickup.code == "00000000" ? "11111111" : "00000000"
            try await session.navigate(to: site.url(pickup))
            try await shots.save(session, "form")
            for left in (1...4).reversed() {
                site.clock.skip(3)
                try await session.type(wrong, into: try await session.element("#code"))
                try await session.submitting { try await session.click(try await session.element("button[type=submit]")) }
                #expect(try await session.text("[role=alert]").hasPrefix("That code is not right. \(left) \(left == 1 ? "attempt" : "attempts") left."))
                #expect(try await session.attribute("aria-invalid", of: try await session.element("#code")) == "true")
                #expect(try await Self.fitsTheWindow(session))
                try await shots.save(session, "wrong-\(left)-left")
            }
            site.clock.skip(3)
            try await session.type(wrong, into: try await session.element("#code"))
            try await session.submitting { try await session.click(try await session.element("button[type=submit]")) }
            #expect(try await session.text("h1") == "This link no longer works")
            let body = try await session.text("main")
            #expect(body.contains("For your safety this link no longer works"))
            #expect(body.contains("The service desk has been told"))
            #expect(body.contains("the IT service desk (+49 30 1234567)"))
            try await shots.save(session, "burned")
            #expect(try await site.ticket(pickup)?.state == .burned)
            #expect(try await !site.secretIsStored(pickup))
        }
    }

    @Test func anExpiredLinkSaysWhomToContact() async throws {
        try await Self.withBrowser("pickup-expired") { session, site, shots in
            let pickup = try await site.seed(lifetime: 60)
            site.clock.skip(61)
            try await session.navigate(to: site.url(pickup))
            #expect(try await session.text("h1") == "This link has expired")
            #expect(try await session.text("main").contains("the IT service desk (+49 30 1234567)"))
            #expect(try await Self.fitsTheWindow(session))
            try await shots.save(session, "expired")
            try await session.navigate(to: "\(site.base)/pickup/AAAAAAAAAAAAAAAAAAAAAA")
            #expect(try await session.text("h1") == "This link is not valid")
            try await shots.save(session, "not-valid")
        }
    }

    @Test func aLinkScannerNeitherRevealsNorBurnsAndThePersonStillPicksUp() async throws {
        try await Self.withBrowser("pickup-scanner") { session, site, shots in
            let pickup = try await site.seed(.temporaryAccessPass)
            let before = try #require(try await site.ticket(pickup))
            let url = site.url(pickup)
            let scanner = LinkScanner()
            for _ in 0..<3 {
                let fetched = try await scanner.fetch(url)
                #expect(fetched.status == 200 && fetched.formToken != nil && fetched.cookie != nil)
                for (code, cookie) in [("", true), ("12345678", true), (pickup.code, true), ("12345678", false)] {
                    let answer = try await scanner.submit(fetched, to: url, code: code, sendCookie: cookie, secret: pickup.secret.value)
                    #expect(!answer.showedSecret)
                    #expect(answer.status == (cookie ? 200 : 400))
                }
            }
            #expect(try await site.ticket(pickup) == before)
            #expect(try await site.secretIsStored(pickup))

            // The hire, later, in German (the page's own language switch).
            try await session.navigate(to: url)
            try await shots.save(session, "form-english")
            try await session.submitting { try await session.click(try await session.element("a.language")) }
            #expect(try await session.execute("return document.documentElement.lang") as? String == "de")
            #expect(try await session.text("h1") == "Ihren befristeten Zugriffspass abholen")
            try await shots.save(session, "form-german")
            site.clock.skip(3)
            let code = try await session.element("#code")
            try await session.submitting { try await session.type(pickup.code + "\u{E007}", into: code) }
            #expect(try await session.text("h1") == "Ihr befristeter Zugriffspass")
            #expect(try await Self.shows(pickup.secret, in: session))
            // A Bool: the page holds the secret, and a failing expectation would print it.
            let linksSecurityInfo = try await session.text("main").contains("aka.ms/mysecurityinfo")
            #expect(linksSecurityInfo)
            #expect(try await Self.fitsTheWindow(session))
            try await shots.save(session, "pass-german")
            #expect(try await site.ticket(pickup)?.state == .revealed)
        }
    }
}
