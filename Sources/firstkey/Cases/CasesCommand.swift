import ArgumentParser
import FirstkeyConfiguration
import Foundation
import Server
import Onboarding
import OnboardingEngine
import Store

struct CasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cases", abstract: "List, show, retry, re-send, reissue and cancel onboarding cases.",
                                                    subcommands: [List.self, Show.self, Retry.self, Resend.self, Approve.self, Reissue.self, Cancel.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List cases, soonest hire date first.")
        @OptionGroup var config: ConfigOptions
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Only cases in this state (repeatable): \(CaseState.allCases.map(\.rawValue).joined(separator: ", ")).") var state: [String] = []
        @Option(help: "At most this many.") var limit = 100
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let states = try Set(state.map { name in
                guard let value = CaseState(rawValue: name) else { throw ValidationError("Unknown state '\(name)'.") }
                return value
            })
            let cases = try await withStore(try await config.load(storeOptions), logger: quietLogger()) { try await $0.listCases(CaseFilter(states: states, limit: limit)) }
            if json {
                print(Output.json(cases.map { CaseResource($0) }))
                return
            }
            if cases.isEmpty { print("No cases."); return }
            print(Output.table([("CASE", "STATE  HIRE DATE  MODE  HIRE  CURRENT STEP")]))
            for onboarding in cases {
                let report = CaseResource(onboarding)
                let who = onboarding.identity.samAccountName ?? onboarding.identity.userPrincipalName ?? onboarding.identity.employeeID ?? "?"
                let step = onboarding.currentStep.map { "\($0.kind.rawValue)\($0.lastError.map { " (\($0))" } ?? "")" } ?? "-"
                print("\(report.id)  \(report.state)  \(report.hireDate)  \(report.deliveryMode)  \(who)  \(step)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one case with its steps and audit trail.")
        @OptionGroup var config: ConfigOptions
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The case ID.") var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let report = try await withStore(try await config.load(storeOptions), logger: quietLogger()) { store -> CaseResource? in
                guard let onboarding = try await store.fetchCase(CaseID(rawValue: id)) else { return nil }
                return CaseResource(onboarding, audit: try await store.auditTrail(of: onboarding.id))
            }
            guard let report else { throw failure("No case \(id).", json: json, code: "not-found") }
            print(json ? Output.json(report) : report.text)
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a failed, escalated or waiting case's current step due again now.")
        @OptionGroup var config: ConfigOptions
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The case ID.") var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await administer(try await config.load(storeOptions), json: json) { engine in try await engine.retry(CaseID(rawValue: id), actor: "cli") }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Let a case held by the new-cases ceiling (guard.maximumNewCasesPerHour) run (audited).")
        @OptionGroup var config: ConfigOptions
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The case ID.") var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await administer(try await config.load(storeOptions), json: json) { engine in try await engine.approve(CaseID(rawValue: id), actor: cliActor()) }
        }
    }

    struct Reissue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Allow a case a first credential although another case already gave the same account one (audited).",
            discussion: "Every other guard still applies: an account that has logged on, a tier-0 or protected account, one outside the target OU never gets one.")
        @OptionGroup var config: ConfigOptions
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The case ID.") var id: String
        @Option(help: "Why the hire needs a second first credential (kept in the audit trail).") var reason: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("Give the reason with --reason \"…\".") }
            try await administer(try await config.load(storeOptions), json: json) { engine in
                try await engine.approveReissue(CaseID(rawValue: id), actor: cliActor(), reason: reason)
            }
        }
    }

    struct Resend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send the credential (or the portal link) again, as a new message.")
        @OptionGroup var config: ConfigOptions
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The case ID.") var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await administer(try await config.load(storeOptions), json: json) { engine in try await engine.resend(CaseID(rawValue: id), actor: "cli") }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a case; its secrets are wiped.")
        @OptionGroup var config: ConfigOptions
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The case ID.") var id: String
        @Option(help: "Why (kept in the audit trail).") var reason: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await administer(try await config.load(storeOptions), json: json) { engine in try await engine.cancel(CaseID(rawValue: id), actor: "cli", reason: reason) }
        }
    }
}

func administer(_ settings: FirstkeySettings, json: Bool, _ change: (OnboardingEngine) async throws -> OnboardingCase) async throws {
    let logger = quietLogger()
    do {
        let updated = try await withStore(settings, logger: logger) { store in
            try await change(OnboardingEngine(store: store, lifecycle: CaseLifecycle(), runner: NoStepRunner(), logger: logger))
        }
        print(json ? Output.json(CaseResource(updated)) : CaseResource(updated).text)
    } catch let error as LifecycleError {
        throw failure(error.reason, json: json, code: "refused")
    } catch let error as StoreError {
        throw failure(error.message, json: json, code: error.code.description)
    }
}

/// Reports a failure in words (or JSON) and returns the exit code to throw.
func failure(_ message: String, json: Bool, code: String) -> ExitCode {
    print(json ? Output.json(["error": ["code": code, "message": message]]) : "error: \(message)")
    return ExitCode.failure
}

/// Who acts from the command line, for the audit trail: `cli:<login>` (the sudo caller's, if any).
func cliActor() -> String {
    let environment = ProcessInfo.processInfo.environment
    return "cli:\(environment["SUDO_USER"] ?? environment["USER"] ?? "?")"
}
