import Foundation
import Onboarding

/// `CSVIntake.parse` as `firstkey import` calls it: the file must be UTF-8 (import refuses it
/// otherwise, before parsing), then every rejected row must name its line, field and reason.
struct CSVTarget: FuzzTarget {
    let name = "csv"

    static let seeds: [[UInt8]] = [
        "employeeId,userPrincipalName,hireDate,deliveryMode,mobile\nE1,alice@corp.example,2026-12-01,temporary-password,+15550100001\nE2,bob@corp.example,2026-12-02,self-service,\n",
        "Employee ID;Hire Date\r\nE3,2026-12-01\r\n",
        "\"employee_id\",\"hire date\",\"display name\",\"private email\"\r\n\"E4\",\"2026-12-01\",\"O'Brien, Zoë \"\"Z\"\"\",\"zoe@home.example\"\r\n",
        "upn,hireDate,mode,mobile\ncarol@corp.example,2026-02-30,tap,\ndave@corp.example,2027-01-01,fax,+1\n,,,\n",
        "hireDate\n2026-12-01\n",
        "employeeId,hireDate,employeeId\nE5,2026-12-01,E6\n",
        "",
    ].map { Array($0.utf8) }

    static let dictionary: [[UInt8]] = [
        ",", "\"", "\"\"", "\n", "\r\n", "\r", ";", "\t", "employeeId", "hireDate", "2026-12-01", "tap", "\u{FEFF}", "\u{0}", "🦊", "=cmd|' /C calc'!A0",
        "\"a\nb\"", "\"unterminated", "x\"y", ",,,,,,,,", "+15550100001",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xED, 0xA0, 0x80]]

    static let columns = ["employeeId", "employee_id", "Employee ID", "userPrincipalName", "upn", "entraObjectId", "samAccountName", "displayName",
                          "hireDate", "hire date", "deliveryMode", "mode", "mobile", "mobilePhone", "privateEmail", "managerEmail", "unknown", ""]

    static func structured(_ rng: inout SplitMix64) -> [UInt8] {
        let header = (0..<(1 + rng.size(upTo: 12))).map { _ in rng.pick(columns) }
        let newline = rng.pick(["\n", "\r\n", "\r"])
        func field(_ column: String) -> String {
            var value: String
            switch column.lowercased().filter({ $0.isLetter }) {
            case "hiredate": value = rng.chance(70) ? FuzzValues.date(&rng) : FuzzValues.string(&rng)
            case "employeeid": value = rng.chance(70) ? FuzzValues.employeeID(&rng) : FuzzValues.string(&rng)
            case "mobile", "mobilephone": value = rng.chance(70) ? FuzzValues.phone(&rng) : FuzzValues.string(&rng)
            case "deliverymode", "mode": value = rng.pick(["self-service", "temporary-password", "tap", "", FuzzValues.string(&rng)])
            default: value = rng.chance(60) ? FuzzValues.email(&rng) : FuzzValues.string(&rng)
            }
            // A few long values per file, not hundreds: the parser's cost is linear and the run must stay bounded.
            if value.count > 2_000, !rng.chance(5) { value = String(value.prefix(2_000)) }
            let needsQuotes = value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline })
            return needsQuotes || rng.chance(10) ? "\"" + value.replacingOccurrences(of: "\"", with: rng.chance(90) ? "\"\"" : "\"") + "\"" : value
        }
        var text = header.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",") + newline
        for _ in 0..<rng.size(upTo: 200) {
            let count = rng.chance(90) ? header.count : rng.below(header.count + 3)
            text += (0..<count).map { field(header[min($0, header.count - 1)]) }.joined(separator: ",") + (rng.chance(95) ? newline : "")
        }
        return Array(text.utf8)
    }

    var mix: InputMix { InputMix(seeds: Self.seeds, mutator: ByteMutator(dictionary: Self.dictionary), structured: Self.structured) }

    func generate(_ rng: inout SplitMix64) -> [UInt8] { mix.next(&rng) }

    func execute(_ input: [UInt8]) async -> FuzzVerdict {
        // `firstkey import` reads the file with String(data:encoding:.utf8) and refuses it whole if that fails.
        guard let text = String(data: Data(input), encoding: .utf8) else { return .passed("not-utf8") }
        let parsed = CSVIntake.parse(text)
        // Any line break (LF, CRLF, lone CR, or one inside quotes) can end a record, so this bounds every line number.
        let lines = 1 + input.reduce(0) { $0 + ($1 == 0x0A || $1 == 0x0D ? 1 : 0) }
        for reject in parsed.rejects {
            guard (1...lines).contains(reject.line) else { return .failed("a reject names line \(reject.line); the file has at most \(lines)") }
            guard !reject.field.isEmpty else {
                return .failed("a reject on line \(reject.line) names no field: \(reject)")
            }
            guard !reject.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return .failed("a reject on line \(reject.line) gives no reason") }
        }
        for row in parsed.rows where !(2...lines).contains(row.line) {
            return .failed("a row is numbered line \(row.line); data starts on line 2 and the file has at most \(lines)")
        }
        if parsed.rejects.isEmpty { return .passed(parsed.rows.isEmpty ? "empty" : "accepted") }
        return .passed(parsed.rows.isEmpty ? "rejected" : "partly-rejected")
    }
}
