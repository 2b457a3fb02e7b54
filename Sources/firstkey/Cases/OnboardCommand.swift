import ArgumentParser
import Foundation
import Server
import Onboarding
import OnboardingEngine
import Store

/// `firstkey onboard`: intake of one hire from the command line.
struct OnboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "onboard", abstract: "Open an onboarding case for a new hire (idempotent: the same hire twice returns the existing case).")

    @OptionGroup var config: ConfigOptions
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Employee ID (AD employeeID).") var employeeID: String?
    @Option(help: "userPrincipalName.") var upn: String?
    @Option(help: "Entra object ID.") var entraObjectID: String?
    @Option(help: "sAMAccountName.") var sam: String?
    @Option(help: "Display name.") var displayName: String?
    @Option(help: "First working day, YYYY-MM-DD: the credential must work before it.") var hireDate: String
    @Option(help: "self-service, temporary-password or tap.") var mode: String = DeliveryMode.selfService.rawValue
    @Option(help: "The hire's mobile number (E.164).") var mobile: String?
    @Option(help: "The hire's private e-mail address.") var privateEmail: String?
    @Option(help: "The manager's e-mail address.") var managerEmail: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        guard let mode = DeliveryMode(rawValue: mode) else {
            throw ValidationError("--mode must be one of \(DeliveryMode.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        guard let date = IntakeValidation.parseDay(hireDate) else {
            throw ValidationError("--hire-date must be a date like 2026-12-01.")
        }
        let identity = HireIdentity(entraObjectID: entraObjectID, userPrincipalName: upn, employeeID: employeeID, samAccountName: sam, displayName: displayName)
        let recipients = Recipients(mobilePhone: mobile, privateEmail: privateEmail, managerEmail: managerEmail)
        let problems: [IntakeProblem] = IntakeValidation.problems(identity: identity, recipients: recipients, mode: mode)
        guard problems.isEmpty else { throw ValidationError(problems.map { "\($0.field): \($0.reason)" }.joined(separator: "\n")) }
        let logger = quietLogger()
        let (onboarding, created) = try await withStore(try await config.load(storeOptions), logger: logger) { store in
            let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(), runner: NoStepRunner(), logger: logger)
            return try await engine.intake(.init(identity: identity, hireDate: date, deliveryMode: mode, recipients: recipients, source: "cli"), actor: "cli")
        }
        if json {
            print(Output.json(["created": AnyEncodable(created), "case": AnyEncodable(CaseResource(onboarding))]))
        } else {
            print(created ? "Opened case \(onboarding.id)." : "This hire already has case \(onboarding.id); nothing new was created.")
            print(CaseResource(onboarding).text)
        }
    }
}

/// Intake only: no step runs in this process.
struct NoStepRunner: StepRunner {
    func run(_ kind: StepKind, for onboarding: OnboardingCase) async -> StepResult { StepResult(.retry(reason: "no worker in this process")) }
}

struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
