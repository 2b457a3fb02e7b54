/// How to find users by an HR or on-premises key. Some properties are filterable only with an
/// advanced query (`ConsistencyLevel: eventual` + `$count=true`, eventually consistent).
public enum GraphUserFilter: Sendable, Hashable {
    case employeeID(String)
    case userPrincipalName(String)
    case mail(String)
    /// Advanced query.
    case onPremisesSamAccountName(String)
    /// Advanced query. base64 of the AD objectGUID.
    case onPremisesImmutableID(String)

    /// The `$filter` expression, value quoted as an OData literal.
    var expression: String {
        switch self {
        case .employeeID(let value): "employeeId eq \(ODataLiteral.string(value))"
        case .userPrincipalName(let value): "userPrincipalName eq \(ODataLiteral.string(value))"
        case .mail(let value): "mail eq \(ODataLiteral.string(value))"
        case .onPremisesSamAccountName(let value): "onPremisesSamAccountName eq \(ODataLiteral.string(value))"
        case .onPremisesImmutableID(let value): "onPremisesImmutableId eq \(ODataLiteral.string(value))"
        }
    }

    /// Whether Graph supports this filter only as an advanced query (§3 filter table).
    var needsAdvancedQuery: Bool {
        switch self {
        case .employeeID, .userPrincipalName, .mail: false
        case .onPremisesSamAccountName, .onPremisesImmutableID: true
        }
    }

    var value: String {
        switch self {
        case .employeeID(let value), .userPrincipalName(let value), .mail(let value), .onPremisesSamAccountName(let value),
            .onPremisesImmutableID(let value):
            value
        }
    }
}
