/// The login for SMTP AUTH. The password never prints.
public struct SMTPCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public enum Mechanism: String, Sendable, Hashable, Codable {
        /// PLAIN if the server offers it, else LOGIN.
        case automatic
        case plain = "PLAIN"
        case login = "LOGIN"
    }

    public var username: String
    let password: String
    public var mechanism: Mechanism

    public init(username: String, password: String, mechanism: Mechanism = .automatic) throws(DeliveryError) {
        guard !username.isEmpty, !password.isEmpty else {
            throw DeliveryError(.invalidConfiguration, provider: .smtp, detail: "the SMTP user name and password must not be empty")
        }
        self.username = username
        self.password = password
        self.mechanism = mechanism
    }

    public var description: String { "\(username) <password redacted>" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["username": username, "mechanism": mechanism], displayStyle: .struct) }
}
