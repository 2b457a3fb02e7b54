import Foundation

/// `firstkey-fuzz`: feeds every intake (JSON, SCIM, Lifecycle Workflows callout, CSV) and the
/// LDAP decoders hostile input through the real code paths, with a seeded generator so every
/// case can be replayed. See scripts/fuzz and docs/benchmarks.md.
@main
struct FuzzMain {
    static func main() async {
        let options: FuzzOptions
        do {
            options = try FuzzOptions(arguments: Array(CommandLine.arguments.dropFirst()))
        } catch {
            print(error.description)
            exit(error.description == FuzzOptions.usage ? 0 : 2)
        }
        CrashCapture.install()
        let runner = FuzzRunner(options: options, watchdog: CaseWatchdog(bound: .seconds(options.caseTimeout), artifacts: options.artifacts))
        var failed = false
        for name in options.targets {
            do {
                if let replay = options.replay {
                    let verdict = try await withTarget(name) { target in await runner.replay(target, path: replay) }
                    print("\(name) \(replay): \(verdict)")
                    if case .failed = verdict { failed = true }
                    continue
                }
                let report = try await withTarget(name) { target in await runner.run(target) }
                failed = failed || report.failures > 0
                if options.json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                    print(String(decoding: try encoder.encode(report), as: UTF8.self))
                } else {
                    print(report.line)
                }
            } catch {
                print("\(name): could not set up the target: \(error)")
                failed = true
            }
        }
        exit(failed ? 1 : 0)
    }

    /// Builds a target with whatever it needs around it (router, store, simulated tenant) and tears it down after.
    static func withTarget<Value: Sendable>(_ name: String, _ body: @escaping @Sendable (any FuzzTarget) async throws -> Value) async throws -> Value {
        switch name {
        case "json": return try await HTTPIntakeFixture.with { try await body(OnboardingJSONTarget(fixture: $0)) }
        case "scim": return try await HTTPIntakeFixture.with { try await body(SCIMBulkTarget(fixture: $0)) }
        case "lwf": return try await LifecycleWorkflowTarget.with { try await body($0) }
        case "csv": return try await body(CSVTarget())
        default: return try await body(LDAPTarget())
        }
    }
}
