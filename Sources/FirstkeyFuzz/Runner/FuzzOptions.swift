import Foundation

struct FuzzOptions: Sendable {
    static let targetNames = ["json", "scim", "lwf", "csv", "ldap"]

    var targets: [String] = []
    var seed: UInt64 = UInt64(Date().timeIntervalSince1970 * 1000)
    var count = 100_000
    var start = 0
    var maxSeconds: Double = 600
    var caseTimeout: Double = 5
    var json = false
    var artifacts = "artifacts/fuzz"
    var replay: String?
    /// At most this many failing inputs are kept per target; then the target stops.
    var maximumFailures = 10

    static let usage = """
    usage: firstkey-fuzz <target>… | all [--seed N] [--count N] [--start N] [--max-seconds T]
                         [--case-timeout T] [--artifacts DIR] [--replay FILE] [--json]
    targets: json (POST /api/v1/onboardings), scim (POST /api/v1/scim/bulkUpload),
             lwf (POST /api/v1/lifecycle-workflows/callout), csv (CSVIntake.parse), ldap (BER, framing, filters)
    A failing input is written to DIR/<target>-<case>.bin (with a .txt saying why) and the exit status is 1.
    """

    struct UsageError: Error, CustomStringConvertible { var description: String }

    init(arguments: [String]) throws(UsageError) {
        var rest = arguments[...]
        func value(_ flag: String) throws(UsageError) -> String {
            guard let next = rest.popFirst() else { throw UsageError(description: "\(flag) needs a value") }
            return next
        }
        func number<T: LosslessStringConvertible>(_ flag: String, _: T.Type) throws(UsageError) -> T {
            let text = try value(flag)
            let parsed: T? = text.hasPrefix("0x") ? (UInt64(text.dropFirst(2), radix: 16).flatMap { T(String($0)) }) : T(text)
            guard let parsed else { throw UsageError(description: "\(flag) must be a number, not '\(text)'") }
            return parsed
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--seed": seed = try number(argument, UInt64.self)
            case "--count": count = try number(argument, Int.self)
            case "--start": start = try number(argument, Int.self)
            case "--max-seconds": maxSeconds = try number(argument, Double.self)
            case "--case-timeout": caseTimeout = try number(argument, Double.self)
            case "--artifacts": artifacts = try value(argument)
            case "--replay": replay = try value(argument)
            case "--json": json = true
            case "-h", "--help": throw UsageError(description: Self.usage)
            case "all": targets += Self.targetNames
            case _ where Self.targetNames.contains(argument): targets.append(argument)
            default: throw UsageError(description: "unknown argument '\(argument)'\n\(Self.usage)")
            }
        }
        guard !targets.isEmpty else { throw UsageError(description: Self.usage) }
        guard count >= 0, start >= 0, maxSeconds > 0, caseTimeout > 0 else { throw UsageError(description: "counts and times must be positive") }
        if replay != nil, targets.count != 1 { throw UsageError(description: "--replay runs one input through one target") }
    }
}
