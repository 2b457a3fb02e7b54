import ArgumentParser
import Credentials
import Directory
import FirstkeyConfiguration
import Foundation
import LDAPClient
import Onboarding
import OnboardingEngine
import Store
import Synchronization

/// `firstkey bench engine`: N new hires taken in and run through the engine's directory steps
/// (correlate, check, prepare credential: a sealed temporary password written to AD) against a
/// real DC, in one process as `serve` would run them. Reports cases per second and the
/// process's resident memory over the run (see scripts/bench-engine).
struct BenchEngineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "engine", abstract: "Cases per second and memory of the engine's directory steps against a real DC.")

    @OptionGroup var config: ConfigOptions
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var directory: DirectoryOptions
    @Option(help: "Cases to onboard (the store must not hold them yet).") var cases = 10_000
    @Option(help: "Bench users, one per line: DN<TAB>sAMAccountName<TAB>employeeID[<TAB>userPrincipalName]. The cases name each hire by employee ID and, when given, UPN, as an HR feed does.") var usersFile: String
    @Option(help: "Cases processed concurrently per engine round.") var batchSize = 32
    @Option(help: "Pooled LDAP connections.") var connections = 4

    struct Report: Encodable {
        var store: String
        var cases: Int
        var prepared: Int
        var failed: Int
        var intakeSeconds: Double
        var engineSeconds: Double
        var casesPerSecond: Double
        var batchSize: Int
        var connections: Int
        var peakRSSMegabytes: Double
        /// Resident memory when 10 %, 25 %, 50 %, 75 % and 100 % of the cases were done.
        var rssMegabytesAtProgress: [String: Double]
        var firstFailure: String?
    }

    func run() async throws {
        let settings = try await config.load(storeOptions, self.directory)
        let directory = self.directory.access(settings)
        let hires = try String(contentsOfFile: usersFile, encoding: .utf8).split(separator: "\n").compactMap { line -> HireIdentity? in
            let fields = line.split(separator: "\t").map(String.init)
            return fields.count >= 3 ? HireIdentity(userPrincipalName: fields.count >= 4 ? fields[3] : nil, employeeID: fields[2]) : nil
        }
        guard hires.count >= cases else { throw ValidationError("The users file has \(hires.count) users; \(cases) cases need as many.") }
        let logger = directory.logger()
        let pool = try await directory.pool(maximumConnections: connections)
        let ad = ActiveDirectory(pool: pool, searchBase: try directory.searchBase(), logger: logger)
        let clock = ContinuousClock()

        let report = try await withStore(settings, logger: logger) { store in
            guard try await store.listCases(CaseFilter(limit: 1)).isEmpty else {
                throw ValidationError("The store already holds cases: give the benchmark an empty database.")
            }
            let issuer = SealedPasswordIssuer(store: store, sealer: SecretSealer(current: SealingKey.generate()))
            let progress = BenchProgress()
            // Every guard runs (its reads are part of the cost per hire); only the age limit is
            // lifted, since the benchmark's hires are recycled from run to run.
            let runner = CountingRunner(inner: DirectoryStepRunner(directory: ad, issuer: issuer, firstCredentialGuard: FirstCredentialGuard(maximumAccountAge: 3650 * 86_400),
                                                                   logger: logger), progress: progress)
            let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(), runner: runner,
                                          configuration: .init(leaseDuration: 300, batchSize: batchSize), logger: logger)

            let intakeStart = clock.now
            let hireDate = Date().addingTimeInterval(14 * 86_400)
            for identity in hires.prefix(cases) {
                _ = try await engine.intake(.init(identity: identity, hireDate: hireDate, deliveryMode: .temporaryPassword,
                                                  recipients: Recipients(mobilePhone: "+15550100000"), source: "bench"), actor: "bench")
            }
            let intakeSeconds = (clock.now - intakeStart).seconds

            var samples: [(done: Int, rss: Double)] = []
            let engineStart = clock.now
            var lastSample = clock.now
            while progress.done < cases {
                if await engine.runOnce() == 0 { try await Task.sleep(for: .milliseconds(50)) }
                if clock.now - lastSample >= .seconds(1) {
                    samples.append((progress.done, ResidentMemory.megabytes()))
                    lastSample = clock.now
                    FileHandle.standardError.write(Data("\rbench engine: \(progress.done)/\(cases) cases".utf8))
                }
            }
            let engineSeconds = (clock.now - engineStart).seconds
            samples.append((progress.done, ResidentMemory.megabytes()))
            FileHandle.standardError.write(Data("\n".utf8))
            try await store.releaseLeases(owner: engine.configuration.owner)

            var atProgress: [String: Double] = [:]
            for percent in [10, 25, 50, 75, 100] {
                let threshold = cases * percent / 100
                atProgress["\(percent)%"] = samples.first { $0.done >= threshold }?.rss
            }
            return Report(store: settings.postgresUrlFile == nil ? "sqlite" : "postgresql", cases: cases, prepared: progress.prepared, failed: progress.failed,
                          intakeSeconds: intakeSeconds, engineSeconds: engineSeconds, casesPerSecond: Double(progress.done) / engineSeconds,
                          batchSize: batchSize, connections: connections, peakRSSMegabytes: ResidentMemory.peakMegabytes(),
                          rssMegabytesAtProgress: atProgress, firstFailure: progress.firstFailure)
        }
        await pool.shutdown()
        if directory.json { print(Output.json(report)) } else {
            print(String(format: "%@: %d cases in %.1f s = %.1f cases/s, %d failed, peak RSS %.0f MB", report.store, report.cases, report.engineSeconds,
                         report.casesPerSecond, report.failed, report.peakRSSMegabytes))
        }
    }
}

/// Counts cases whose credential step has ended, so the benchmark knows when all are done.
final class BenchProgress: Sendable {
    private let state = Mutex<(prepared: Int, failed: Int, firstFailure: String?)>((0, 0, nil))
    var done: Int { state.withLock { $0.prepared + $0.failed } }
    var prepared: Int { state.withLock { $0.prepared } }
    var failed: Int { state.withLock { $0.failed } }
    var firstFailure: String? { state.withLock { $0.firstFailure } }

    func record(_ outcome: StepOutcome) {
        state.withLock { state in
            switch outcome {
            case .succeeded: state.prepared += 1
            case .failed(let reason):
                state.failed += 1
                if state.firstFailure == nil { state.firstFailure = reason }
            default: break
            }
        }
    }
}

struct CountingRunner: StepRunner {
    let inner: DirectoryStepRunner
    let progress: BenchProgress

    func run(_ kind: StepKind, for onboarding: OnboardingCase) async -> StepResult {
        let result = await inner.run(kind, for: onboarding)
        switch result.outcome {
        case .succeeded where kind == .prepareCredential, .failed where kind != .deliver: progress.record(result.outcome)
        default: break
        }
        return result
    }
}

/// This process's resident memory, from /proc (Linux).
enum ResidentMemory {
    static func megabytes() -> Double { field("VmRSS:") }
    static func peakMegabytes() -> Double { field("VmHWM:") }

    private static func field(_ name: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
              let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes / 1024
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
