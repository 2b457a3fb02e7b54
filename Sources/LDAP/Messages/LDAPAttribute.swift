/// An attribute description with its values. Values are raw bytes: LDAP strings are UTF-8, but
/// objectSid, objectGUID and unicodePwd are binary.
public struct LDAPAttribute: Hashable, Sendable {
    public var name: String
    public var values: [[UInt8]]

    public init(name: String, values: [[UInt8]]) {
        self.name = name
        self.values = values
    }

    public init(name: String, strings: [String]) {
        self.init(name: name, values: strings.map { Array($0.utf8) })
    }

    /// The values decoded as UTF-8; values that are not text are skipped.
    public var stringValues: [String] {
        values.compactMap { String(validating: $0, as: UTF8.self) }
    }
}

// Values may be secrets (unicodePwd, userPassword): printing an attribute shows only its shape.
extension LDAPAttribute: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "\(name) (\(values.count) value\(values.count == 1 ? "" : "s"))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["name": name, "valueCount": values.count]) }
}
