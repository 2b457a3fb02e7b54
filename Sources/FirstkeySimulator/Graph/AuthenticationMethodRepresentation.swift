import Foundation
import HTTPTypes

/// Authentication methods as Graph writes them, one shape per `@odata.type`.
enum AuthenticationMethodRepresentation {
    static func json(_ method: SimulatedAuthenticationMethod) -> JSONValue {
        var members: [(String, JSONValue)] = [("@odata.type", .string(method.kind.odataType)), ("id", .string(method.id))]
        let created: JSONValue = method.createdDateTime.map { .string(GraphDate.format($0)) } ?? .null
        switch method.kind {
        case .password:
            members += [("password", .null), ("createdDateTime", created)]
        case .phone:
            members += [("phoneNumber", .optional(method.phoneNumber)), ("phoneType", .optional(method.phoneType?.rawValue)),
                        ("smsSignInState", .optional(method.smsSignInState))]
        case .email:
            members.append(("emailAddress", .optional(method.emailAddress)))
        case .fido2:
            members += [("displayName", .optional(method.displayName)), ("createdDateTime", created), ("aaGuid", .optional(method.aaGuid)),
                        ("model", .optional(method.model)), ("attestationCertificates", .array([])), ("attestationLevel", .optional(method.attestationLevel))]
        case .microsoftAuthenticator:
            members += [("displayName", .optional(method.displayName)), ("deviceTag", "SoftwareTokenActivated"), ("phoneAppVersion", "6.2401.0119"),
                        ("createdDateTime", created)]
        case .windowsHelloForBusiness:
            members += [("displayName", .optional(method.displayName)), ("createdDateTime", created), ("keyStrength", "normal")]
        case .platformCredential:
            members += [("displayName", .optional(method.displayName)), ("keyStrength", "normal"), ("platform", "macOS"), ("createdDateTime", created)]
        case .softwareOath:
            members.append(("secretKey", .null))
        }
        return .object(members)
    }

    /// A pass as Graph shows it; `revealing` only in the create response.
    static func json(_ pass: SimulatedTemporaryAccessPass, revealing: Bool, now: Date, policy: TemporaryAccessPassPolicy, userID: String) -> JSONValue {
        let reason = pass.usability(at: now, policyEnabled: policy.enabled, userTargeted: policy.targets(userID))
        return [
            "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethod",
            "id": .string(pass.id),
            "temporaryAccessPass": revealing ? .string(pass.temporaryAccessPass) : .null,
            "createdDateTime": .string(GraphDate.format(pass.createdDateTime, fractional: true)),
            "startDateTime": .string(GraphDate.format(pass.validFrom)),
            "lifetimeInMinutes": .integer(pass.lifetimeInMinutes),
            "isUsableOnce": .bool(pass.isUsableOnce),
            "isUsable": .bool(reason == .enabledByPolicy),
            "methodUsabilityReason": .string(reason.rawValue),
        ]
    }
}
