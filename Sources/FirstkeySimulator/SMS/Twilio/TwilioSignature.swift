import Crypto
import Foundation

/// `X-Twilio-Signature`, as twilio-python's `RequestValidator` computes it: the full URL Twilio
/// requested, then each POST parameter sorted by name (values of a repeated name sorted too, and
/// each distinct name/value pair once) appended as `name + value`; HMAC-SHA1 keyed with the
/// account's Auth Token; base64.
public enum TwilioSignature {
    public static func compute(url: String, parameters: [(name: String, value: String)], authToken: String) -> String {
        let key = SymmetricKey(data: Array(authToken.utf8))
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Array(signedText(url: url, parameters: parameters).utf8), using: key)
        return Data(mac).base64EncodedString()
    }

    /// The same for parameters that do not repeat.
    public static func compute(url: String, parameters: [String: String], authToken: String) -> String {
        compute(url: url, parameters: parameters.map { (name: $0.key, value: $0.value) }, authToken: authToken)
    }

    /// The text that is signed. Sorting compares UTF-8 bytes, which orders like Python's code-point sort.
    static func signedText(url: String, parameters: [(name: String, value: String)]) -> String {
        var grouped: [String: Set<String>] = [:]
        for parameter in parameters { grouped[parameter.name, default: []].insert(parameter.value) }
        var text = url
        for name in grouped.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            for value in (grouped[name] ?? []).sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                text += name + value
            }
        }
        return text
    }
}
