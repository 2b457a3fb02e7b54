import Crypto

/// RFC 7636 proof key checks.
enum PKCE {
    /// `code_verifier` = 43–128 of `[A-Za-z0-9-._~]`.
    static func isWellFormedVerifier(_ verifier: String) -> Bool {
        (43...128).contains(verifier.utf8.count) && verifier.utf8.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || [UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~")].contains(byte)
        }
    }

    static func verifier(_ verifier: String, matches challenge: String, method: String) -> Bool {
        guard isWellFormedVerifier(verifier) else { return false }
        switch method {
        case "S256": return Base64URL.encode(Array(SHA256.hash(data: Array(verifier.utf8)))) == challenge
        case "plain": return verifier == challenge
        default: return false
        }
    }
}
