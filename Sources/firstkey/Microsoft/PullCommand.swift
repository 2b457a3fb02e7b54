import ArgumentParser
import FirstkeyConfiguration
import Foundation
import Onboarding
import OnboardingEngine
import Server

/// `firstkey pull`: one discovery run of pull mode, by hand — what `serve` does every
/// pull.intervalMinutes when pull.enabled is set.
struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pull", abstract: "Discover new hires in Entra by employeeHireDate and open their cases (one run).")

    @OptionGroup var config: ConfigOptions
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Days ahead to look (default: pull.lookaheadDays, 14).") var lookaheadDays: Int?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let settings = try await config.load(storeOptions)
        let logger = quietLogger()
        guard let microsoft = try MicrosoftConnection.open(settings, logger: logger) else {
            throw ValidationError("Entra is not configured: set entra.tenantID, entra.clientID and a credential (see docs/microsoft.md).")
        }
        do {
            let report = try await withStore(settings, logger: logger) { store in
                let engine = OnboardingEngine(store: store, lifecycle: settings.lifecycle, runner: NoStepRunner(), logger: logger)
                return try await HireDiscovery(graph: microsoft.graph, engine: engine, lookaheadDays: lookaheadDays ?? settings.pull.lookaheadDays,
                                               deliveryMode: DeliveryMode(rawValue: settings.pull.deliveryMode) ?? .selfService, logger: logger).runOnce(now: Date())
            }
            await microsoft.shutdown()
            if json { print(Output.json(report)); return }
            print("\(report.found) hire(s) with a hire date from \(CaseResource.day(report.windowStart)) to \(CaseResource.day(report.windowEnd)): "
                  + "\(report.opened.count) new case(s), \(report.existing) already known, \(report.skipped.count) skipped")
            for id in report.opened { print("  opened \(id)") }
            for skipped in report.skipped { print("  skipped \(skipped.user): \(skipped.reason)") }
        } catch {
            await microsoft.shutdown()
            throw error
        }
    }
}
