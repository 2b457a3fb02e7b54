import ArgumentParser
import Credentials
import FirstkeyConfiguration
import Foundation
import Hummingbird
import Logging
import Onboarding
import Server
import Store

/// `firstkey bench pickup`: the pickup page as `serve` will run it, over a store seeded with N
/// cases that each have an open pickup ticket and a sealed secret, for scripts/bench-pickup's
/// load generator. Writes TOKEN<TAB>CODE<TAB>SECRET lines to a mode 600 file (the benchmark's
/// own made-up secrets: the load generator checks that each reveal shows the right one), then
/// serves until SIGTERM or SIGINT.
struct BenchPickupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pickup", abstract: "Serve the pickup page over N seeded tickets (see scripts/bench-pickup).")

    @OptionGroup var config: ConfigOptions
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Cases to seed, each with an open pickup ticket and a sealed secret (the store must not hold cases yet).") var cases = 10_000
    @Option(help: "Where to write TOKEN<TAB>CODE<TAB>SECRET, one ticket a line (created with mode 600; must not exist).") var secretsFile: String
    @Option(help: "Address to serve the pickup page on.") var listen = "127.0.0.1:8090"
    @Option(help: "Tickets stored concurrently while seeding.") var seedConcurrency = 16
    @Option(help: "SQLite's PRAGMA synchronous: normal (the service's default: a reveal survives a crash of the process) or full (a power loss too).")
    var sqliteSynchronous: String = "normal"

    func run() async throws {
        let settings = try await config.load(storeOptions)
        guard listen.split(separator: ":").count == 2, listen.split(separator: ":").last.flatMap({ Int($0) }) != nil else {
            throw ValidationError("--listen must be host:port, e.g. 127.0.0.1:8090.")
        }
        guard cases > 0, seedConcurrency > 0 else { throw ValidationError("--cases and --seed-concurrency must be positive.") }
        guard !FileManager.default.fileExists(atPath: secretsFile),
              FileManager.default.createFile(atPath: secretsFile, contents: nil, attributes: [.posixPermissions: 0o600]),
              let output = FileHandle(forWritingAtPath: secretsFile) else {
            throw ValidationError("--secrets-file '\(secretsFile)' exists already or cannot be created.")
        }
        defer { try? output.close() }
        let logger = quietLogger()
        let sealer = SecretSealer(current: SealingKey.generate())
        let policy = PickupPolicy()

        guard let synchronous = SQLiteCaseStore.Synchronous(rawValue: sqliteSynchronous.uppercased()) else {
            throw ValidationError("--sqlite-synchronous must be normal or full.")
        }
        if settings.postgresUrlFile == nil {
            let store = try await SQLiteCaseStore.open(path: settings.database, synchronous: synchronous, logger: logger)
            do {
                try await serve(store, sealer: sealer, policy: policy, output: output, logger: logger, storeName: "sqlite, synchronous \(synchronous.rawValue)")
            } catch {
                await store.close()
                throw error
            }
            await store.close()
        } else {
            try await withStore(settings, logger: logger) { store in
                try await serve(store, sealer: sealer, policy: policy, output: output, logger: logger, storeName: "postgresql")
            }
        }
    }

    private func serve(_ store: any CaseStore, sealer: SecretSealer, policy: PickupPolicy, output: FileHandle, logger: Logger, storeName: String) async throws {
        let parts = listen.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]) else { throw ValidationError("--listen must be host:port, e.g. 127.0.0.1:8090.") }
        guard try await store.listCases(CaseFilter(limit: 1)).isEmpty else {
            throw ValidationError("The store already holds cases: give the benchmark an empty database.")
        }
        let clock = ContinuousClock()
        let started = clock.now
        let digester = PickupCodeDigester(sealingKey: sealer.current)
        let lifecycle = CaseLifecycle()
        let now = Date()
        var lines: [String] = []
        lines.reserveCapacity(cases)
        try await withThrowingTaskGroup(of: String.self) { group in
            var next = 0
            func seedOne(_ number: Int) throws -> @Sendable () async throws -> String {
                let onboarding = OnboardingCase(intakeKey: "bench-pickup:\(number)", identity: HireIdentity(employeeID: String(format: "PB%06d", number)),
                                                hireDate: now.addingTimeInterval(14 * 86_400), deliveryMode: .temporaryPassword,
                                                recipients: Recipients(mobilePhone: "+15550100000"), source: "bench", createdAt: now)
                let transition = lifecycle.start(onboarding, at: now, actor: "bench")
                let caseID = transition.updated.id
                let pickup = PickupSecrets.generate()
                let value = "fkbench-" + (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
                let sealed = try sealer.seal(try PickupSecret(kind: .temporaryPassword, value: value).document(), context: caseID.rawValue).storageText
                let ticket = PickupTicket(caseID: caseID, tokenDigest: PickupSecrets.tokenDigest(pickup.token),
                                          codeDigest: digester.digest(pickup.code, caseID: caseID.rawValue), attempts: policy.maximumAttempts,
                                          createdAt: now, expiresAt: now.addingTimeInterval(policy.lifetime))
                let line = "\(pickup.token)\t\(pickup.code)\t\(value)"
                return {
                    _ = try await store.createCase(transition.updated, audit: transition.audit)
                    try await store.storeSealedSecret(sealed, kind: PickupSecret.secretKind, for: caseID, at: now)
                    try await store.createPickup(ticket)
                    return line
                }
            }
            while next < min(seedConcurrency, cases) {
                group.addTask(operation: try seedOne(next))
                next += 1
            }
            while let line = try await group.next() {
                lines.append(line)
                if next < cases {
                    group.addTask(operation: try seedOne(next))
                    next += 1
                }
            }
        }
        output.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        try output.close()
        let seconds = (clock.now - started).seconds
        FileHandle.standardError.write(Data(String(format: "bench pickup: %d tickets seeded in %.1f s\n", cases, seconds).utf8))

        let page = PickupPage(store: store, sealer: sealer, policy: policy, organization: "Firstkey benchmark",
                              helpContact: "nobody (a benchmark)", secureCookies: false)
        let router = Router()
        page.addRoutes(to: router)
        // The ceiling: what Hummingbird answers per second on this machine for a POST that
        // does nothing (scripts/bench-pickup --trivial measures it with the same client).
        router.post("bench/trivial") { _, _ in "trivial" }
        let ready = "bench pickup: ready on http://\(listen) (\(cases) tickets, \(storeName))\n"
        let app = Application(router: router, configuration: .init(address: .hostname(String(parts[0]), port: port)),
                              onServerRunning: { _ in FileHandle.standardOutput.write(Data(ready.utf8)) }, logger: logger)
        // SIGTERM/SIGINT end it
        try await app.runService()
    }
}
