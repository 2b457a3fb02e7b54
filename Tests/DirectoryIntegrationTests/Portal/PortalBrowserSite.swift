import AsyncHTTPClient
import BrowserSupport
import Credentials
import Directory
import FirstkeySimulator
import Foundation
import Hummingbird
import Logging
import LDAPClient
import Microsoft
import NIOCore
import Onboarding
import OnboardingEngine
import Server
import Store
import TestSupport

/// The first-password portal served on a real loopback port for headless Chromium, wired as
/// `PortalHarness` wires it (simulated Entra ID over HTTP, the real Samba DC, SQLite, the
/// engine); the portal's public URL and the application's redirect URI name that port.
struct PortalBrowserSite: Sendable {
    let harness: PortalHarness
    let port: Int

    var base: String { "http://127.0.0.1:\(port)" }
    var simulatorURL: String { harness.simulator.httpURL }

    static func serve(requirements: SignInRequirements = SignInRequirements(), allowedGroups: Set<String> = [],
                      _ body: @Sendable (PortalBrowserSite) async throws -> Void) async throws {
        var logger = Logger(label: "test.portal-browser")
        logger.logLevel = .critical  // stopping the servers at the end logs a harmless "already closed"
        let port = try await LoopbackPort.free()
        let publicURL = "http://127.0.0.1:\(port)"
        let wiring = try await PortalHarness.Wiring.make(publicURL: publicURL, requirements: requirements, allowedGroups: allowedGroups,
                                                         timeZone: TimeZone(identifier: "Europe/Berlin")!, logger: logger)
        let router = Router()
        wiring.portal.addRoutes(to: router)
        try await wiring.whileRunning {
            try await Self.run(router, port: port, logger: logger) { _ in try await body(PortalBrowserSite(harness: wiring.harness, port: port)) }
        }
    }

    /// Serves `router` on 127.0.0.1 (`port`, 0 for any) while `body` runs with the port.
    static func run(_ router: Router<BasicRequestContext>, port: Int, logger: Logger, _ body: @Sendable (Int) async throws -> Void) async throws {
        let (ready, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            defer { group.cancelAll() }
            var bound = 0
            for await value in ready {
                bound = value
                break
            }
            guard bound > 0 else { throw HarnessError("the server on 127.0.0.1:\(port) did not start") }
            try await body(bound)
        }
    }

    /// Another origin (another loopback port) serving `html` at `/`: the attacker's page.
    static func serveOtherOrigin(_ html: String, _ body: @Sendable (String) async throws -> Void) async throws {
        var logger = Logger(label: "test.portal-browser.other-origin")
        logger.logLevel = .critical
        let router = Router()
        router.get("/") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
        }
        try await run(router, port: 0, logger: logger) { port in try await body("http://127.0.0.1:\(port)/") }
    }
}

/// One hire's browser on the portal: the steps a person takes, each leaving a screenshot.
struct PortalVisit: Sendable {
    let session: BrowserSession
    let site: PortalBrowserSite
    let shots: ScreenshotRecorder

    /// The form post the simulated Entra ID sends back to the portal, as captured.
    struct CallbackPost: Sendable {
        var action: String
        var fieldsJSON: String
    }

    func shoot(_ step: String) async throws { try await shots.save(session, step) }

    /// /portal, then its sign-in button: the simulator's login page.
    func openLoginPage() async throws {
        try await session.navigate(to: site.base + "/portal")
        try await shoot("landing")
        guard try await has("#sign-in") else { throw HarnessError("the portal shows no sign-in button") }
        try await session.click(try await session.element("#sign-in"))
        try await session.waitForPage(startingWith: site.simulatorURL)
    }

    /// Fills the simulator's login form the way `login` says the hire authenticated.
    func fillLoginForm(as user: SimulatedUser, login: PortalHarness.Login) async throws {
        for (id, value) in [("username", user.userPrincipalName), ("amr", login.methods), ("acrs", login.contexts),
                            ("auth_time_offset", String(-login.authenticatedSecondsAgo))] {
            let field = try await session.element("#\(id)")
            try await session.clear(field)
            if !value.isEmpty { try await session.type(value, into: field) }
        }
        try await session.click(try await session.element("#token_version option[value=\(login.tokenVersion)]"))
        try await shoot("entra-login")
    }

    /// The whole sign-in through the browser; ends on the portal's answer to the callback.
    func signIn(as user: SimulatedUser, login: PortalHarness.Login = .init()) async throws {
        try await openLoginPage()
        try await fillLoginForm(as: user, login: login)
        try await session.click(try await session.element("#sign_in"))
        try await session.waitForPage(startingWith: site.base + "/portal")
        try await shoot("signed-in")
    }

