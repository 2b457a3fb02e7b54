import Credentials
import Foundation
import Hummingbird
import Logging
import NIOCore
import Onboarding
import Server
import Store
import Synchronization
import TestSupport

/// The real clock, plus whatever the test skips ahead.
final class SkippingClock: Sendable {
    private let skipped = Mutex<TimeInterval>(0)

    var now: Date { Date().addingTimeInterval(skipped.withLock { $0 }) }

    func skip(_ seconds: TimeInterval) { skipped.withLock { $0 += seconds } }
}

/// One hire's pickup, as their two messages carry it.
struct BrowserPickup: Sendable {
    let caseID: CaseID
    let token: String
    let code: String
    let secret: PickupSecret

    var tokenDigest: String { PickupSecrets.tokenDigest(token) }
}

/// Firstkey's pickup page served in-process on 127.0.0.1 (a free port), on a real SQLite store.
struct PickupSite: Sendable {
    let store: SQLiteCaseStore
    let sealer: SecretSealer
    let clock: SkippingClock
    let port: Int

    var base: String { "http://127.0.0.1:\(port)" }

    func url(_ pickup: BrowserPickup) -> String { "\(base)/pickup/\(pickup.token)" }

    static func serve(_ body: @Sendable (PickupSite) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-browser-\(UUID().uuidString).sqlite").path
        let store = try await SQLiteCaseStore.open(path: path)
        let sealer = SecretSealer(current: SealingKey.generate())
        let clock = SkippingClock()
        let router = Router()
        PickupPage(store: store, sealer: sealer, organization: "Contoso", helpContact: "the IT service desk (+49 30 1234567)",
                   secureCookies: false, timeZone: TimeZone(identifier: "Europe/Berlin")!, now: { clock.now }).addRoutes(to: router)
        var logger = Logger(label: "browser-tests")
        logger.logLevel = .critical  // stopping the server at the end logs a harmless "already closed"
        let (ready, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await app.runService(gracefulShutdownSignals: []) }
                defer { group.cancelAll() }
                var port = 0
                for await value in ready {
                    port = value
                    break
                }
                try await body(PickupSite(store: store, sealer: sealer, clock: clock, port: port))
            }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    /// A case whose credential waits on the pickup page, as the deliver step leaves it.
    func seed(_ kind: PickupSecret.Kind = .temporaryPassword, lifetime: TimeInterval = 72 * 3600) async throws -> BrowserPickup {
        let now = clock.now
        // What the engine would make: a random 16-character password, or a TAP-like value.
        let value = try PasswordGenerator().generate(style: .random, requirements: PasswordRequirements(minimumLength: 12),
                                                     length: kind == .temporaryPassword ? 16 : 12).value
        TestSecrets.record(value)
        let secret = kind == .temporaryPassword ? PickupSecret(kind: kind, value: value)
            : PickupSecret(kind: kind, value: value, validFrom: now, validUntil: now.addingTimeInterval(8 * 3600))
        let onboarding = OnboardingCase(intakeKey: "browser:\(UUID().uuidString)", identity: HireIdentity(employeeID: "B\(Int.random(in: 1000...9999))"),
                                        hireDate: now.addingTimeInterval(7 * 86400), deliveryMode: kind == .temporaryPassword ? .temporaryPassword : .tap,
                                        recipients: Recipients(mobilePhone: "+15550100"), source: "api", createdAt: now)
        let started = CaseLifecycle().start(onboarding, at: now, actor: "browser-test")
        _ = try await store.createCase(started.updated, audit: started.audit)
        let halves = PickupSecrets.generate()
        TestSecrets.record(halves.token)
        let id = started.updated.id
        try await store.createPickup(PickupTicket(caseID: id, tokenDigest: PickupSecrets.tokenDigest(halves.token),
                                                  codeDigest: PickupCodeDigester(sealingKey: sealer.current).digest(halves.code, caseID: id.rawValue),
                                                  attempts: PickupPolicy().maximumAttempts, createdAt: now, expiresAt: now.addingTimeInterval(lifetime)))
        try await store.storeSealedSecret(try sealer.seal(try secret.document(), context: id.rawValue).storageText, kind: PickupSecret.secretKind, for: id, at: now)
        return BrowserPickup(caseID: id, token: halves.token, code: halves.code, secret: secret)
    }

    func ticket(_ pickup: BrowserPickup) async throws -> PickupTicket? {
        try await store.pickup(tokenDigest: pickup.tokenDigest)
    }

    func secretIsStored(_ pickup: BrowserPickup) async throws -> Bool {
        try await store.sealedSecret(kind: PickupSecret.secretKind, for: pickup.caseID) != nil
    }
}
