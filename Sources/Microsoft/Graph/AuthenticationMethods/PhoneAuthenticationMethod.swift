/// A phone registered for sign-in or MFA (`/authentication/phoneMethods`, §5).
public struct PhoneAuthenticationMethod: Sendable, Hashable, Decodable {
    public enum PhoneType: Sendable, Hashable {
        /// SMS and voice. Method ID `3179e48a-750b-4051-897c-87b9720928f7`.
        case mobile
        /// Voice only. `b6332ec1-7057-4abe-9331-3d72feddfe41`.
        case alternateMobile
        /// Voice only. `e37fc753-ff3b-4958-9484-eaa9425c82bc`.
        case office
        case other(String)

        init(_ raw: String) {
            switch raw {
            case "mobile": self = .mobile
            case "alternateMobile": self = .alternateMobile
            case "office": self = .office
            default: self = .other(raw)
            }
        }
    }

    public enum SMSSignInState: Sendable, Hashable {
        case ready, notSupported, notAllowedByPolicy, notEnabled, phoneNumberNotUnique, notConfigured
        case other(String)

        init(_ raw: String) {
            switch raw {
            case "ready": self = .ready
            case "notSupported": self = .notSupported
            case "notAllowedByPolicy": self = .notAllowedByPolicy
            case "notEnabled": self = .notEnabled
            case "phoneNumberNotUnique": self = .phoneNumberNotUnique
            case "notConfigured": self = .notConfigured
            default: self = .other(raw)
            }
        }
    }

    public var id: String
    /// `+{cc} {number}[x{ext}]`, e.g. `+1 5555551234`; masked for callers with limited roles.
    public var phoneNumber: String?
    public var phoneType: PhoneType?
    public var smsSignInState: SMSSignInState?

    public init(id: String, phoneNumber: String?, phoneType: PhoneType?, smsSignInState: SMSSignInState? = nil) {
        self.id = id
        self.phoneNumber = phoneNumber
        self.phoneType = phoneType
        self.smsSignInState = smsSignInState
    }

    /// The number in E.164 (`+15555551234`), dropping the space and any extension; nil if it is
    /// masked or malformed.
    public var e164Number: String? {
        guard let phoneNumber else { return nil }
        let withoutExtension = phoneNumber.split(separator: "x", maxSplits: 1).first.map(String.init) ?? phoneNumber
        let digits = withoutExtension.filter(\.isNumber)
        guard withoutExtension.hasPrefix("+"), (8...15).contains(digits.count),
              withoutExtension.dropFirst().allSatisfy({ $0.isNumber || $0 == " " })
        else { return nil }
        return "+" + digits
    }

    enum CodingKeys: String, CodingKey {
        case id, phoneNumber, phoneType, smsSignInState
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        phoneNumber = try container.decodeIfPresent(String.self, forKey: .phoneNumber)
        phoneType = try container.decodeIfPresent(String.self, forKey: .phoneType).map(PhoneType.init)
        smsSignInState = try container.decodeIfPresent(String.self, forKey: .smsSignInState).map(SMSSignInState.init)
    }
}
