import ArgumentParser
import Directory
import Foundation
import Hummingbird
import LDAPClient
import Metrics
import Prometheus
import Server
import ServiceLifecycle
import UnixSignals
import Logging
import Onboarding
import OnboardingEngine
import Store

/// `firstkey serve`: the case engine's workers against the directory, and the admin API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the onboarding engine: lease due cases and run their steps.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var directory: DirectoryOptions
    @Option(help: "File with the 32-byte AES key that seals secrets at rest (base64 or raw, mode 600). Env: FIRSTKEY_SEALING_KEY_FILE.")
    var sealingKeyFile: String?
    @Option(help: "Cases processed concurrently per round.") var batchSize = 16
    @Option(help: "Seconds a worker holds a case; after a crash, other workers take over once it expires.") var leaseSeconds: Double = 120
    @Option(help: "Stop once no step has been due for this many seconds (for demos and scripts).") var untilIdle: Double?
    @Option(help: "Address of the admin API and health probes.") var listen = "127.0.0.1:8080"
    @Flag(help: "Run only the workers, without the HTTP API.") var noHTTP = false

    func run() async throws {
        let logger = directory.logger()
        let metrics = MetricsEndpoint()
        MetricsSystem.bootstrap(metrics.factory)
        let pool = try await directory.pool()
        let ad = ActiveDirectory(pool: pool, searchBase: try directory.searchBase(), logger: logger)
        try await withStore(storeOptions, logger: logger) { store in
            let issuer = try SealedPasswordIssuer.fromConfiguration(keyFile: sealingKeyFile, store: store)
            let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(), runner: DirectoryStepRunner(directory: ad, issuer: issuer, logger: logger),
                                          configuration: .init(leaseDuration: leaseSeconds, batchSize: batchSize), logger: logger)
            if let untilIdle {
                var idleSince = ContinuousClock.now
                while ContinuousClock.now - idleSince < .milliseconds(Int64(untilIdle * 1000)) {
                    if await engine.runOnce() > 0 { idleSince = ContinuousClock.now } else { try await Task.sleep(for: .milliseconds(200)) }
                }
                await engine.checkDeadlines()
                try await store.releaseLeases(owner: engine.configuration.owner)
            } else {
                var services: [any Service] = [EngineService(engine: engine)]
                if !noHTTP {
                    let parts = listen.split(separator: ":")
                    guard parts.count == 2, let port = Int(parts[1]) else { throw ValidationError("--listen must be host:port, e.g. 127.0.0.1:8080.") }
                    services.append(Application(router: AdminAPI.router(engine: engine, store: store, metrics: metrics),
                                                configuration: .init(address: .hostname(String(parts[0]), port: port)), logger: logger))
                }
                // SIGINT/SIGTERM: the API stops accepting, in-flight steps finish, leases are released.
                let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
                try await group.run()
            }
        }
        await pool.shutdown()
    }
}

/// The engine's workers as a service: graceful shutdown cancels the loop, which then releases
/// this instance's leases.
struct EngineService: Service {
    let engine: OnboardingEngine
    func run() async throws {
        await cancelWhenGracefulShutdown { await engine.run() }
    }
}
