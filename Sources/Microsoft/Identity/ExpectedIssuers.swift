/// The issuers a token of this tenant may carry.
struct ExpectedIssuers: Sendable, Hashable {
    /// `https://sts.windows.net/{tid}/`
    var v1: String
    /// From discovery: `https://login.microsoftonline.com/{tid}/v2.0`.
    var v2: String
    var tenantID: String

    init(tenantID: String, v2Issuer: String) {
        self.tenantID = tenantID.lowercased()
        self.v1 = "https://sts.windows.net/\(self.tenantID)/"
        self.v2 = v2Issuer
    }
}
