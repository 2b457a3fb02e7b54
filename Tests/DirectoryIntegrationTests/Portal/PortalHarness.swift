import AsyncHTTPClient
import Credentials
import Delivery
import Directory
import FirstkeySimulator
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LDAPClient
import Logging
import Microsoft
import NIOCore
import NIOHTTP1
import Onboarding
import OnboardingEngine
import Server
import Store
import TestSupport

/// The first-password portal wired as `firstkey serve` wires it, against the real Samba DC, a
/// real SQLite store and the simulated Entra ID (its login page and token endpoint over HTTP).
/// The browser is played by hand: the sign-in redirect, the login form, the form post back.
struct PortalHarness: Sendable {
    static let publicURL = "http://127.0.0.1:18443"

    let simulator: FirstkeySimulator
    let application: SimulatedApplication
    let graph: GraphClient
    let transport: AsyncHTTPClientTransport
    let store: SQLiteCaseStore
    let engine: OnboardingEngine
    let directory: ActiveDirectory
    let http: HTTPClient
    /// The engine's delivery (for the password-set notice), when the test gave it channels.
    let delivery: DeliverySteps?

    /// One simulated hire with their AD account and (if `withCase`) their open self-service case.
    struct Hire: Sendable {
        var sam: String
        var dn: String
        var user: SimulatedUser
        var caseID: CaseID?
    }

    /// The portal as `firstkey serve` wires it, with its own simulator, store, engine and DC
    /// connection; `close()` stops them all.
    struct Wiring: Sendable {
        let harness: PortalHarness
        let portal: FirstPasswordPortal
        let sealer: SecretSealer
        let instance: @Sendable () -> FirstPasswordPortal

        static func make(publicURL: String, requirements: SignInRequirements = SignInRequirements(), allowedGroups: Set<String> = [],
                         adminRoles: Set<String> = [], adminGroups: Set<String> = [], timeZone: TimeZone = .current,
                         notices: (@Sendable (any CaseStore) throws -> DeliverySteps)? = nil, logger: Logger) async throws -> Wiring {
            let simulator = try await FirstkeySimulator.start(SimulatorConfiguration(httpsPort: nil), logger: logger)
            let secret = "sim~" + UUID().uuidString
            let application = SimulatedApplication(secrets: [secret], grantedRoles: ["User.Read.All", "UserAuthenticationMethod.ReadWrite.All"],
                                                   redirectURIs: [publicURL + "/portal/callback"], optionalClaims: ["auth_time", "onprem_sid", "acrs", "groups"])
            simulator.registerApplication(application)
            let configuration = try EntraConfiguration(tenantID: simulator.tenantID, clientID: application.clientID, credential: .secret(try EntraClientSecret(secret)),
                                                       authorityHost: URL(string: simulator.httpURL)!, graphBaseURL: URL(string: simulator.httpURL + "/v1.0")!)
            let transport = try AsyncHTTPClientTransport(configuration: configuration)
            let tokens = EntraTokenClient(configuration: configuration, transport: transport, logger: logger)
            let graph = GraphClient(configuration: configuration, tokens: tokens, transport: transport, logger: logger)
            let keys = EntraSigningKeys(configuration: configuration, transport: transport, logger: logger)
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-portal-\(UUID().uuidString).sqlite").path
            let store = try await SQLiteCaseStore.open(path: path)
            let directory = try IntegrationEnvironment.serviceDirectory()
            let sealer = SecretSealer(current: try SealingKey(rawBytes: (0..<32).map { _ in UInt8.random(in: 0...255) }))
            let delivery = try notices?(store)
            let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(),
                                          runner: DirectoryStepRunner(directory: directory, issuer: nil, delivery: delivery, logger: logger), logger: logger)
            let accounts = FirstPasswordService(engine: engine, directory: directory, graph: graph, notices: delivery,
                                                settings: .init(enableAccount: true, allowedGroups: allowedGroups), logger: logger)
            let portalConfiguration = PortalConfiguration(publicURL: URL(string: publicURL)!, entra: configuration, requirements: requirements,
                                                          adminRoles: adminRoles, adminGroups: adminGroups,
                                                          organization: "Contoso", helpContact: "the IT service desk (+1 555 0100)", timeZone: timeZone)
            // Another instance shares only the store and the sealing key, as serve's instances do.
            let instance: @Sendable () -> FirstPasswordPortal = {
                FirstPasswordPortal(configuration: portalConfiguration, accounts: accounts, redeemer: tokens, signingKeys: keys, sealer: sealer, store: store)
            }
            let portal = instance()
            let harness = PortalHarness(simulator: simulator, application: application, graph: graph, transport: transport, store: store,
                                        engine: engine, directory: directory, http: HTTPClient(eventLoopGroupProvider: .singleton), delivery: delivery)
            return Wiring(harness: harness, portal: portal, sealer: sealer, instance: instance)
        }

