import ArgumentParser

/// One line of a `check` command's report.
struct Check: Encodable {
    enum Status: String, Encodable { case ok, warning, failed }
    var name: String
    var status: Status
    var detail: String
}

/// The report of `directory check` and `config check`: human lines or JSON, exit status 1 when
/// anything failed.
struct CheckList: Encodable {
    var ok: Bool
    var checks: [Check]

    init(_ checks: [Check]) {
        self.checks = checks
        ok = !checks.contains { $0.status == .failed }
    }

    func print(json: Bool, passed: String, failed: String) throws {
        if json {
            Swift.print(Output.json(self))
        } else {
            for check in checks {
                let mark = switch check.status { case .ok: "ok  "; case .warning: "warn"; case .failed: "FAIL" }
                Swift.print("[\(mark)] \(check.name): \(check.detail)")
            }
            Swift.print(ok ? passed : failed)
        }
        if !ok { throw ExitCode(1) }
    }
}
