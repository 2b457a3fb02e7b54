import SwiftASN1

/// The outcome every LDAP response carries (RFC 4511 §4.1.9).
public struct LDAPResult: Hashable, Sendable {
    public var resultCode: LDAPResultCode
    public var matchedDN: String
    public var diagnosticMessage: String
    /// Present only with result code `referral`; returned to the caller, never chased.
    public var referral: [String]?

    public init(resultCode: LDAPResultCode, matchedDN: String = "", diagnosticMessage: String = "", referral: [String]? = nil) {
        self.resultCode = resultCode
        self.matchedDN = matchedDN
        self.diagnosticMessage = diagnosticMessage
        self.referral = referral
    }

    public static let success = LDAPResult(resultCode: .success)

    static let referralTag = ASN1Identifier.context(3)

    /// Reads the LDAPResult components from the start of a response's children.
    static func decodeComponents(_ children: inout ASN1NodeCollection.Iterator) throws -> LDAPResult {
        let code = try BERRead.integer(BERRead.next(&children, "resultCode"), .enumerated, "resultCode")
        guard let resultCode = Int(exactly: code), resultCode >= 0 else {
            throw LDAPDecodingError(.invalidValue, "resultCode \(code) is negative")
        }
        let matchedDN = try BERRead.string(BERRead.next(&children, "matchedDN"), .octetString, "matchedDN")
        let diagnostic = try BERRead.string(BERRead.next(&children, "diagnosticMessage"), .octetString, "diagnosticMessage")
        var referral: [String]?
        if let node = BERRead.optional(&children, referralTag) {
            var uris = try BERRead.children(node, referralTag, "referral")
            var list: [String] = []
            while let uri = uris.next() {
                list.append(try BERRead.string(uri, .octetString, "referral URI"))
            }
            referral = list
        }
        return LDAPResult(resultCode: LDAPResultCode(rawValue: resultCode), matchedDN: matchedDN, diagnosticMessage: diagnostic, referral: referral)
    }

    func encodeComponents(into serializer: inout DER.Serializer) {
        serializer.appendInteger(Int64(resultCode.rawValue), identifier: .enumerated)
        serializer.appendString(matchedDN)
        serializer.appendString(diagnosticMessage)
        if let referral {
            serializer.appendConstructedNode(identifier: Self.referralTag) { inner in
                for uri in referral { inner.appendString(uri) }
            }
        }
    }
}
