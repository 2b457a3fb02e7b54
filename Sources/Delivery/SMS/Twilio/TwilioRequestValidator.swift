import Crypto
import Foundation

/// Checks `X-Twilio-Signature` on Twilio's callbacks (§10, as twilio-python's
/// `RequestValidator`): base64(HMAC-SHA1(Auth Token, URL + each POST parameter's name and value,
/// sorted by name, then value)), compared in constant time. Keyed with the account's Auth Token
/// even when the REST calls use an API key. Pure.
public struct TwilioRequestValidator: Sendable {
    private let key: SymmetricKey

    public init(authToken: String) {
        key = SymmetricKey(data: Data(authToken.utf8))
    }

    /// The signature Twilio sends for a POST to `url` (exactly as Twilio requested it: scheme,
    /// host, port if any, path, query) with form `parameters`.
    public func signature(url: String, parameters: [(String, String)]) -> String {
        var text = url
        let sorted = Set(parameters.map { Pair(name: $0.0, value: $0.1) }).sorted {
            ($0.name.unicodeScalars.lexicographicallyPrecedes($1.name.unicodeScalars))
                || ($0.name == $1.name && $0.value.unicodeScalars.lexicographicallyPrecedes($1.value.unicodeScalars))
        }
        for pair in sorted { text += pair.name + pair.value }
        return Data(HMAC<Insecure.SHA1>.authenticationCode(for: Data(text.utf8), using: key)).base64EncodedString()
    }

    /// Whether `signature` is Twilio's for this request. Tries the URL as given, and with the
    /// port removed or the scheme's default port added, as Twilio's own validators do.
    public func isValid(signature: String?, url: String, parameters: [(String, String)]) -> Bool {
        guard let signature, !signature.isEmpty else { return false }
        let presented = Array(signature.utf8)
        var matched = false
        for candidate in Self.urlVariants(url) {
            // No early exit: every variant is compared.
            matched = ConstantTime.equal(Array(self.signature(url: candidate, parameters: parameters).utf8), presented) || matched
        }
        return matched
    }

    /// Convenience for a raw `application/x-www-form-urlencoded` body.
    public func isValid(signature: String?, url: String, formBody: [UInt8]) -> Bool {
        isValid(signature: signature, url: url, parameters: FormEncoding.decode(String(decoding: formBody, as: UTF8.self)))
    }

    static func urlVariants(_ url: String) -> [String] {
        guard var components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else { return [url] }
        let defaultPort = scheme == "https" ? 443 : scheme == "http" ? 80 : nil
        var variants = [url]
        if components.port != nil {
            components.port = nil
            if let stripped = components.string { variants.append(stripped) }
        } else if let defaultPort {
            components.port = defaultPort
            if let withPort = components.string { variants.append(withPort) }
        }
        return variants
    }

    private struct Pair: Hashable {
        var name: String
        var value: String
    }
}
