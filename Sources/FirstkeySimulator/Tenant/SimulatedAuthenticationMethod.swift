public import Foundation

/// A registered authentication method of a user (`microsoft.graph.authenticationMethod`
/// subtypes). Temporary Access Passes are kept apart (`SimulatedTemporaryAccessPass`) because
/// they have their own lifecycle.
public struct SimulatedAuthenticationMethod: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case password, phone, email, fido2, microsoftAuthenticator, windowsHelloForBusiness, platformCredential, softwareOath

        /// The `@odata.type` Graph writes for this kind.
        public var odataType: String { "#microsoft.graph.\(rawValue)AuthenticationMethod" }
    }

    public enum PhoneType: String, Sendable, CaseIterable {
        case mobile, alternateMobile, office

        /// Graph's fixed method IDs per phone type.
        public var methodID: String {
            switch self {
            case .mobile: "3179e48a-750b-4051-897c-87b9720928f7"
            case .alternateMobile: "b6332ec1-7057-4abe-9331-3d72feddfe41"
            case .office: "e37fc753-ff3b-4958-9484-eaa9425c82bc"
            }
        }
    }

    public var id: String
    public var kind: Kind
    public var displayName: String?
    public var createdDateTime: Date?
    /// phone: `+{cc} {number}[x{ext}]`.
    public var phoneNumber: String?
    public var phoneType: PhoneType?
    /// phone: `notSupported`, `notAllowedByPolicy`, `notEnabled`, `phoneNumberNotUnique`, `ready`, `notConfigured`.
    public var smsSignInState: String?
    /// email.
    public var emailAddress: String?
    /// fido2.
    public var aaGuid: String?
    public var model: String?
    public var attestationLevel: String?

    public init(id: String = UUID().uuidString.lowercased(), kind: Kind, displayName: String? = nil, createdDateTime: Date? = nil,
                phoneNumber: String? = nil, phoneType: PhoneType? = nil, smsSignInState: String? = nil, emailAddress: String? = nil,
                aaGuid: String? = nil, model: String? = nil, attestationLevel: String? = nil)
    {
        self.id = id
        self.kind = kind
        self.displayName = displayName
        self.createdDateTime = createdDateTime
        self.phoneNumber = phoneNumber
        self.phoneType = phoneType
        self.smsSignInState = smsSignInState
        self.emailAddress = emailAddress
        self.aaGuid = aaGuid
        self.model = model
        self.attestationLevel = attestationLevel
    }

    /// The password method; Graph gives it this well-known ID.
    public static func password() -> Self {
        .init(id: "28c10230-6103-485e-b985-444c60001490", kind: .password)
    }

    public static func phone(_ number: String, type: PhoneType = .mobile, smsSignInState: String = "notEnabled") -> Self {
        .init(id: type.methodID, kind: .phone, phoneNumber: number, phoneType: type, smsSignInState: smsSignInState)
    }

    public static func email(_ address: String) -> Self {
        .init(id: "3ddfcfc8-9383-446f-83cc-3ab9be4be18f", kind: .email, emailAddress: address)
    }

    public static func fido2(displayName: String = "Security key", model: String = "YubiKey 5 NFC",
                             aaGuid: String = "cb69481e-8ff7-4039-93ec-0a2729a154a8", attestationLevel: String = "attested") -> Self
    {
        .init(kind: .fido2, displayName: displayName, createdDateTime: Date(), aaGuid: aaGuid, model: model, attestationLevel: attestationLevel)
    }

    public static func microsoftAuthenticator(displayName: String = "Pixel 8") -> Self {
        .init(kind: .microsoftAuthenticator, displayName: displayName, createdDateTime: Date())
    }

    public static func windowsHelloForBusiness(displayName: String = "LAPTOP-01") -> Self {
        .init(kind: .windowsHelloForBusiness, displayName: displayName, createdDateTime: Date())
    }

    /// macOS Platform SSO (Secure Enclave key), Graph v1.0 `platformCredentialAuthenticationMethod`.
    public static func platformCredential(displayName: String = "MacBook Pro") -> Self {
        .init(kind: .platformCredential, displayName: displayName, createdDateTime: Date())
    }

    public static func softwareOath() -> Self {
        .init(kind: .softwareOath)
    }
}