    /// The sign-in, but the login form is sent by script so that the test keeps a copy of the
    /// form post back (as someone reading over the shoulder, or a proxy, could), which the
    /// browser then sends as the simulator's page would.
    func signInCapturingCallback(as user: SimulatedUser) async throws -> CallbackPost {
        try await openLoginPage()
        try await fillLoginForm(as: user, login: .init())
        _ = try await session.execute("""
            window.firstkeyCapture = null;
            var form = document.getElementById("login_form");
            var data = new URLSearchParams(new FormData(form));
            data.set("action", "sign_in");
            // form.action would be the buttons named "action".
            fetch(form.getAttribute("action"), { method: "POST", body: data }).then(function (r) { return r.text(); }).then(function (text) {
              var post = new DOMParser().parseFromString(text, "text/html").getElementById("hiddenform");
              if (!post) { window.firstkeyCaptureError = "no form post in the answer"; return; }
              var fields = {};
              post.querySelectorAll("input[type=hidden]").forEach(function (input) { fields[input.name] = input.value; });
              window.firstkeyCapture = { action: post.getAttribute("action"), fields: JSON.stringify(fields) };
            }).catch(function (error) { window.firstkeyCaptureError = String(error); });
            """)
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let capture = try await session.execute("return window.firstkeyCapture") as? [String: Any],
               let action = capture["action"] as? String, let fields = capture["fields"] as? String {
                let post = CallbackPost(action: action, fieldsJSON: fields)
                try await deliver(post, waitFor: site.base + "/portal")
                try await shoot("signed-in")
                return post
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let failure = try await session.execute("return window.firstkeyCaptureError") as? String
        throw HarnessError("the simulator sent no form post back (\(failure ?? "no error"))")
    }

    /// Posts `post` from the page the window shows, as a self-submitting form does.
    func deliver(_ post: CallbackPost, waitFor prefix: String) async throws {
        let action = String(decoding: try JSONSerialization.data(withJSONObject: [post.action]), as: UTF8.self)
        try await session.submitting {
            _ = try await session.execute("""
                var fields = JSON.parse(\(String(decoding: try JSONSerialization.data(withJSONObject: [post.fieldsJSON]), as: UTF8.self))[0]);
                var form = document.createElement("form");
                form.method = "POST";
                form.action = \(action)[0];
                Object.keys(fields).forEach(function (name) {
                  var input = document.createElement("input");
                  input.type = "hidden"; input.name = name; input.value = fields[name];
                  form.appendChild(input);
                });
                document.body.appendChild(form);
                form.submit();
                """)
        }
        try await session.waitForPage(startingWith: prefix)
    }

    /// Types into the password page's two fields (emptied first).
    func type(password: String, confirm: String? = nil) async throws {
        for (id, value) in [("password", password), ("confirm", confirm ?? password)] {
            let field = try await session.element("#\(id)")
            try await session.clear(field)
            if !value.isEmpty { try await session.type(value, into: field) }
        }
    }

    /// The live check's verdict per rule (`met`, `unmet`, or empty), by `data-rule`.
    func ruleStates() async throws -> [String: String] {
        let value = try await session.execute("""
            var states = {};
            document.querySelectorAll("#rule-list li[data-rule]").forEach(function (item) { states[item.getAttribute("data-rule")] = item.className; });
            return states;
            """)
        return value as? [String: String] ?? [:]
    }

    /// Brings the rules into view (the phone-sized window shows the form's top only).
    func scrollTo(_ css: String) async throws {
        _ = try await session.execute("document.querySelector('\(css)').scrollIntoView({block: 'center'})")
    }

    /// Clicks "Set my password" and waits for the server's answer.
    func submitPassword() async throws {
        try await session.submitting { try await session.click(try await session.element("#set-password")) }
    }

    /// The page's text in `css`, or nil when it has no such element.
    func text(_ css: String) async throws -> String? {
        guard let element = try await session.elements(css).first else { return nil }
        return try await session.text(of: element)
    }

    func has(_ css: String) async throws -> Bool { try await !session.elements(css).isEmpty }

    /// Whether the page is as wide as the window (no sideways scrolling on a phone).
    func fitsTheWindow() async throws -> Bool {
        try await session.execute("return document.documentElement.scrollWidth <= window.innerWidth") as? Bool ?? false
    }
}
