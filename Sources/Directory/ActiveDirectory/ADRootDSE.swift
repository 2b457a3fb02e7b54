public import LDAP

/// What a DC says about itself before anyone binds.
public struct ADRootDSE: Hashable, Sendable {
    public var defaultNamingContext: String?
    public var dnsHostName: String?
    public var serverName: String?
    public var supportedControls: Set<String>
    public var supportedExtensions: Set<String>
    public var supportedLDAPVersions: [String]
    public var domainFunctionality: Int?
    public var vendorName: String?

    public static let attributes = [
        "defaultNamingContext", "dnsHostName", "serverName", "supportedControl", "supportedExtension",
        "supportedLDAPVersion", "domainFunctionality", "vendorName",
    ]

    public init(entry: SearchResultEntry) {
        defaultNamingContext = entry.string("defaultNamingContext")
        dnsHostName = entry.string("dnsHostName")
        serverName = entry.string("serverName")
        supportedControls = Set(entry.strings("supportedControl"))
        supportedExtensions = Set(entry.strings("supportedExtension"))
        supportedLDAPVersions = entry.strings("supportedLDAPVersion")
        domainFunctionality = entry.string("domainFunctionality").flatMap { Int($0) }
        vendorName = entry.string("vendorName")
    }

    /// The password-policy-hints OID this DC advertises, newest first.
    public var policyHintsOID: String? {
        [PolicyHintsControl.oid, PolicyHintsControl.deprecatedOID].first { supportedControls.contains($0) }
    }
}
