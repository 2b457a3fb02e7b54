import ArgumentParser
import Directory
import Foundation
import LDAPClient
import Logging
import Onboarding
import OnboardingEngine
import Store

/// `firstkey serve`: the case engine's workers against the directory (the HTTP API joins later).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the onboarding engine: lease due cases and run their steps.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var directory: DirectoryOptions
    @Option(help: "File with the 32-byte AES key that seals secrets at rest (base64 or raw, mode 600). Env: FIRSTKEY_SEALING_KEY_FILE.")
    var sealingKeyFile: String?
    @Option(help: "Cases processed concurrently per round.") var batchSize = 16
    @Option(help: "Seconds a worker holds a case; after a crash, other workers take over once it expires.") var leaseSeconds: Double = 120
    @Option(help: "Stop once no step has been due for this many seconds (for demos and scripts).") var untilIdle: Double?

    func run() async throws {
        let logger = directory.logger()
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
                let worker = Task { await engine.run() }
                await ShutdownSignal.wait()
                logger.notice("shutting down: finishing in-flight steps and releasing leases")
                worker.cancel()
                await worker.value
            }
        }
        await pool.shutdown()
    }
}

/// Waits for SIGINT or SIGTERM.
enum ShutdownSignal {
    static func wait() async {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let queue = DispatchQueue(label: "firstkey.signals")
            let sources = [SIGINT, SIGTERM].map { DispatchSource.makeSignalSource(signal: $0, queue: queue) }
            let fired = Fired()
            for source in sources {
                source.setEventHandler {
                    if fired.first() { continuation.resume() }
                }
                source.resume()
            }
            Retainer.keep(sources)
        }
    }

    final class Fired: @unchecked Sendable {
        private var done = false
        private let lock = NSLock()
        func first() -> Bool { lock.withLock { defer { done = true }; return !done } }
    }

    enum Retainer {
        nonisolated(unsafe) static var sources: [any DispatchSourceSignal] = []
        static func keep(_ new: [any DispatchSourceSignal]) { sources += new }
    }
}
