import AsyncHTTPClient
import Credentials
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

/// The portal and the admin dashboard wired together as `firstkey serve` wires them (one
/// sign-in, one sealing key), against the real DC, a real SQLite store and the simulated Entra ID.
struct AdminHarness: Sendable {
    static let adminRole = "Firstkey.Admin"

    let portal: PortalHarness
    let sealer: SecretSealer

    var store: SQLiteCaseStore { portal.store }
    var engine: OnboardingEngine { portal.engine }
    var simulator: FirstkeySimulator { portal.simulator }

    static func run(adminGroups: Set<String> = [], _ body: @Sendable (AdminHarness, any TestClientProtocol) async throws -> Void) async throws {
        var logger = Logger(label: "test.admin")
        logger.logLevel = .critical
        let wiring = try await PortalHarness.Wiring.make(publicURL: PortalHarness.publicURL, adminRoles: [adminRole], adminGroups: adminGroups, logger: logger)
        let router = Router()
        wiring.portal.addRoutes(to: router)
        // Every request checks the administrator against the tenant again (no minute's grace here).
        AdminDashboard(portal: wiring.portal, engine: wiring.harness.engine, store: wiring.harness.store,
                       recheck: AdministratorRecheck(directory: wiring.harness.graph, interval: 0)).addRoutes(to: router)
        let harness = AdminHarness(portal: wiring.harness, sealer: wiring.sealer)
        try await wiring.whileRunning {
            try await Application(router: router).test(.router) { client in try await body(harness, client) }
        }
    }

    /// A user of the tenant who is (with `role`, or in `groups`) or is not an administrator.
    func administrator(role: String? = AdminHarness.adminRole, groups: [String] = []) -> SimulatedUser {
        let name = "admin-\(UUID().uuidString.prefix(8).lowercased())"
        var user = SimulatedUser(userPrincipalName: "\(name)@ad.example.test", displayName: "Admin \(name)")
        if let role { user.appRoles = [portal.application.clientID.lowercased(): [role]] }
        user.groupIDs = groups
        simulator.addUser(user)
        return user
    }

    /// The dashboard's sign-in: GET /admin/sign-in, the simulated login, the form post back to
    /// /portal/callback; the callback's answer.
    func signIn(_ client: any TestClientProtocol, jar: PortalHarness.Jar, as user: SimulatedUser) async throws -> (TestResponse, String) {
        let start = try await client.execute(uri: "/admin/sign-in", method: .get, headers: [:], body: nil) { $0 }
        guard start.status == .seeOther, let location = start.headers[.location] else { throw HarnessError("no redirect to Entra: \(start.status)") }
        jar.take(start)
        let loginPage = try await portal.text(HTTPClientRequest(url: location))
        guard let requestID = PortalHarness.value(of: "request_id", in: loginPage) else { throw HarnessError("no login form: \(loginPage.prefix(300))") }
        var post = HTTPClientRequest(url: simulator.httpURL + "/\(simulator.tenantID)/login")
        post.method = .POST
        post.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let fields = [("request_id", requestID), ("username", user.userPrincipalName), ("amr", "fido,mfa"), ("acrs", ""),
                      ("auth_time_offset", "0"), ("token_version", "v2"), ("action", "sign_in")]
        post.body = .bytes(ByteBuffer(string: PortalHarness.encode(fields)))
        let formPost = try await portal.text(post)
        let back = ["code", "state", "session_state", "error", "error_description"].compactMap { name in PortalHarness.value(of: name, in: formPost).map { (name, $0) } }
        guard !back.isEmpty else { throw HarnessError("no form post back: \(formPost.prefix(300))") }
        let response = try await portal.postCallback(client, jar: jar, back)
        return (response, String(buffer: response.body))
    }

    /// A case for a hire who has no AD account yet: correlate waits (state `waiting`).
    /// With a hire date within a day the deadline has passed: it escalates instead.
    func waitingCase(hireDate: Date = Date().addingTimeInterval(10 * 86400)) async throws -> OnboardingCase {
        let name = "nobody\(UUID().uuidString.prefix(8).lowercased())"
        let request = OnboardingEngine.IntakeRequest(
            identity: HireIdentity(userPrincipalName: "\(name)@ad.example.test", employeeID: "W\(UInt32.random(in: 100_000...999_999))", samAccountName: name,
                                   displayName: "Waiting \(name)"),
            hireDate: hireDate, deliveryMode: .selfService, recipients: Recipients(mobilePhone: "+15555550123"), source: "test")
        let (onboarding, _) = try await engine.intake(request, actor: "test")
        for _ in 0..<3 {
            _ = await engine.runOnce()
            if let current = try await store.fetchCase(onboarding.id), current.state == .waiting || current.state == .escalated { return current }
        }
        throw HarnessError("the case did not wait at correlate")
    }

    /// The case as the store has it now.
    func stored(_ id: CaseID) async throws -> OnboardingCase {
        guard let onboarding = try await store.fetchCase(id) else { throw HarnessError("case \(id) is gone") }
        return onboarding
    }

    /// The dashboard's forms post to its own origin, as a browser would.
    func action(_ client: any TestClientProtocol, jar: PortalHarness.Jar, _ id: CaseID, _ action: String, csrf: String?,
                extra: [(String, String)] = [], origin: String? = PortalHarness.publicURL) async throws -> (TestResponse, String) {
        var fields = extra
        if let csrf { fields.insert(("csrf", csrf), at: 0) }
        return try await portal.post(client, jar: jar, "/admin/cases/\(id.rawValue)/\(action)", fields, origin: origin)
    }
}
