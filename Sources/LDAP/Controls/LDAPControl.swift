import SwiftASN1

/// A request or response control (RFC 4511 §4.1.11). Known controls have typed views in this folder;
/// any other control travels as it is.
public struct LDAPControl: Hashable, Sendable {
    public var oid: String
    public var criticality: Bool
    public var value: [UInt8]?

    public init(oid: String, criticality: Bool = false, value: [UInt8]? = nil) {
        self.oid = oid
        self.criticality = criticality
        self.value = value
    }

    static let listTag = ASN1Identifier.context(0)

    init(node: ASN1Node) throws {
        var children = try BERRead.children(node, .sequence, "Control")
        self.oid = try BERRead.string(BERRead.next(&children, "controlType"), .octetString, "controlType")
        self.criticality = try BERRead.optional(&children, .boolean).map { try BERRead.boolean($0, .boolean, "criticality") } ?? false
        self.value = try BERRead.optional(&children, .octetString).map { try BERRead.octets($0, .octetString, "controlValue") }
        try BERRead.end(&children, "Control")
    }

    func encode(into serializer: inout DER.Serializer) {
        serializer.appendConstructedNode(identifier: .sequence) { body in
            body.appendString(oid)
            if criticality { body.appendBoolean(true) }
            if let value { body.appendOctets(value) }
        }
    }

    static func decodeList(_ node: ASN1Node) throws -> [LDAPControl] {
        var children = try BERRead.children(node, listTag, "Controls")
        var controls: [LDAPControl] = []
        while let child = children.next() { controls.append(try LDAPControl(node: child)) }
        return controls
    }
}

extension Array where Element == LDAPControl {
    /// The first control with this OID.
    public func first(oid: String) -> LDAPControl? { first { $0.oid == oid } }
}
