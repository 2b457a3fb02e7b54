import Foundation

/// `exp`/`nbf`/`iat` checks shared by access and ID tokens.
enum TokenTimes {
    struct Checked {
        var expiresAt: Date
        var notBefore: Date?
        var issuedAt: Date?
    }

    static func check(_ payload: EntraTokenPayload, now: Date, skew: Duration) throws(TokenValidationError) -> Checked {
        let tolerance = skew.secondsValue
        guard let exp = payload.exp else { throw TokenValidationError(.missingClaim, "it has no expiry (exp)") }
        let expiresAt = Date(timeIntervalSince1970: exp)
        guard now.timeIntervalSince(expiresAt) <= tolerance else {
            throw TokenValidationError(.expired, "it expired at \(expiresAt) (now \(now))")
        }
        let notBefore = payload.nbf.map { Date(timeIntervalSince1970: $0) }
        if let notBefore, notBefore.timeIntervalSince(now) > tolerance {
            throw TokenValidationError(.notYetValid, "it is not valid before \(notBefore) (now \(now)); check this host's clock")
        }
        return Checked(expiresAt: expiresAt, notBefore: notBefore, issuedAt: payload.iat.map { Date(timeIntervalSince1970: $0) })
    }
}
