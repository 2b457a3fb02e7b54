import Crypto

/// Twilio resource identifiers: a two-letter type prefix (`AC` account, `SK` API key, `MG`
/// Messaging Service, `SM` message) and 32 lowercase hex digits.
public enum TwilioSID {
    public static func make(_ prefix: String) -> String {
        prefix + hex(count: 32)
    }

    /// Random lowercase hex digits (also the shape of an Auth Token).
    public static func hex(count: Int) -> String {
        let bytes = SymmetricKey(size: .init(bitCount: (count + 1) / 2 * 8)).withUnsafeBytes { Array($0) }
        return String(bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined().prefix(count))
    }

    public static func isValid(_ sid: String, prefix: String) -> Bool {
        let bytes = Array(sid.utf8)
        guard sid.hasPrefix(prefix), bytes.count == prefix.utf8.count + 32 else { return false }
        return bytes.dropFirst(prefix.utf8.count).allSatisfy { (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }
    }
}
