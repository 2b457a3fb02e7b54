import SwiftASN1

/// ExtendedRequest (RFC 4511 §4.12). The value may be a secret (password modify): it is never printed.
public struct ExtendedRequest: Hashable, Sendable {
    public var name: String
    public var value: [UInt8]?

    public init(name: String, value: [UInt8]? = nil) {
        self.name = name
        self.value = value
    }

    public static let startTLSOID = "1.3.6.1.4.1.1466.20037"
    public static let whoAmIOID = "1.3.6.1.4.1.4203.1.11.3"
    public static let passwordModifyOID = "1.3.6.1.4.1.4203.1.11.1"
    public static let cancelOID = "1.3.6.1.1.8"

    static let tag = ASN1Identifier.application(23)

    init(node: ASN1Node) throws {
        var children = try BERRead.children(node, Self.tag, "ExtendedRequest")
        name = try BERRead.string(BERRead.next(&children, "requestName"), .context(0), "requestName")
        value = try BERRead.optional(&children, .context(1)).map { try BERRead.octets($0, .context(1), "requestValue") }
        try BERRead.end(&children, "ExtendedRequest")
    }

    func encode(into serializer: inout DER.Serializer) {
        serializer.appendConstructedNode(identifier: Self.tag) { body in
            body.appendString(name, identifier: .context(0))
            if let value { body.appendOctets(value, identifier: .context(1)) }
        }
    }

    /// RFC 3062 Password Modify. Omit `newPassword` to have the server generate one.
    public static func passwordModify(userIdentity: String?, oldPassword: String?, newPassword: String?) -> ExtendedRequest {
        var serializer = DER.Serializer()
        serializer.appendConstructedNode(identifier: .sequence) { body in
            if let userIdentity { body.appendString(userIdentity, identifier: .context(0)) }
            if let oldPassword { body.appendString(oldPassword, identifier: .context(1)) }
            if let newPassword { body.appendString(newPassword, identifier: .context(2)) }
        }
        return ExtendedRequest(name: passwordModifyOID, value: serializer.serializedBytes)
    }
}

extension ExtendedRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "ExtendedRequest(\(name))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["name": name]) }
}

/// ExtendedResponse (RFC 4511 §4.12), also used for the unsolicited Notice of Disconnection.
public struct ExtendedResponse: Hashable, Sendable {
    public var result: LDAPResult
    public var name: String?
    public var value: [UInt8]?

    public init(result: LDAPResult, name: String? = nil, value: [UInt8]? = nil) {
        self.result = result
        self.name = name
        self.value = value
    }

    public static let noticeOfDisconnectionOID = "1.3.6.1.4.1.1466.20036"

    static let tag = ASN1Identifier.application(24)

    init(node: ASN1Node) throws {
        var children = try BERRead.children(node, Self.tag, "ExtendedResponse")
        result = try LDAPResult.decodeComponents(&children)
        name = try BERRead.optional(&children, .context(10)).map { try BERRead.string($0, .context(10), "responseName") }
        value = try BERRead.optional(&children, .context(11)).map { try BERRead.octets($0, .context(11), "responseValue") }
        try BERRead.end(&children, "ExtendedResponse")
    }

    func encode(into serializer: inout DER.Serializer) {
        serializer.appendConstructedNode(identifier: Self.tag) { body in
            result.encodeComponents(into: &body)
            if let name { body.appendString(name, identifier: .context(10)) }
            if let value { body.appendOctets(value, identifier: .context(11)) }
        }
    }

    /// The generated password in an RFC 3062 response, if the server made one.
    public func generatedPassword() throws -> String? {
        guard let value, !value.isEmpty else { return nil }
        let root = try parseBER(value, "password modify response")
        var children = try BERRead.children(root, .sequence, "password modify response")
        let generated = try BERRead.optional(&children, .context(0)).map { try BERRead.string($0, .context(0), "genPasswd") }
        try BERRead.end(&children, "password modify response")
        return generated
    }
}

extension ExtendedResponse: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "ExtendedResponse(\(result.resultCode), name: \(name ?? "-"))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["result": result, "name": name as Any]) }
}

/// IntermediateResponse (RFC 4511 §4.13).
public struct IntermediateResponse: Hashable, Sendable {
    public var name: String?
    public var value: [UInt8]?

    public init(name: String? = nil, value: [UInt8]? = nil) {
        self.name = name
        self.value = value
    }

    static let tag = ASN1Identifier.application(25)

    init(node: ASN1Node) throws {
        var children = try BERRead.children(node, Self.tag, "IntermediateResponse")
        name = try BERRead.optional(&children, .context(0)).map { try BERRead.string($0, .context(0), "responseName") }
        value = try BERRead.optional(&children, .context(1)).map { try BERRead.octets($0, .context(1), "responseValue") }
        try BERRead.end(&children, "IntermediateResponse")
    }

    func encode(into serializer: inout DER.Serializer) {
        serializer.appendConstructedNode(identifier: Self.tag) { body in
            if let name { body.appendString(name, identifier: .context(0)) }
            if let value { body.appendOctets(value, identifier: .context(1)) }
        }
    }
}
