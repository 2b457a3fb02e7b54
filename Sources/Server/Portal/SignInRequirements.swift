import Foundation
public import Microsoft

/// What a sign-in must prove before the portal lets anyone set a password (reference §2).
/// Entra's v2.0 ID tokens may lack `amr`, so there are three independent levers, any of which an
/// administrator may use:
///
/// - `requiredAuthenticationMethods`: the sign-in must carry at least one of these `amr` values
///   (asked for with a `claims` request, which makes Entra put `amr` in the ID token);
/// - `authenticationContext`: a Conditional Access authentication context (`acrs`), backed in
///   the tenant by an authentication strength such as "passwordless" or "Temporary Access Pass";
/// - `maximumAuthenticationAge`: `auth_time` no older than this (`prompt=login` forces it fresh).
public struct SignInRequirements: Sendable, Hashable {
    public var requiredAuthenticationMethods: [String]
    public var authenticationContext: String?
    public var maximumAuthenticationAge: Duration

    public init(requiredAuthenticationMethods: [String] = [], authenticationContext: String? = nil, maximumAuthenticationAge: Duration = .seconds(600)) {
        self.requiredAuthenticationMethods = requiredAuthenticationMethods
        self.authenticationContext = authenticationContext
        self.maximumAuthenticationAge = maximumAuthenticationAge
    }

    /// The `claims` parameter of the authorization request. `amr` is always asked for, voluntarily
    /// unless required (OpenID Connect Core 5.5.1): where Entra includes it, a password-only
    /// sign-in is seen and refused; where it does not, the authentication context decides.
    public var claimsRequest: String? {
        var idToken: [String: Any] = ["amr": ["essential": false]]
        if !requiredAuthenticationMethods.isEmpty {
            idToken["amr"] = ["essential": true, "values": requiredAuthenticationMethods]
        }
        if let authenticationContext {
            idToken["acrs"] = ["essential": true, "value": authenticationContext]
        }
        guard let data = try? JSONSerialization.data(withJSONObject: ["id_token": idToken], options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Why this validated sign-in is not enough, in plain words; nil when it is.
    /// (`auth_time` is checked by the ID token validator itself.)
    public func refusal(of claims: IDTokenClaims) -> String? {
        // Whatever else is configured: a sign-in Entra says was made with a password alone proves
        // only knowledge of the initial password, which the provisioning tool and admins may have.
        let used = Set(claims.authenticationMethods.map { $0.lowercased() })
        if !used.isEmpty, used.isSubset(of: Self.passwordOnlyMethods) {
            return "You signed in with \(Self.describe(claims.authenticationMethods)) only, but setting a password needs a passwordless or multi-factor sign-in. "
                + "Sign in again with your Temporary Access Pass, a passkey or Microsoft Authenticator."
        }
        if !requiredAuthenticationMethods.isEmpty {
            let used = Set(claims.authenticationMethods.map { $0.lowercased() })
            if used.isDisjoint(with: requiredAuthenticationMethods.map { $0.lowercased() }) {
                let how = claims.authenticationMethods.isEmpty ? "Your sign-in did not say how you signed in"
                    : "You signed in with \(Self.describe(claims.authenticationMethods))"
                return "\(how), but setting a password needs a passwordless or multi-factor sign-in (\(requiredAuthenticationMethods.joined(separator: " or "))). "
                    + "Sign in again with your Temporary Access Pass, a passkey or Microsoft Authenticator."
            }
        }
        if let authenticationContext, !claims.authenticationContexts.contains(authenticationContext) {
            return "Your sign-in did not meet your organisation's requirement for setting a password (authentication context \(authenticationContext)). "
                + "Sign in again with your Temporary Access Pass, a passkey or Microsoft Authenticator."
        }
        return nil
    }

    /// `amr` values that, alone, mean only a password (or a knowledge question) was entered.
    static let passwordOnlyMethods: Set<String> = ["pwd", "kba"]

    static func describe(_ methods: [String]) -> String {
        let names = methods.map { method -> String in
            switch method.lowercased() {
            case "pwd": "a password"
            case "mfa": "multi-factor authentication"
            case "ngcmfa": "a strong multi-factor method"
            case "rsa": "a key (e.g. Microsoft Authenticator or a certificate)"
            case "otp": "a one-time code"
            case "fido": "a passkey"
            case "fed": "a federated sign-in"
            case "wia": "Windows integrated sign-in"
            default: "'\(method)'"
            }
        }
        return names.joined(separator: " and ")
    }
}
