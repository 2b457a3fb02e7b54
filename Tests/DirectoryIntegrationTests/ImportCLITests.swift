import Foundation
import Testing

/// `firstkey import` and `firstkey cases` as an administrator uses them (SQLite, no servers needed).
@Suite struct ImportCLITests {
    static func temporaryFile(_ name: String, _ contents: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-\(UUID().uuidString)-\(name)").path
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aFileWithRejectsImportsNothingAndSaysWhy() async throws {
        let database = try Self.temporaryFile("db.sqlite", "")
        try FileManager.default.removeItem(atPath: database)
        let csv = try Self.temporaryFile("hires.csv", "employeeId,hireDate,mobile\nE1,2026-12-01,\nE2,2026-12-40,\n")
        let result = try await ProcessRunner.run(CLITests.binary, ["import", csv, "--database", database])
        #expect(result.status == 1)
        #expect(result.stdout.contains("line 3: hireDate: must be a date like 2026-12-01"))
        #expect(result.stdout.contains("Nothing was imported"))
        let list = try await ProcessRunner.run(CLITests.binary, ["cases", "list", "--database", database, "--json"])
        #expect(list.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]" || list.stdout.contains("[]"))
    }

    @Test func skipInvalidImportsTheRestAndReimportIsIdempotent() async throws {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-\(UUID().uuidString).sqlite").path
        let csv = try Self.temporaryFile("hires.csv", "employeeId,hireDate,deliveryMode,mobile\nE1,2026-12-01,temporary-password,+15550100001\nE2,2026-12-40,,\nE3,2026-12-03,,\n")
        let first = try await ProcessRunner.run(CLITests.binary, ["import", csv, "--database", database, "--skip-invalid", "--json"])
        #expect(first.status == 2)
        let report = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any]
        #expect(report?["created"] as? Int == 2)
        #expect((report?["rejects"] as? [[String: Any]])?.first?["line"] as? Int == 3)
        let second = try await ProcessRunner.run(CLITests.binary, ["import", csv, "--database", database, "--skip-invalid", "--json"])
        let again = try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any]
        #expect(again?["created"] as? Int == 0)
        #expect(again?["alreadyOpen"] as? Int == 2)
        let list = try await ProcessRunner.run(CLITests.binary, ["cases", "list", "--database", database, "--json"])
        let cases = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
        #expect(cases?.count == 2)
        let id = try #require(cases?.first?["id"] as? String)
        let cancel = try await ProcessRunner.run(CLITests.binary, ["cases", "cancel", id, "--reason", "withdrawn", "--database", database])
        #expect(cancel.status == 0)
        #expect(cancel.stdout.contains("CANCELLED"))
        let show = try await ProcessRunner.run(CLITests.binary, ["cases", "show", id, "--database", database])
        #expect(show.stdout.contains("case.cancelled: withdrawn"))
        let twice = try await ProcessRunner.run(CLITests.binary, ["cases", "cancel", id, "--reason", "again", "--database", database])
        #expect(twice.status == 1)
        #expect(twice.stdout.contains("already ended"))
    }
}
