import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Onboarding
import Server
import Store
import Testing
import TestSupport

/// What the pickup page refuses, what it sends with every page, and what it never shows or logs.
@Suite struct PickupSecurityTests {
    static let protectiveHeaders: [(String, String)] = [
        ("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
        ("Cache-Control", "no-store"),
        ("Pragma", "no-cache"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("X-Robots-Tag", "noindex"),
    ]

    static func expectProtected(_ response: TestResponse, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, value) in protectiveHeaders {
            #expect(response.headers[HTTPField.Name(name)!] == value, "\(what): \(name)", sourceLocation: sourceLocation)
        }
        let html = PickupHTTP.text(response)
        guard response.headers[.contentType]?.hasPrefix("text/html") == true, !html.isEmpty else { return }
        #expect(!html.contains("<script") && !html.contains("style=") && !html.contains("<style"), "\(what): inline script or style", sourceLocation: sourceLocation)
        #expect(html.contains(#"<meta name="viewport" content="width=device-width, initial-scale=1">"#), "\(what): viewport", sourceLocation: sourceLocation)
        #expect(html.contains(#"<link rel="stylesheet" href="/pickup/assets/pickup.css">"#), "\(what): stylesheet", sourceLocation: sourceLocation)
    }

    @Test func aFormWithoutAValidTokenOrCookieIsRefusedAndNothingCounts() async throws {
        try await PickupFixture.run { fixture, client in
            let pickup = try await fixture.seed()
            let other = try await fixture.seed()
            let before = try #require(try await fixture.ticket(pickup))
            let form = PickupHTTP.served(try await PickupHTTP.get(client, pickup.path))
            let otherForm = PickupHTTP.served(try await PickupHTTP.get(client, other.path))
            let token = try #require(form.formToken)
            var parts = token.split(separator: ".").map(String.init)
            parts[2] = String((Int64(parts[2]) ?? 0) - 60_000)  // "served" a minute earlier
            let backdated = parts.joined(separator: ".")
            let wrong = pickup.code == "00000000" ? "11111111" : "00000000"
            fixture.clock.advance(5)

            let refused: [(String, ServedForm)] = [
                ("no form token", ServedForm(cookie: form.cookie, formToken: nil)),
                ("no cookie", ServedForm(cookie: nil, formToken: form.formToken)),
                ("another cookie", ServedForm(cookie: "__Host-firstkey_pickup=AAAAAAAAAAAAAAAAAAAAAA", formToken: form.formToken)),
                ("a changed form token", ServedForm(cookie: form.cookie, formToken: backdated)),
                ("a made-up form token", ServedForm(cookie: form.cookie, formToken: "v1.\(pickup.tokenDigest).1800000000000.AAAAAAAAAAAAAAAAAAAAAA.\(String(repeating: "0", count: 64))")),
                ("another link's form", otherForm),
                ("garbage", ServedForm(cookie: form.cookie, formToken: "%%%")),
            ]
            for (what, served) in refused {
                let response = try await PickupHTTP.post(client, pickup.path, code: wrong, form: served)
                #expect(response.status == .badRequest, "\(what)")
                #expect(PickupHTTP.text(response).contains("Please reload the page"), "\(what)")
                Self.expectProtected(response, what)
            }
            // Not a form, or too large a one.
            let json = try await client.execute(uri: pickup.path, method: .post, headers: [.contentType: "application/json", .cookie: form.cookie ?? ""],
                                                body: ByteBuffer(string: #"{"code":"\#(wrong)"}"#))
            #expect(json.status == .badRequest)
            let huge = try await client.execute(uri: pickup.path, method: .post, headers: PickupHTTP.headers(cookie: form.cookie),
                                                body: ByteBuffer(string: "form=\(token)&code=\(wrong)&pad=\(String(repeating: "x", count: 5000))"))
            #expect(huge.status == .contentTooLarge)
            Self.expectProtected(huge, "too large")

            #expect(try await fixture.ticket(pickup) == before)
            #expect(try await fixture.sealedSecretIsStored(pickup))
            #expect(fixture.events.all.isEmpty)
            // The genuine form still works.
            let shown = showsSecret(PickupHTTP.text(try await PickupHTTP.post(client, pickup.path, code: pickup.code, form: form)), pickup.secret)
            #expect(shown)
        }
    }

    /// Over HTTPS the `__Host-` prefix: no subdomain and no other path of the host can set or shadow it.
    @Test func theCSRFCookieIsAHostCookieHttpOnlyStrictSecureAndKeptAcrossTabs() async throws {
        try await PickupFixture.run { fixture, client in
            let pickup = try await fixture.seed()
            let response = try await PickupHTTP.get(client, pickup.path)
            let header = try #require(response.headers[values: .setCookie].first)
            #expect(header.hasPrefix("__Host-firstkey_pickup="), "\(header)")
            #expect(!header.lowercased().contains("domain="))
            let attributes = Set(header.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(attributes.isSuperset(of: ["HttpOnly", "SameSite=Strict", "Path=/", "Secure"]))
            // A second tab gets the same value, so the first tab's form still works.
            let cookie = try #require(PickupHTTP.served(response).cookie)
            let second = PickupHTTP.served(try await PickupHTTP.get(client, pickup.path, cookie: cookie))
            #expect(second.cookie == cookie)
        }
    }

    @Test func everyPageCarriesTheProtectiveHeaders() async throws {
        try await PickupFixture.run { fixture, client in
            let pickup = try await fixture.seed()
            let form = PickupHTTP.served(try await PickupHTTP.get(client, pickup.path))
            Self.expectProtected(try await PickupHTTP.get(client, pickup.path), "form")
            let head = try await client.execute(uri: pickup.path, method: .head)
            #expect(head.status == .ok)
            Self.expectProtected(head, "HEAD")
            Self.expectProtected(try await PickupHTTP.get(client, "/pickup/AAAAAAAAAAAAAAAAAAAAAA"), "not valid")
            Self.expectProtected(try await PickupHTTP.post(client, pickup.path, code: "1", form: form), "too fast")
            let stylesheet = try await PickupHTTP.get(client, "/pickup/assets/pickup.css")
            #expect(stylesheet.status == .ok)
            #expect(stylesheet.headers[.contentType] == "text/css; charset=utf-8")
            Self.expectProtected(stylesheet, "stylesheet")
            fixture.clock.advance(3)
            let wrong = try await PickupHTTP.post(client, pickup.path, code: pickup.code == "00000000" ? "1" : "0", form: form)
            Self.expectProtected(wrong, "wrong code")
            fixture.clock.advance(3)
            Self.expectProtected(try await PickupHTTP.post(client, pickup.path, code: pickup.code, form: PickupHTTP.served(wrong)), "secret")
            Self.expectProtected(try await PickupHTTP.get(client, pickup.path), "already used")

            let burning = try await fixture.seed()
            var burnForm = PickupHTTP.served(try await PickupHTTP.get(client, burning.path))
            for _ in 0..<fixture.policy.maximumAttempts {
                fixture.clock.advance(3)
                let response = try await PickupHTTP.post(client, burning.path, code: burning.code == "00000000" ? "1" : "0", form: burnForm)
                burnForm = PickupHTTP.served(response)
                Self.expectProtected(response, "wrong or burned")
            }
            Self.expectProtected(try await PickupHTTP.get(client, burning.path), "burned")
            let expiring = try await fixture.seed(lifetime: 10)
            fixture.clock.advance(11)
            Self.expectProtected(try await PickupHTTP.get(client, expiring.path), "expired")

            // When the store does not answer: a page that says so, with the same headers.
            await fixture.store.close()
            let unavailable = try await PickupHTTP.get(client, expiring.path)
            #expect(unavailable.status == .serviceUnavailable)
            #expect(PickupHTTP.text(unavailable).contains("This page is not available right now"))
            Self.expectProtected(unavailable, "unavailable")
        }
    }

    @Test func everyValueIsEscaped() async throws {
        try await PickupFixture.run { fixture, client in
            let value = "<b>&\"'x" + TestSecrets.canaryPassword()
            let pickup = try await fixture.seed(PickupSecret(kind: .temporaryPassword, value: value))
            let page = PickupHTTP.text(try await PickupHTTP.get(client, pickup.path))
            #expect(page.contains("Contoso &lt;Corp&gt; &amp; &quot;Partners&quot;"))
            #expect(!page.contains("<Corp>"))
            let form = PickupHTTP.served(try await PickupHTTP.get(client, pickup.path))
            fixture.clock.advance(3)
            let html = PickupHTTP.text(try await PickupHTTP.post(client, pickup.path, code: pickup.code, form: form))
            let escaped = showsSecret(html, pickup.secret)
            let raw = html.contains("<b>&\"'x")  // a Bool: never the page
            #expect(escaped)
            #expect(!raw)
        }
    }

    @Test func neitherTheTokenNorTheCodeNorTheSecretIsEverLogged() async throws {
        try await PickupFixture.run { fixture, client in
            let pickup = try await fixture.seed()
            let form = PickupHTTP.served(try await PickupHTTP.get(client, pickup.path))
            _ = try await PickupHTTP.post(client, pickup.path, code: pickup.code, form: ServedForm(cookie: nil, formToken: form.formToken))
            fixture.clock.advance(3)
            let wrong = try await PickupHTTP.post(client, pickup.path, code: pickup.code == "00000000" ? "1" : "0", form: form)
            fixture.clock.advance(3)
            _ = try await PickupHTTP.post(client, pickup.path, code: pickup.code, form: PickupHTTP.served(wrong))
            _ = try await PickupHTTP.get(client, pickup.path)
            let logs = fixture.logs
            #expect(logs.all.contains { $0.contains("pickup: wrong code") && $0.contains(pickup.caseID.rawValue) })
            #expect(logs.all.contains { $0.contains("pickup: revealed") })
            let leaks = [pickup.token, pickup.tokenDigest, pickup.code, pickup.secret.value].map { logs.contain($0) }
            #expect(leaks == [false, false, false, false])
        }
    }
}
