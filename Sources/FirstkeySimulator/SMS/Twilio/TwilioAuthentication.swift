import Foundation

/// HTTP Basic authentication of Twilio's REST API: `AccountSid:AuthToken`, or
/// `ApiKeySid:ApiKeySecret` (`SK…`) of a key that belongs to the account in the path.
enum TwilioAuthentication {
    /// Whether the `Authorization` header authenticates for `account` (constant-time secret
    /// comparison).
    static func authenticates(_ authorization: String?, for account: SimulatedTwilioAccount) -> Bool {
        guard let authorization, authorization.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(authorization.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return false }
        let user = String(text[..<colon])
        let password = String(text[text.index(after: colon)...])
        if user == account.accountSID { return constantTimeEqual(password, account.authToken) }
        if let key = account.apiKeys.first(where: { $0.sid == user }) { return constantTimeEqual(password, key.secret) }
        return false
    }

    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
