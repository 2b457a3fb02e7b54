import Foundation

/// `/_sim` form of a method: `{"kind":"fido2","displayName":…}`, `{"kind":"phone","phoneNumber":"+1 5555551234","phoneType":"mobile"}`, …
extension SimulatedAuthenticationMethod {
    public init(json: JSONValue) throws(SimulatorInputError) {
        guard let kindText = json["kind"]?.stringValue, let kind = Kind(rawValue: kindText) else {
            throw SimulatorInputError("kind must be one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        switch kind {
        case .password: self = .password()
        case .phone:
            guard let number = json["phoneNumber"]?.stringValue else { throw SimulatorInputError("a phone method needs phoneNumber") }
            let type = json["phoneType"]?.stringValue.flatMap(PhoneType.init(rawValue:)) ?? .mobile
            self = .phone(number, type: type, smsSignInState: json["smsSignInState"]?.stringValue ?? "notEnabled")
        case .email:
            guard let address = json["emailAddress"]?.stringValue else { throw SimulatorInputError("an email method needs emailAddress") }
            self = .email(address)
        case .fido2: self = .fido2(displayName: json["displayName"]?.stringValue ?? "Security key")
        case .microsoftAuthenticator: self = .microsoftAuthenticator(displayName: json["displayName"]?.stringValue ?? "Pixel 8")
        case .windowsHelloForBusiness: self = .windowsHelloForBusiness(displayName: json["displayName"]?.stringValue ?? "LAPTOP-01")
        case .platformCredential: self = .platformCredential(displayName: json["displayName"]?.stringValue ?? "MacBook Pro")
        case .softwareOath: self = .softwareOath()
        }
        if let id = json["id"]?.stringValue { self.id = id }
    }
}
