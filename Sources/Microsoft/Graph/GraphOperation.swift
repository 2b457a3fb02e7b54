/// A kind of Graph call: its metric label, how to name it to an administrator, and the least
/// application permission it needs (what a 403 usually means is missing).
public struct GraphOperation: Hashable, Sendable, CustomStringConvertible {
    /// Metric `operation` dimension, e.g. `get_user`.
    public let name: String
    /// For messages: "read a user".
    public let summary: String
    public let requiredPermission: String

    init(_ name: String, _ summary: String, permission: String) {
        self.name = name
        self.summary = summary
        self.requiredPermission = permission
    }

    public var description: String { name }

    public static let getUser = GraphOperation("get_user", "read a user", permission: "User.Read.All")
    public static let findUsers = GraphOperation("find_users", "search users", permission: "User.Read.All")
    public static let getManager = GraphOperation("get_manager", "read a user's manager", permission: "User.Read.All")
    /// `GET /users/{id}/transitiveMemberOf`: groups and activated directory roles, direct or nested.
    public static let listMemberships = GraphOperation("list_memberships", "list a user's group and directory role memberships", permission: "User.Read.All")
    /// `GET /users/{id}?$select=signInActivity`: needs a Microsoft Entra ID P1 or P2 licence too.
    public static let getSignInActivity = GraphOperation(
        "get_sign_in_activity", "read a user's sign-in activity", permission: "AuditLog.Read.All (and a Microsoft Entra ID P1 or P2 licence in the tenant)")
    public static let listAuthenticationMethods = GraphOperation(
        "list_authentication_methods", "list a user's authentication methods", permission: "UserAuthenticationMethod.Read.All")
    public static let listPhoneMethods = GraphOperation(
        "list_phone_methods", "list a user's phone authentication methods", permission: "UserAuthenticationMethod.Read.All")
    public static let createTemporaryAccessPass = GraphOperation(
        "create_temporary_access_pass", "create a Temporary Access Pass", permission: "UserAuthenticationMethod.ReadWrite.All")
    public static let listTemporaryAccessPasses = GraphOperation(
        "list_temporary_access_passes", "list a user's Temporary Access Passes", permission: "UserAuthenticationMethod.Read.All")
    public static let getTemporaryAccessPass = GraphOperation(
        "get_temporary_access_pass", "read a Temporary Access Pass", permission: "UserAuthenticationMethod.Read.All")
    public static let deleteTemporaryAccessPass = GraphOperation(
        "delete_temporary_access_pass", "delete a Temporary Access Pass", permission: "UserAuthenticationMethod.ReadWrite.All")
    public static let sendMail = GraphOperation(
        "send_mail", "send mail", permission: "Mail.Send (limited to the sending mailbox by an Exchange ApplicationAccessPolicy)")
    public static let resumeLifecycleWorkflow = GraphOperation(
        "resume_lifecycle_workflow", "resume a Lifecycle Workflows task",
        permission: "Firstkey's app ID in the custom task extension's authorizedApps (or LifecycleWorkflows.ReadWrite.All)")
}
