/// Whose address a message goes to. In the split-channel rule a "channel" is a destination:
/// whoever can read the hire's phone, the hire's private mailbox or the manager's mailbox must
/// never be able to put together both halves of what reveals a credential.
public enum DeliveryDestination: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case hireMobilePhone = "hire-mobile-phone"
    case hirePrivateEmail = "hire-private-email"
    case managerEmail = "manager-email"

    public var audience: DeliveryAudience { self == .managerEmail ? .manager : .hire }

    public var isMobilePhone: Bool { self == .hireMobilePhone }

    public var description: String {
        switch self {
        case .hireMobilePhone: "the hire's mobile phone"
        case .hirePrivateEmail: "the hire's private e-mail"
        case .managerEmail: "the manager's e-mail"
        }
    }
}
