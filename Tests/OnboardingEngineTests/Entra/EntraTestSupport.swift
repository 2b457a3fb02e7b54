import Credentials
import Directory
import FirstkeySimulator
import Foundation
import LDAP
import Logging
import Microsoft
import Onboarding
import Store
import TestSupport
@testable import OnboardingEngine

/// Simulator, client and step logs stay out of test output.
let entraQuietLogger = Logger(label: "onboarding-engine-tests", factory: { _ in SwiftLogNoOpLogHandler() })

/// An in-memory directory: finds accounts by the same identifiers AD does (binary SID and
/// GUIDs, case-insensitive names), and knows which are protected.
struct FakeDirectory: DirectoryAccountReader {
    var accounts: [ADUser]
    var protectedDNs: Set<String> = []
    var failure: DirectoryError?

    func findUsers(_ query: ADUserQuery, limit: Int32) async throws -> [ADUser] {
        if let failure { throw failure }
        let found = accounts.filter { account in
            switch query {
            case .objectSid(let sid): account.objectSid == sid
            case .objectGUID(let guid): account.objectGUID == guid
            case .consistencyGuid(let guid): account.consistencyGuid == guid
            case .samAccountName(let name): account.samAccountName?.lowercased() == name.lowercased()
            case .userPrincipalName(let upn): account.userPrincipalName?.lowercased() == upn.lowercased()
            case .employeeID(let id): account.employeeID == id
            case .distinguishedName(let dn): account.dn.lowercased() == dn.lowercased()
            }
        }
        return limit > 0 ? Array(found.prefix(Int(limit))) : found
    }

    func protectionReason(for user: ADUser) async throws -> String? {
        protectedDNs.contains(user.dn) ? "it is a member of the protected group Domain Admins" : nil
    }

    func firstCredentialRefusals(for user: ADUser, guard firstCredentialGuard: FirstCredentialGuard, now: Date) async throws -> (user: ADUser, refusals: [String]) {
        if let failure { throw failure }
        let current = accounts.first { $0.dn == user.dn } ?? user
        return (current, firstCredentialGuard.refusals(of: current, groups: [], denied: [:], now: now))
    }
}

/// AD accounts as the directory would return them.
enum Accounts {
    static func randomGUID() throws -> ObjectGUID {
        try ObjectGUID(bytes: (0..<16).map { _ in UInt8.random(in: 0...255) })
    }

    static func randomSID() -> String {
        "S-1-5-21-1004336348-1177238915-682003330-\(Int.random(in: 1100...99_999))"
    }

    static func account(sam: String, sid: String? = nil, guid: ObjectGUID? = nil, consistencyGuid: ObjectGUID? = nil,
                        employeeID: String? = nil, userPrincipalName: String? = nil) throws -> ADUser {
        var attributes = [
            LDAPAttribute(name: "sAMAccountName", strings: [sam]),
            LDAPAttribute(name: "displayName", strings: ["Test \(sam)"]),
            LDAPAttribute(name: "userAccountControl", strings: ["514"]),
            LDAPAttribute(name: "objectGUID", values: [(try guid ?? randomGUID()).bytes]),
        ]
        if let sid { attributes.append(LDAPAttribute(name: "objectSid", values: [try SecurityIdentifier(string: sid).bytes])) }
        if let consistencyGuid { attributes.append(LDAPAttribute(name: "mS-DS-ConsistencyGuid", values: [consistencyGuid.bytes])) }
        if let employeeID { attributes.append(LDAPAttribute(name: "employeeID", strings: [employeeID])) }
        if let userPrincipalName { attributes.append(LDAPAttribute(name: "userPrincipalName", strings: [userPrincipalName])) }
        return try ADUser(entry: SearchResultEntry(dn: "CN=\(sam),OU=Staff,DC=ad,DC=example,DC=test", attributes: attributes))
    }
}

/// A running simulator with Firstkey's app registered, a Graph client pointed at it over HTTP,
/// and a fresh SQLite store with a sealing key.
struct EntraTestEnvironment {
    static let graphRoles = ["User.Read.All", "UserAuthenticationMethod.ReadWrite.All"]
    /// Fails at once: a throttled or failing Graph surfaces as the step's outcome.
    static let noRetries = Microsoft.RetryPolicy(maximumAttempts: 1)
    static let fastRetries = Microsoft.RetryPolicy(maximumAttempts: 3, maximumTotalDuration: .seconds(30), baseDelay: .milliseconds(5), maximumDelay: .milliseconds(20))

    let simulator: FirstkeySimulator
    let graph: GraphClient
    let store: SQLiteCaseStore
    let databasePath: String
    let sealer: SecretSealer

