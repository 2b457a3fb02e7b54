import Credentials
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Onboarding
import Server
import Store
import Synchronization
import Testing
import TestSupport

/// The events the page reported.
final class RecordedPickupEvents: PickupEventSink {
    private let events = Mutex<[PickupEvent]>([])

    var all: [PickupEvent] { events.withLock { $0 } }

    func pickupChanged(_ ticket: PickupTicket, event: PickupEvent) async {
        events.withLock { $0.append(event) }
    }
}

/// One seeded pickup: the link token and the code as the hire's two messages carry them.
struct SeededPickup: Sendable {
    let caseID: CaseID
    let token: String
    let code: String
    let secret: PickupSecret

    var path: String { "/pickup/\(token)" }
    var tokenDigest: String { PickupSecrets.tokenDigest(token) }
}

/// The pickup page on a real SQLite store, with a hand-moved clock and captured logs.
struct PickupFixture: Sendable {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    let store: SQLiteCaseStore
    let sealer: SecretSealer
    let clock: TestClock
    let logs: CapturedLogs
    let events: RecordedPickupEvents
    let policy: PickupPolicy

    var page: PickupPage {
        PickupPage(store: store, sealer: sealer, policy: policy, organization: "Contoso <Corp> & \"Partners\"",
                   helpContact: "the IT service desk, +49 30 1234567", secureCookies: true,
                   timeZone: TimeZone(identifier: "Europe/Berlin")!, events: events, now: { [clock] in clock.now })
    }

    /// Runs `body` against the page served by `setup` (`.router` or `.live`).
    static func run(_ setup: TestingSetup = .router, policy: PickupPolicy = PickupPolicy(),
                    _ body: @escaping @Sendable (PickupFixture, any TestClientProtocol) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-pickup-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        let fixture = PickupFixture(store: store, sealer: SecretSealer(current: SealingKey.generate()), clock: TestClock(start),
                                    logs: CapturedLogs(), events: RecordedPickupEvents(), policy: policy)
        let router = Router()
        fixture.page.addRoutes(to: router)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: fixture.logs.logger)
        do {
            try await app.test(setup) { client in try await body(fixture, client) }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    /// A case with an open ticket and its sealed secret, as the deliver step leaves them.
    func seed(_ secret: PickupSecret? = nil, mode: DeliveryMode = .temporaryPassword, lifetime: TimeInterval = 72 * 3600) async throws -> SeededPickup {
        let secret = secret ?? PickupSecret(kind: .temporaryPassword, value: TestSecrets.canaryPassword())
        TestSecrets.record(secret.value)
        let onboarding = OnboardingCase(intakeKey: "employee:\(UUID().uuidString)", identity: HireIdentity(employeeID: "E\(Int.random(in: 1000...9999))"),
                                        hireDate: clock.now.addingTimeInterval(7 * 86400), deliveryMode: mode,
                                        recipients: Recipients(mobilePhone: "+15550100"), source: "api", createdAt: clock.now)
        let transition = CaseLifecycle().start(onboarding, at: clock.now, actor: "test")
        _ = try await store.createCase(transition.updated, audit: transition.audit)
        let secrets = PickupSecrets.generate()
        TestSecrets.record(secrets.token)
        let caseID = transition.updated.id
        let digest = PickupCodeDigester(sealingKey: sealer.current).digest(secrets.code, caseID: caseID.rawValue)
        try await store.createPickup(PickupTicket(caseID: caseID, tokenDigest: PickupSecrets.tokenDigest(secrets.token), codeDigest: digest,
                                                  attempts: policy.maximumAttempts, createdAt: clock.now, expiresAt: clock.now.addingTimeInterval(lifetime)))
        try await store.storeSealedSecret(try sealer.seal(try secret.document(), context: caseID.rawValue).storageText,
                                          kind: PickupSecret.secretKind, for: caseID, at: clock.now)
        return SeededPickup(caseID: caseID, token: secrets.token, code: secrets.code, secret: secret)
    }

    func ticket(_ pickup: SeededPickup) async throws -> PickupTicket? {
        try await store.pickup(tokenDigest: pickup.tokenDigest)
    }

    func sealedSecretIsStored(_ pickup: SeededPickup) async throws -> Bool {
        try await store.sealedSecret(kind: PickupSecret.secretKind, for: pickup.caseID) != nil
    }
}

/// A served form: what a browser keeps to send it back.
struct ServedForm: Sendable {
    /// `name=value` of the CSRF cookie.
    var cookie: String?
    var formToken: String?
}

/// A page's HTML that never prints itself: a failing expectation on it must not put a secret
/// it may show into the test output (which the secret search reads).
struct PageText: Sendable, CustomStringConvertible {
    let html: String

    func contains(_ text: String) -> Bool { html.contains(text) }

    var isEmpty: Bool { html.isEmpty }

    var description: String { "<a page of \(html.count) characters>" }
}

/// Pages as a browser sees them.
enum PickupHTTP {
    static func text(_ response: TestResponse) -> PageText { PageText(html: String(buffer: response.body)) }

    static func served(_ response: TestResponse) -> ServedForm {
        let cookie = response.headers[values: .setCookie].first.flatMap { $0.split(separator: ";").first.map(String.init) }
        return ServedForm(cookie: cookie, formToken: formToken(in: text(response).html))
    }

    static func formToken(in html: String) -> String? {
        guard let range = html.range(of: #"name="form" value=""#) else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    static func body(code: String?, formToken: String?) -> ByteBuffer {
        var fields: [String] = []
        if let formToken { fields.append("form=\(formToken.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")") }
        if let code { fields.append("code=\(code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")") }
        return ByteBuffer(string: fields.joined(separator: "&"))
    }

    static func headers(cookie: String?, language: String? = nil) -> HTTPFields {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { headers[.cookie] = cookie }
        if let language { headers[.acceptLanguage] = language }
        return headers
    }

    static func get(_ client: some TestClientProtocol, _ path: String, language: String? = nil, cookie: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let language { headers[.acceptLanguage] = language }
        if let cookie { headers[.cookie] = cookie }
        return try await client.execute(uri: path, method: .get, headers: headers, body: nil)
    }

    static func post(_ client: some TestClientProtocol, _ path: String, code: String?, form: ServedForm, language: String? = nil) async throws -> TestResponse {
        try await client.execute(uri: path, method: .post, headers: headers(cookie: form.cookie, language: language),
                                 body: body(code: code, formToken: form.formToken))
    }
}

/// Whether `html` contains the secret as the page shows it (grouped and escaped), as a Bool so
/// that a failing expectation never prints the secret.
func showsSecret(_ page: PageText, _ secret: PickupSecret) -> Bool {
    let plain = page.html.replacing(#"</span><span class="group">"#, with: "")
    return plain.contains(escapedForHTML(secret.value))
}

func escapedForHTML(_ text: String) -> String {
    text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
        .replacing("\"", with: "&quot;").replacing("'", with: "&#39;")
}
