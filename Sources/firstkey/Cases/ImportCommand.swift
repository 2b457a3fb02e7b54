import ArgumentParser
import Foundation
import Onboarding
import OnboardingEngine
import Store

/// `firstkey import FILE.csv`: every row validated first; by default nothing is imported when any
/// row is rejected, so a file is never half-imported silently.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Open onboarding cases from a CSV file (header: employeeId, userPrincipalName, entraObjectId, samAccountName, displayName, hireDate, deliveryMode, mobile, privateEmail, managerEmail)."
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The CSV file.") var file: String
    @Option(help: "Delivery mode for rows without one.") var defaultMode: String = DeliveryMode.selfService.rawValue
    @Flag(help: "Import the valid rows even when others are rejected (the rejects are still reported; exit status 2).") var skipInvalid = false
    @Flag(help: "Print a JSON report.") var json = false

    struct Report: Encodable {
        struct Imported: Encodable { var line: Int; var caseID: String; var created: Bool }
        var file: String
        var rows: Int
        var created: Int
        var alreadyOpen: Int
        var imported: [Imported]
        var rejects: [CSVIntake.Reject]
        var importedAnything: Bool
    }

    func run() async throws {
        guard let mode = DeliveryMode(rawValue: defaultMode) else { throw ValidationError("--default-mode must be one of \(DeliveryMode.allCases.map(\.rawValue).joined(separator: ", ")).") }
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("The file '\(file)' cannot be read.") }
        guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("The file '\(file)' is not UTF-8 text.") }
        let parsed = CSVIntake.parse(text, defaultMode: mode)
        var report = Report(file: file, rows: parsed.rows.count + Set(parsed.rejects.map(\.line)).count, created: 0, alreadyOpen: 0, imported: [], rejects: parsed.rejects, importedAnything: false)

        if !parsed.rejects.isEmpty && !skipInvalid {
            emit(report, note: "Nothing was imported: \(Set(parsed.rejects.map(\.line)).count) row(s) rejected. Fix them, or pass --skip-invalid to import the other \(parsed.rows.count).")
            throw ExitCode.failure
        }
        let logger = quietLogger()
        let progress = ProgressBar(total: parsed.rows.count, label: "importing")
        do {
            try await withStore(try await config.load(storeOptions), logger: logger) { store in
                let engine = OnboardingEngine(store: store, lifecycle: CaseLifecycle(), runner: NoStepRunner(), logger: logger)
                for row in parsed.rows {
                    let (onboarding, created) = try await engine.intake(.init(identity: row.record.identity, hireDate: row.record.hireDate, deliveryMode: row.record.deliveryMode,
                                                                                recipients: row.record.recipients, source: "csv"), actor: "csv:\(URL(fileURLWithPath: file).lastPathComponent)")
                    report.imported.append(.init(line: row.line, caseID: onboarding.id.rawValue, created: created))
                    if created { report.created += 1 } else { report.alreadyOpen += 1 }
                    report.importedAnything = true
                    progress.advance()
                }
            }
        } catch {
            progress.finish()
            emit(report, note: "The import stopped at an error after \(report.imported.count) of \(parsed.rows.count) rows (the imported ones are listed): \(error)")
            throw ExitCode.failure
        }
        progress.finish()
        emit(report, note: "Imported \(report.imported.count) row(s): \(report.created) new case(s), \(report.alreadyOpen) already open." + (parsed.rejects.isEmpty ? "" : " \(Set(parsed.rejects.map(\.line)).count) row(s) rejected."))
        if !parsed.rejects.isEmpty { throw ExitCode(2) }
    }

    private func emit(_ report: Report, note: String) {
        if json {
            print(Output.json(report))
            return
        }
        for reject in report.rejects { print("line \(reject.line): \(reject.field): \(reject.reason)") }
        print(note)
    }
}

/// A progress bar on standard error, drawn only when it is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private let label: String
    private var done = 0
    private let enabled = isatty(STDERR_FILENO) == 1

    init(total: Int, label: String) {
        self.total = max(total, 1)
        self.label = label
    }

    func advance() {
        done += 1
        guard enabled else { return }
        let width = 30
        let filled = width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(done)/\(total)".utf8))
    }

    func finish() {
        if enabled && done > 0 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