    static func with<T>(retryPolicy: Microsoft.RetryPolicy = fastRetries, roles: [String] = graphRoles,
                        _ body: (EntraTestEnvironment) async throws -> T) async throws -> T {
        let simulator = try await FirstkeySimulator.start(logger: entraQuietLogger)
        let secret = "sim~" + UUID().uuidString
        let application = SimulatedApplication(secrets: [secret], grantedRoles: roles)
        simulator.registerApplication(application)
        let configuration = try EntraConfiguration(
            tenantID: simulator.tenantID, clientID: application.clientID, credential: .secret(try EntraClientSecret(secret)),
            authorityHost: URL(string: simulator.httpURL)!, graphBaseURL: URL(string: simulator.httpURL + "/v1.0")!)
        let transport = try AsyncHTTPClientTransport(configuration: configuration)
        let graph = GraphClient(configuration: configuration, tokens: EntraTokenClient(configuration: configuration, transport: transport, logger: entraQuietLogger),
                                transport: transport, retryPolicy: retryPolicy, logger: entraQuietLogger)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-entra-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path, logger: entraQuietLogger)
        let environment = EntraTestEnvironment(simulator: simulator, graph: graph, store: store, databasePath: path,
                                               sealer: SecretSealer(current: SealingKey.generate()))
        do {
            let result = try await body(environment)
            await store.close()
            try await transport.shutdown()
            try await simulator.shutdown()
            return result
        } catch {
            await store.close()
            try? await transport.shutdown()
            try? await simulator.shutdown()
            throw error
        }
    }

    func steps(_ directory: FakeDirectory, settings: TemporaryAccessPassSettings = TemporaryAccessPassSettings(), sealed: Bool = true) -> EntraSteps {
        let simulator = self.simulator
        return EntraSteps(graph: graph, directory: directory, store: store, sealer: sealed ? sealer : nil, temporaryAccessPasses: settings,
                          logger: entraQuietLogger, now: { simulator.now })
    }

    /// A case in the store (sealed secrets belong to a case).
    func newCase(_ identity: HireIdentity, mode: DeliveryMode = .tap, hireInDays days: Double = 7) async throws -> OnboardingCase {
        let onboarding = OnboardingCase(intakeKey: identity.intakeKey ?? "test:\(UUID().uuidString)", identity: identity,
                                        hireDate: simulator.now.addingTimeInterval(days * 86_400), deliveryMode: mode,
                                        recipients: Recipients(mobilePhone: "+15550100"), source: "test", createdAt: simulator.now)
        return try await store.createCase(onboarding, audit: []).onboarding
    }

    /// A synced hire: an Entra user and the AD account it came from, linked by SID and immutable ID.
    func syncedHire(employeeID: String = "E\(Int.random(in: 100_000...999_999))") throws -> (user: SimulatedUser, account: ADUser) {
        let sam = "hire\(String(UInt32.random(in: 0..<UInt32.max), radix: 36))"
        let sid = Accounts.randomSID()
        let guid = try Accounts.randomGUID()
        let account = try Accounts.account(sam: sam, sid: sid, guid: guid, employeeID: employeeID, userPrincipalName: "\(sam)@contoso.com")
        let user = SimulatedUser(userPrincipalName: "\(sam)@contoso.com", displayName: "Test \(sam)", accountEnabled: false, employeeId: employeeID,
                                 onPremisesSecurityIdentifier: sid, onPremisesImmutableId: guid.base64, onPremisesSamAccountName: sam,
                                 onPremisesSyncEnabled: true, onPremisesDomainName: "contoso.com")
        simulator.addUser(user)
        return (user, account)
    }

    /// Everything SQLite wrote for the store: the database and its write-ahead log.
    func databaseBytes() -> Data {
        var bytes = Data()
        for suffix in ["", "-wal", "-shm", "-journal"] {
            if let data = FileManager.default.contents(atPath: databasePath + suffix) { bytes.append(data) }
        }
        return bytes
    }
}

extension Data {
    func contains(_ text: String) -> Bool { range(of: Data(text.utf8)) != nil }
}

extension StepOutcome {
    var isSucceeded: Bool { if case .succeeded = self { true } else { false } }
    var isRetry: Bool { if case .retry = self { true } else { false } }
    var isWait: Bool { if case .wait = self { true } else { false } }
    var isFailed: Bool { if case .failed = self { true } else { false } }
    var isAttention: Bool { if case .attention = self { true } else { false } }
    var text: String {
        switch self {
        case .succeeded(let text), .retry(let text), .wait(let text), .failed(let text), .attention(let text): text
        }
    }
}