        /// Runs `body`, then stops everything, whether `body` threw or not.
        func whileRunning(_ body: () async throws -> Void) async throws {
            do {
                try await body()
            } catch {
                await close()
                throw error
            }
            await close()
        }

        func close() async {
            await harness.store.close(); try? await harness.transport.shutdown(); try? await harness.simulator.shutdown()
            try? await harness.http.shutdown(); await harness.directory.pool.shutdown()
        }
    }

    static func run(requirements: SignInRequirements = SignInRequirements(), allowedGroups: Set<String> = [],
                    notices: (@Sendable (any CaseStore) throws -> DeliverySteps)? = nil, publicURL: String = PortalHarness.publicURL,
                    _ body: @Sendable (PortalHarness, any TestClientProtocol) async throws -> Void) async throws {
        var logger = Logger(label: "test.portal")
        logger.logLevel = .critical
        let wiring = try await Wiring.make(publicURL: publicURL, requirements: requirements, allowedGroups: allowedGroups, notices: notices, logger: logger)
        let router = Router()
        wiring.portal.addRoutes(to: router)
        try await wiring.whileRunning {
            try await Application(router: router).test(.router) { client in try await body(wiring.harness, client) }
        }
    }

    /// Two portal instances (two routers, two clients) over one store, tenant and sealing key.
    static func runTwoInstances(_ body: @Sendable (PortalHarness, any TestClientProtocol, any TestClientProtocol) async throws -> Void) async throws {
        var logger = Logger(label: "test.portal")
        logger.logLevel = .critical
        let wiring = try await Wiring.make(publicURL: publicURL, logger: logger)
        let first = Router(), second = Router()
        wiring.portal.addRoutes(to: first)
        wiring.instance().addRoutes(to: second)
        let other = Application(router: second)
        try await wiring.whileRunning {
            try await Application(router: first).test(.router) { one in
                try await other.test(.router) { two in try await body(wiring.harness, one, two) }
            }
        }
    }

    /// A freshly provisioned AD account (disabled, no password), its synced Entra user, and —
    /// unless `withCase` is false — an open self-service case correlated and checked.
    func hire(withCase: Bool = true, mode: DeliveryMode = .selfService, groups: [String] = []) async throws -> Hire {
        let account = try await IntegrationEnvironment.createHire(prefix: "portal")
        let adUser = try await directory.findUser(.samAccountName(account.sam))
        var user = SimulatedUser(userPrincipalName: "\(account.sam)@ad.example.test", displayName: "Test \(account.sam)", mobilePhone: "+1 5555550123",
                                 onPremisesSecurityIdentifier: adUser.objectSid?.description, onPremisesSamAccountName: account.sam, onPremisesSyncEnabled: true)
        user.groupIDs = groups
        simulator.addUser(user)
        guard withCase else { return Hire(sam: account.sam, dn: account.dn, user: user, caseID: nil) }
        let request = OnboardingEngine.IntakeRequest(
            identity: HireIdentity(entraObjectID: user.id, userPrincipalName: user.userPrincipalName, employeeID: account.employeeID, samAccountName: account.sam),
            hireDate: Date().addingTimeInterval(7 * 86400), deliveryMode: mode, recipients: Recipients(mobilePhone: "+15555550123"), source: "test")
        let (onboarding, _) = try await engine.intake(request, actor: "test")
        // correlate, check, prepare-credential; deliver then waits (no channel here).
        for _ in 0..<6 {
            _ = await engine.runOnce()
            if let current = try await store.fetchCase(onboarding.id), current.step(.check).status == .succeeded,
               current.step(.prepareCredential).status == .succeeded { break }
        }
        return Hire(sam: account.sam, dn: account.dn, user: user, caseID: onboarding.id)
    }

    // MARK: Playing the browser

    /// Cookies by name, as a browser would send them back.
    final class Jar: @unchecked Sendable {
        var cookies: [String: String] = [:]
        func copy() -> Jar {
            let jar = Jar()
            jar.cookies = cookies
            return jar
        }

        var header: String { cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

        func take(_ response: TestResponse) {
            for value in response.headers[values: .setCookie] {
                let pair = value.split(separator: ";").first ?? ""
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2 else { continue }
                let maxAgeZero = value.lowercased().contains("max-age=0")
                cookies[String(parts[0])] = maxAgeZero || parts[1].isEmpty ? nil : String(parts[1])
            }
        }
    }

    /// How the hire "authenticates" on the simulated login page.
    struct Login: Sendable {
        var methods = "fido,mfa"
        var contexts = ""
        var authenticatedSecondsAgo = 0
        var tokenVersion = "v2"
    }

    /// The form post Entra sends back to the portal.
    typealias Callback = [(String, String)]

    /// GET /portal/sign-in, then the simulator's authorize endpoint and login form: the fields
    /// of the form post back (code, state, session_state).
    func signInAtEntra(_ client: any TestClientProtocol, jar: Jar, as user: SimulatedUser, login: Login = Login()) async throws -> Callback {
        let start = try await client.execute(uri: "/portal/sign-in", method: .get, headers: [:], body: nil) { $0 }
        guard start.status == .seeOther, let location = start.headers[.location] else { throw HarnessError("no redirect to Entra: \(start.status)") }
        jar.take(start)
        let loginPage = try await text(HTTPClientRequest(url: location))
        guard let requestID = Self.value(of: "request_id", in: loginPage) else { throw HarnessError("no login form: \(loginPage.prefix(300))") }
        var post = HTTPClientRequest(url: simulator.httpURL + "/\(simulator.tenantID)/login")
        post.method = .POST
        post.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let fields = [("request_id", requestID), ("username", user.userPrincipalName), ("amr", login.methods), ("acrs", login.contexts),
                      ("auth_time_offset", String(-login.authenticatedSecondsAgo)), ("token_version", login.tokenVersion), ("action", "sign_in")]
        post.body = .bytes(ByteBuffer(string: Self.encode(fields)))
        let formPost = try await text(post)
        let names = ["code", "state", "session_state", "error", "error_description"]
        let back = names.compactMap { name in Self.value(of: name, in: formPost).map { (name, $0) } }
        guard !back.isEmpty else { throw HarnessError("no form post back: \(formPost.prefix(300))") }
        return back
    }

    func postCallback(_ client: any TestClientProtocol, jar: Jar, _ fields: Callback) async throws -> TestResponse {
        let response = try await client.execute(uri: "/portal/callback", method: .post,
                                                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: jar.header],
                                                body: ByteBuffer(string: Self.encode(fields))) { $0 }
        jar.take(response)
        return response
    }

    /// The whole sign-in; returns the callback's answer.
    func signIn(_ client: any TestClientProtocol, jar: Jar, as user: SimulatedUser, login: Login = Login()) async throws -> TestResponse {
        try await postCallback(client, jar: jar, try await signInAtEntra(client, jar: jar, as: user, login: login))
    }

    func get(_ client: any TestClientProtocol, jar: Jar, _ uri: String = "/portal") async throws -> (TestResponse, String) {
        let response = try await client.execute(uri: uri, method: .get, headers: [.cookie: jar.header], body: nil) { $0 }
        jar.take(response)
        return (response, String(buffer: response.body))
    }

    func post(_ client: any TestClientProtocol, jar: Jar, _ uri: String, _ fields: [(String, String)], origin: String? = nil) async throws -> (TestResponse, String) {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: jar.header]
        if let origin { headers[.origin] = origin }
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: Self.encode(fields))) { $0 }
        jar.take(response)
        return (response, String(buffer: response.body))
    }

    /// Submits the password page's form as a browser would: its hidden fields plus the password.
    func submitPassword(_ client: any TestClientProtocol, jar: Jar, page: String, password: String, confirm: String? = nil) async throws -> (TestResponse, String) {
        guard let csrf = Self.value(of: "csrf", in: page), let caseID = Self.value(of: "case", in: page) else { throw HarnessError("no password form: \(page.prefix(300))") }
        return try await post(client, jar: jar, "/portal/password", [("csrf", csrf), ("case", caseID), ("password", password), ("confirm", confirm ?? password)])
    }

    func text(_ request: HTTPClientRequest) async throws -> String {
        let response = try await http.execute(request, timeout: .seconds(10))
        return String(buffer: try await response.body.collect(upTo: 1 << 20))
    }

    /// The value of the hidden input `name` in an HTML form.
    static func value(of name: String, in html: String) -> String? {
        let pattern = #"name="\#(name)" value="([^"]*)""#
        guard let range = html.range(of: pattern, options: .regularExpression) else { return nil }
        let match = String(html[range])
        let value = match.split(separator: "\"", omittingEmptySubsequences: false)[3]
        return String(value).replacing("&amp;", with: "&").replacing("&quot;", with: "\"").replacing("&#39;", with: "'").replacing("&lt;", with: "<").replacing("&gt;", with: ">")
    }

    static func encode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }

    /// Whether the hire can bind to the DC with `password` (the proof that it is real).
    func canBind(_ hire: Hire, password: String) async -> Bool {
        do {
            let connection = try await IntegrationEnvironment.connect(try IntegrationEnvironment.dc1.ldaps, tls: try IntegrationEnvironment.dc1.tls,
                                                                      bindDN: hire.dn, password: password)
            await connection.unbind()
            return true
        } catch {
            return false
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
