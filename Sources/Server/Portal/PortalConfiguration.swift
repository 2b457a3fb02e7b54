public import Foundation
public import Microsoft

/// How the portal and the admin dashboard sign people in and what they tell them.
public struct PortalConfiguration: Sendable {
    /// The address hires reach Firstkey at; the sign-in's redirect URI is `<publicURL>/portal/callback`.
    public var publicURL: URL
    public var entra: EntraConfiguration
    public var requirements: SignInRequirements
    /// How long a signed-in session lasts.
    public var sessionLifetime: Duration
    /// App roles (`roles`) and groups (`groups`) that open the admin dashboard.
    public var adminRoles: Set<String>
    public var adminGroups: Set<String>
    public var organization: String
    public var helpContact: String
    /// What the success page says about the cloud learning the password.
    public var passwordSyncMinutes: Double
    /// `Secure` cookies (and `SameSite=None` on the sign-in's own cookie, which must survive the
    /// cross-site form post back from Entra); true wherever the portal is served over HTTPS.
    public var secureCookies: Bool
    public var timeZone: TimeZone

    public init(publicURL: URL, entra: EntraConfiguration, requirements: SignInRequirements = SignInRequirements(), sessionLifetime: Duration = .seconds(900),
                adminRoles: Set<String> = ["Firstkey.Admin"], adminGroups: Set<String> = [], organization: String, helpContact: String,
                passwordSyncMinutes: Double = 2, secureCookies: Bool? = nil, timeZone: TimeZone = .current) {
        self.publicURL = publicURL
        self.entra = entra
        self.requirements = requirements
        self.sessionLifetime = sessionLifetime
        self.adminRoles = adminRoles
        self.adminGroups = adminGroups
        self.organization = organization
        self.helpContact = helpContact
        self.passwordSyncMinutes = passwordSyncMinutes
        self.secureCookies = secureCookies ?? (publicURL.scheme?.lowercased() == "https")
        self.timeZone = timeZone
    }

    public var redirectURI: URL { URL(string: publicURL.absoluteString.trimmingSuffix("/") + "/portal/callback")! }

    /// `scheme://host[:port]` of the public URL: what a same-origin form post's Origin header says.
    var publicOrigin: String {
        var origin = "\(publicURL.scheme?.lowercased() ?? "https")://\(publicURL.host?.lowercased() ?? "")"
        if let port = publicURL.port { origin += ":\(port)" }
        return origin
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        var text = self
        while text.hasSuffix(suffix) { text.removeLast(suffix.count) }
        return text
    }
}
