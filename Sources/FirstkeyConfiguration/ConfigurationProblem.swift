/// Something wrong (or worth knowing) about the configuration, naming the key and where it
/// came from. Never holds a secret: secret values are files, and problems name the file.
public struct ConfigurationProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable { case error, warning }

    public let severity: Severity
    /// `ldap.bindDN`, or the environment variable name.
    public let key: String
    public let message: String

    public init(_ severity: Severity, key: String, _ message: String) {
        self.severity = severity
        self.key = key
        self.message = message
    }

    public var description: String { "\(key): \(message)" }
}

/// Thrown when the configuration cannot be used; carries every problem found, not just the first.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let problems: [ConfigurationProblem]

    public init(problems: [ConfigurationProblem]) { self.problems = problems }

    public var description: String {
        let errors = problems.filter { $0.severity == .error }
        return "The configuration is not usable: " + errors.map(\.description).joined(separator: "; ")
    }
}
