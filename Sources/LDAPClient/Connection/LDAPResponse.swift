public import LDAP

/// Everything the server sent for one request: its final result, response controls, and for a
/// search the entries and continuation references (returned, never chased).
public struct LDAPResponse: Sendable {
    public var result: LDAPResult
    public var controls: [LDAPControl]
    public var entries: [SearchResultEntry]
    public var references: [[String]]
    /// The final message's operation (e.g. an ExtendedResponse with its name and value).
    public var operation: LDAPOperation

    public init(result: LDAPResult, controls: [LDAPControl] = [], entries: [SearchResultEntry] = [], references: [[String]] = [], operation: LDAPOperation) {
        self.result = result
        self.controls = controls
        self.entries = entries
        self.references = references
        self.operation = operation
    }
}
