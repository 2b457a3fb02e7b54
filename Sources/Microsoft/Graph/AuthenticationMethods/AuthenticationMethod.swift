public import Foundation

/// One entry of `/users/{id}/authentication/methods`, typed by its `@odata.type` (§5).
public enum AuthenticationMethod: Sendable, Hashable, Decodable {
    case password(id: String)
    case phone(PhoneAuthenticationMethod)
    case email(id: String, emailAddress: String?)
    /// Passkeys and security keys.
    case fido2(Fido2AuthenticationMethod)
    case microsoftAuthenticator(id: String, displayName: String?, createdDateTime: Date?)
    case windowsHelloForBusiness(id: String, displayName: String?, createdDateTime: Date?)
    /// macOS Platform SSO's Secure Enclave key (learn.microsoft.com/graph/api/resources/platformcredentialauthenticationmethod, v1.0).
    case platformCredential(id: String, displayName: String?, createdDateTime: Date?)
    case softwareOath(id: String)
    case temporaryAccessPass(TemporaryAccessPassMethod)
    /// A type this version of Firstkey does not know (e.g. a newly added method).
    case unrecognized(odataType: String, id: String)

    public var id: String {
        switch self {
        case .password(let id), .email(let id, _), .microsoftAuthenticator(let id, _, _), .windowsHelloForBusiness(let id, _, _), .platformCredential(let id, _, _),
            .softwareOath(let id), .unrecognized(_, let id):
            id
        case .phone(let method): method.id
        case .fido2(let method): method.id
        case .temporaryAccessPass(let method): method.id
        }
    }

    /// A way to sign in or pass MFA that someone set up: a passkey or security key, Microsoft
    /// Authenticator, Windows Hello, an OATH token, a phone; an unrecognised type counts too.
    /// Not the password, an e-mail address (self-service reset only) or a Temporary Access Pass.
    public var isSignInMethodSetUpByAUser: Bool {
        switch self {
        case .password, .temporaryAccessPass, .email: false
        default: true
        }
    }

    /// A short name for people (audit trail, refusals).
    public var kindName: String {
        switch self {
        case .password: "a password"
        case .phone: "a phone number"
        case .email: "an e-mail address"
        case .fido2: "a passkey or security key"
        case .microsoftAuthenticator: "Microsoft Authenticator"
        case .windowsHelloForBusiness: "Windows Hello for Business"
        case .platformCredential: "a platform credential (macOS Platform SSO)"
        case .softwareOath: "an OATH software token"
        case .temporaryAccessPass: "a Temporary Access Pass"
        case .unrecognized(let type, _): "a method of type \(type)"
        }
    }

    /// "Already onboarded": any method besides the password and a Temporary Access Pass. An
    /// unrecognised type counts, since it is some other credential the user registered.
    public var showsUserIsOnboarded: Bool {
        switch self {
        case .password, .temporaryAccessPass: false
        default: true
        }
    }

    enum CodingKeys: String, CodingKey {
        case odataType = "@odata.type"
        case id, emailAddress, displayName, createdDateTime
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decodeIfPresent(String.self, forKey: .odataType) ?? ""
        let id = try container.decode(String.self, forKey: .id)
        switch type {
        case "#microsoft.graph.passwordAuthenticationMethod":
            self = .password(id: id)
        case "#microsoft.graph.phoneAuthenticationMethod":
            self = .phone(try PhoneAuthenticationMethod(from: decoder))
        case "#microsoft.graph.emailAuthenticationMethod":
            self = .email(id: id, emailAddress: try container.decodeIfPresent(String.self, forKey: .emailAddress))
        case "#microsoft.graph.fido2AuthenticationMethod":
            self = .fido2(try Fido2AuthenticationMethod(from: decoder))
        case "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod":
            self = .microsoftAuthenticator(
                id: id, displayName: try container.decodeIfPresent(String.self, forKey: .displayName),
                createdDateTime: try? container.decodeIfPresent(Date.self, forKey: .createdDateTime))
        case "#microsoft.graph.windowsHelloForBusinessAuthenticationMethod":
            self = .windowsHelloForBusiness(
                id: id, displayName: try container.decodeIfPresent(String.self, forKey: .displayName),
                createdDateTime: try? container.decodeIfPresent(Date.self, forKey: .createdDateTime))
        case "#microsoft.graph.platformCredentialAuthenticationMethod":
            self = .platformCredential(
                id: id, displayName: try container.decodeIfPresent(String.self, forKey: .displayName),
                createdDateTime: try? container.decodeIfPresent(Date.self, forKey: .createdDateTime))
        case "#microsoft.graph.softwareOathAuthenticationMethod":
            self = .softwareOath(id: id)
        case "#microsoft.graph.temporaryAccessPassAuthenticationMethod":
            self = .temporaryAccessPass(try TemporaryAccessPassMethod(from: decoder))
        default:
            self = .unrecognized(odataType: type, id: id)
        }
    }
}

extension Array where Element == AuthenticationMethod {
    /// Whether the user already has a credential besides password and TAP.
    public var showsUserIsOnboarded: Bool { contains(where: \.showsUserIsOnboarded) }
}
