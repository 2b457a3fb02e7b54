import SwiftASN1

/// BindRequest (RFC 4511 §4.2). Firstkey uses simple binds over TLS; SASL is carried for completeness.
public struct BindRequest: Hashable, Sendable {
    public enum Authentication: Hashable, Sendable {
        case simple(password: [UInt8])
        case sasl(mechanism: String, credentials: [UInt8]?)
    }

    public var version: Int
    public var name: String
    public var authentication: Authentication

    public init(version: Int = 3, name: String, authentication: Authentication) {
        self.version = version
        self.name = name
        self.authentication = authentication
    }

    public static func simple(name: String, password: String) -> BindRequest {
        BindRequest(name: name, authentication: .simple(password: Array(password.utf8)))
    }

    static let tag = ASN1Identifier.application(0)
    static let simpleTag = ASN1Identifier.context(0)
    static let saslTag = ASN1Identifier.context(3)

    init(node: ASN1Node) throws {
        var children = try BERRead.children(node, Self.tag, "BindRequest")
        let version = try BERRead.integer(BERRead.next(&children, "version"), .integer, "version")
        guard (1...127).contains(version) else { throw LDAPDecodingError(.invalidValue, "bind version \(version)") }
        self.version = Int(version)
        self.name = try BERRead.string(BERRead.next(&children, "bind name"), .octetString, "bind name")
        let auth = try BERRead.next(&children, "authentication")
        switch auth.identifier {
        case Self.simpleTag:
            self.authentication = .simple(password: try BERRead.octets(auth, Self.simpleTag, "simple password"))
        case Self.saslTag:
            var sasl = try BERRead.children(auth, Self.saslTag, "SaslCredentials")
            let mechanism = try BERRead.string(BERRead.next(&sasl, "SASL mechanism"), .octetString, "SASL mechanism")
            let credentials = try sasl.next().map { try BERRead.octets($0, .octetString, "SASL credentials") }
            try BERRead.end(&sasl, "SaslCredentials")
            self.authentication = .sasl(mechanism: mechanism, credentials: credentials)
        default:
            throw LDAPDecodingError(.unexpectedElement, "unknown authentication choice \(auth.identifier)")
        }
        try BERRead.end(&children, "BindRequest")
    }

    func encode(into serializer: inout DER.Serializer) {
        serializer.appendConstructedNode(identifier: Self.tag) { body in
            body.appendInteger(Int64(version))
            body.appendString(name)
            switch authentication {
            case .simple(let password):
                body.appendOctets(password, identifier: Self.simpleTag)
            case .sasl(let mechanism, let credentials):
                body.appendConstructedNode(identifier: Self.saslTag) { sasl in
                    sasl.appendString(mechanism)
                    if let credentials { sasl.appendOctets(credentials) }
                }
            }
        }
    }
}

extension BindRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        switch authentication {
        case .simple: "BindRequest(simple, name: \(name))"
        case .sasl(let mechanism, _): "BindRequest(SASL \(mechanism), name: \(name))"
        }
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["name": name, "version": version]) }
}

/// BindResponse (RFC 4511 §4.2.2).
public struct BindResponse: Hashable, Sendable {
    public var result: LDAPResult
    public var serverSASLCredentials: [UInt8]?

    public init(result: LDAPResult, serverSASLCredentials: [UInt8]? = nil) {
        self.result = result
        self.serverSASLCredentials = serverSASLCredentials
    }

    static let tag = ASN1Identifier.application(1)
    static let credentialsTag = ASN1Identifier.context(7)

    init(node: ASN1Node) throws {
        var children = try BERRead.children(node, Self.tag, "BindResponse")
        self.result = try LDAPResult.decodeComponents(&children)
        self.serverSASLCredentials = try BERRead.optional(&children, Self.credentialsTag).map {
            try BERRead.octets($0, Self.credentialsTag, "serverSaslCreds")
        }
        try BERRead.end(&children, "BindResponse")
    }

    func encode(into serializer: inout DER.Serializer) {
        serializer.appendConstructedNode(identifier: Self.tag) { body in
            result.encodeComponents(into: &body)
            if let serverSASLCredentials { body.appendOctets(serverSASLCredentials, identifier: Self.credentialsTag) }
        }
    }
}
