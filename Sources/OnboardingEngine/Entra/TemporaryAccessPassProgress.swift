public import Foundation
public import Microsoft

/// The decisions of a Temporary Access Pass's life, on plain values: when it starts, and
/// whether the complete step may end it. `TemporaryAccessPassIssuer` and
/// `TemporaryAccessPassWatcher` carry them out against Graph.
public enum TemporaryAccessPassProgress {
    /// What the complete step does with the case's pass.
    public enum Decision: Hashable, Sendable {
        /// Delete the pass and finish the step, with this note.
        case finish(String)
        /// Leave it and look again later.
        case keepWaiting(String)
    }

    /// A pass made before the hire date starts on it (plus the configured offset); one made on
    /// or after that moment works at once (nil: no `startDateTime`).
    public static func validFrom(hireDate: Date, settings: TemporaryAccessPassSettings, now: Date) -> Date? {
        let start = hireDate.addingTimeInterval(TimeInterval(settings.validFromMinutesIntoHireDate) * 60)
        return start > now ? start : nil
    }

    /// The pass ends as soon as the hire registered a passwordless method they did not have when
    /// it was created, or at its expiry; until then it stays.
    public static func decide(_ pass: IssuedTemporaryAccessPass, methods: [AuthenticationMethod], now: Date) -> Decision {
        let before = Set(pass.passwordlessMethodIDsBefore)
        if let registered = methods.first(where: { $0.isPasswordless && !before.contains($0.id) }) {
            return .finish("the hire registered \(registered.passwordlessKind ?? "a passwordless method"), so the Temporary Access Pass is no longer needed")
        }
        let listed = methods.lazy.compactMap { method -> TemporaryAccessPassMethod? in
            if case .temporaryAccessPass(let listed) = method, listed.id == pass.methodID { listed } else { nil }
        }.first
        if now >= pass.expiresAt || listed?.methodUsabilityReason == .expired {
            return .finish("the Temporary Access Pass expired at \(pass.expiresAt.formatted(.iso8601)) and no passwordless method was registered: the hire may need help to sign in")
        }
        return .keepWaiting("no passwordless method registered yet; the Temporary Access Pass expires at \(pass.expiresAt.formatted(.iso8601))")
    }
}

extension AuthenticationMethod {
    /// A method that signs in without a password: a passkey or security key (also a passkey in
    /// Authenticator), Microsoft Authenticator, Windows Hello for Business, a macOS platform credential.
    public var isPasswordless: Bool { passwordlessKind != nil }

    var passwordlessKind: String? {
        switch self {
        case .fido2: "a passkey (FIDO2)"
        case .microsoftAuthenticator: "Microsoft Authenticator"
        case .windowsHelloForBusiness: "Windows Hello for Business"
        case .platformCredential: "a platform credential (macOS Platform SSO)"
        default: nil
        }
    }
}
