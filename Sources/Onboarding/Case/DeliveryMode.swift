/// How the hire gets their first credential (design: delivery modes).
public enum DeliveryMode: String, Hashable, Sendable, Codable, CaseIterable {
    /// The hire signs in passwordless and chooses their own AD password in the portal.
    case selfService = "self-service"
    /// A generated password with must-change, picked up through a one-time link plus a code.
    case temporaryPassword = "temporary-password"
    /// A Temporary Access Pass, deleted once a passwordless method is registered.
    case tap
}

/// Where messages go. The username and the secret never travel in the same message.
public struct Recipients: Hashable, Sendable, Codable {
    public var mobilePhone: String?
    public var privateEmail: String?
    public var managerEmail: String?

    public init(mobilePhone: String? = nil, privateEmail: String? = nil, managerEmail: String? = nil) {
        self.mobilePhone = mobilePhone
        self.privateEmail = privateEmail
        self.managerEmail = managerEmail
    }
}
