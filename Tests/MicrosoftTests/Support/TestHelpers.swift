import Logging

/// Simulator and client logs stay out of test output.
let quietLogger = Logger(label: "microsoft-tests", factory: { _ in SwiftLogNoOpLogHandler() })

struct MissingValue: Error {}

/// `#require` for use outside a test function body.
func require_<T>(_ value: T?) throws -> T {
    guard let value else { throw MissingValue() }
    return value
}
