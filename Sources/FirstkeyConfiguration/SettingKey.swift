// FirstkeyConfiguration: the service's settings as one value, loaded once from a YAML or JSON
// file plus FIRSTKEY_* environment overrides (swift-configuration), validated before use.

/// One setting Firstkey understands. The table of them drives loading, the check for unknown
/// or mistyped keys, and `firstkey config keys`.
public struct SettingKey: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case text, list, integer, number, boolean
        /// A path to a file holding a secret; the secret itself never sits in the configuration.
        case secretFile = "secret file"
        case file
    }

    /// Dotted path in the file, e.g. `ldap.bindDN`.
    public let path: String
    public let kind: Kind
    public let summary: String

    public init(_ path: String, _ kind: Kind, _ summary: String) {
        self.path = path
        self.kind = kind
        self.summary = summary
    }

    /// The environment variable that overrides it: `ldap.bindDN` → `FIRSTKEY_LDAP_BIND_DN`.
    public var environmentVariable: String {
        var name = "FIRSTKEY"
        for component in path.split(separator: ".") {
            name += "_"
            var previous: Character?
            for character in component {
                if let previous, previous.isLowercase, character.isUppercase { name += "_" }
                name += character.isLetter || character.isNumber ? String(character).uppercased() : "_"
                previous = character
            }
        }
        return name
    }
}

extension SettingKey {
    public static let all: [SettingKey] = [
        SettingKey("database", .file, "SQLite database file (default firstkey.sqlite)"),
        SettingKey("postgresUrlFile", .secretFile, "file holding a postgres:// URL; use PostgreSQL instead of SQLite"),
        SettingKey("sealingKeyFile", .secretFile, "32-byte AES key sealing secrets at rest (base64 or raw, mode 600)"),
        SettingKey("listen", .text, "address of the admin API and probes, host:port (default 127.0.0.1:8080)"),
        SettingKey("managementListen", .text, "host:port of a listener serving /metrics, the OpenAPI document and the probes without a token (loopback or a monitoring network; default none: on the API listener they need a read token)"),
        SettingKey("ldap.url", .list, "directory servers in failover order, ldaps://host[:636] or ldap://host (StartTLS)"),
        SettingKey("ldap.discoverDomain", .text, "find the DCs of this AD DNS domain through SRV records instead of ldap.url"),
        SettingKey("ldap.dnsServer", .text, "DNS server ip[:port] for ldap.discoverDomain (default: the system resolver)"),
        SettingKey("ldap.caFile", .file, "PEM CA certificate(s) of the DCs (default: the system trust store)"),
        SettingKey("ldap.tlsServerName", .text, "name to verify in the DC certificate when connecting by IP address"),
        SettingKey("ldap.bindDN", .text, "DN or UPN of the service account"),
        SettingKey("ldap.bindPasswordFile", .secretFile, "file holding the service account's password"),
        SettingKey("ldap.baseDN", .text, "where users are searched: the domain root or the delegated OU"),
        SettingKey("ldap.targetOU", .text, "the OU whose users Firstkey manages (default: ldap.baseDN)"),
        SettingKey("ldap.kind", .text, "ad (Active Directory, Samba AD) or openldap (default ad)"),
        SettingKey("ldap.timeoutSeconds", .integer, "seconds to wait for one directory request (default 30)"),
        SettingKey("ldap.maximumConnections", .integer, "pooled connections per DC (default 4)"),
        SettingKey("ldap.connectTimeoutSeconds", .number, "seconds for the TCP connection to one DC before the next is tried (default 3)"),
        SettingKey("ldap.handshakeTimeoutSeconds", .number, "seconds for the TLS handshake or StartTLS, and for the bind, before the next DC is tried (default 3)"),
        SettingKey("ldap.stallSeconds", .number, "seconds a request may go unanswered before its DC is probed; a DC that fails the probe is hung and work moves to the next DC (default 1.5, 0: never)"),
        SettingKey("engine.batchSize", .integer, "cases processed concurrently per round (default 16)"),
        SettingKey("engine.leaseSeconds", .number, "seconds a worker holds a case before others may take it (default 120)"),
        SettingKey("entra.tenantID", .text, "directory (tenant) ID GUID of the Entra tenant"),
        SettingKey("entra.clientID", .text, "application (client) ID of Firstkey's app registration"),
        SettingKey("entra.clientSecretFile", .secretFile, "file holding the client secret's value (a certificate is preferred)"),
        SettingKey("entra.certificateFile", .file, "PEM certificate registered on the app, for the JWT client assertion"),
        SettingKey("entra.privateKeyFile", .secretFile, "PEM private key of entra.certificateFile"),
        SettingKey("entra.authorityHost", .text, "token authority (default https://login.microsoftonline.com)"),
        SettingKey("entra.graphBaseURL", .text, "Microsoft Graph root (default https://graph.microsoft.com/v1.0)"),
        SettingKey("entra.caFile", .file, "extra CA certificate(s) to trust for Entra/Graph (only for a simulator or a TLS-inspecting proxy)"),
        SettingKey("lifecycleWorkflows.allowedCallers", .list, "client IDs of the managed identities (the Logic App) allowed to call the custom task extension endpoint; enables it"),
        SettingKey("lifecycleWorkflows.audiences", .list, "accepted token audiences (default: entra.clientID and api://<entra.clientID>)"),
        SettingKey("lifecycleWorkflows.deliveryMode", .text, "delivery mode of hires from Lifecycle Workflows (default self-service)"),
        SettingKey("pull.enabled", .boolean, "discover new hires from Graph by employeeHireDate (no inbound port needed)"),
        SettingKey("pull.intervalMinutes", .integer, "minutes between discovery runs (default 15)"),
        SettingKey("pull.lookaheadDays", .integer, "onboard hires whose hire date is at most this many days ahead (default 14)"),
        SettingKey("pull.deliveryMode", .text, "delivery mode of hires found by pull mode (default self-service)"),
        SettingKey("tap.lifetimeMinutes", .integer, "lifetime of a Temporary Access Pass, 10–43200 within the tenant's policy (default 480)"),
        SettingKey("tap.usableOnce", .boolean, "one-time Temporary Access Pass (default true)"),
        SettingKey("escalation.serviceDesk", .text, "service-desk address that receives escalations"),
        SettingKey("escalation.senderMailbox", .text, "mailbox (UPN) Firstkey sends the service-desk e-mail from, through Graph (needs entra.* and Mail.Send)"),
        SettingKey("publicURL", .text, "the https:// address hires reach Firstkey at (pickup links, the portal)"),
        SettingKey("delivery.organization", .text, "organisation name in messages and pages (default Firstkey)"),
        SettingKey("delivery.helpContact", .text, "where hires get help, e.g. \"the IT service desk (+49 30 1234-5678)\""),
        SettingKey("delivery.language", .text, "language of messages: en or de (default en)"),
        SettingKey("delivery.timeZone", .text, "IANA time zone dates are shown in, e.g. Europe/Berlin (default: the host's)"),
        SettingKey("delivery.pickupLinkTo", .text, "where the pickup link goes: private-email (code by SMS; default) or mobile (code by e-mail)"),
        SettingKey("delivery.notifyManager", .boolean, "tell the manager the username and what happens next, never a secret (default true)"),
        SettingKey("delivery.reportTimeoutMinutes", .number, "a message whose provider reports delivery (Twilio with its status callback) counts as undelivered without a report after this long, and goes over its next route (default 30)"),
        SettingKey("delivery.caFile", .file, "extra CA certificate(s) to trust for the SMS and webhook providers (a simulator or TLS-inspecting proxy)"),
        SettingKey("sms.provider", .text, "acs (Azure Communication Services) or twilio"),
        SettingKey("sms.from", .text, "SMS sender: E.164 number, alphanumeric sender ID, or a Twilio Messaging Service SID (MG…)"),
        SettingKey("sms.acsConnectionStringFile", .secretFile, "file holding the ACS connection string (endpoint=…;accesskey=…)"),
        SettingKey("sms.twilioAccountSID", .text, "Twilio Account SID (AC…)"),
        SettingKey("sms.twilioAuthTokenFile", .secretFile, "file holding the Twilio auth token: checks the status callbacks' signatures (and sends, without an API key)"),
        SettingKey("sms.twilioApiKeySID", .text, "Twilio API key SID (SK…)"),
        SettingKey("sms.twilioApiKeySecretFile", .secretFile, "file holding the Twilio API key secret"),
        SettingKey("sms.twilioBaseURL", .text, "Twilio API root (default https://api.twilio.com)"),
        SettingKey("sms.eventGridAudience", .text, "ACS delivery reports: the Entra application ID URI or client ID the Event Grid subscription names (Microsoft Entra authentication); turns on POST /webhooks/acs/events (unset: off)"),
        SettingKey("webhook.url", .text, "https:// URL that receives HMAC-signed JSON for each SMS (any other gateway)"),
        SettingKey("webhook.secretFile", .secretFile, "file holding the webhook's HMAC signing secret"),
        SettingKey("email.provider", .text, "graph (sendMail, needs entra.* and Mail.Send) or smtp"),
        SettingKey("email.from", .text, "sender mailbox (graph: its UPN) or address (smtp)"),
        SettingKey("email.smtpHost", .text, "SMTP server host"),
        SettingKey("email.smtpPort", .integer, "SMTP port (default 587 starttls, 465 implicit-tls)"),
        SettingKey("email.smtpSecurity", .text, "starttls (default), implicit-tls, or none (only to a relay on loopback)"),
        SettingKey("email.smtpUsername", .text, "SMTP AUTH user name"),
        SettingKey("email.smtpPasswordFile", .secretFile, "file holding the SMTP AUTH password"),
        SettingKey("email.smtpCaFile", .file, "CA certificate(s) to trust for the SMTP server (default: the system's)"),
        SettingKey("pickup.lifetimeHours", .number, "hours a pickup link works (default 72)"),
        SettingKey("pickup.maximumAttempts", .integer, "wrong codes before the pickup link is destroyed (default 5)"),
        SettingKey("portal.enabled", .boolean, "serve the first-password portal and the admin dashboard at /portal and /admin (default true; needs entra.* and publicURL)"),
        SettingKey("portal.requiredAuthenticationMethods", .list, "amr values of which the sign-in must carry one, asked for with a claims request, e.g. ngcmfa,mfa (default: none required)"),
        SettingKey("portal.authenticationContext", .text, "Conditional Access authentication context ID the sign-in must satisfy (acrs), e.g. c1, backed by an authentication strength"),
        SettingKey("portal.maximumAuthenticationAgeMinutes", .number, "the hire must have signed in at most this long ago (auth_time; default 10)"),
        SettingKey("portal.sessionMinutes", .number, "how long a portal or dashboard session lasts (default 15)"),
        SettingKey("portal.enableAccount", .boolean, "enable the AD account when the hire sets their password (default true)"),
        SettingKey("portal.allowedGroups", .list, "Entra group object IDs whose members may set a first password without an open case (groups claim)"),
        SettingKey("portal.adminRoles", .list, "app roles (roles claim) that open the admin dashboard (default Firstkey.Admin)"),
        SettingKey("portal.adminGroups", .list, "Entra group object IDs (groups claim) whose members may open the admin dashboard"),
        SettingKey("portal.passwordSyncMinutes", .number, "minutes the success page says the cloud needs to learn the password (password hash sync; default 2)"),
        SettingKey("escalation.hoursBeforeHireDate", .number, "escalate a hire without a working credential this many hours before the hire date (default 24)"),
        SettingKey("guard.maximumAccountAgeDays", .number, "an account created longer ago gets no first credential: it is not a new hire's (default 30)"),
        SettingKey("guard.passwordChangeToleranceMinutes", .number, "a password set later than this after the account's creation means someone used it: no first credential (default 10)"),
        SettingKey("guard.denyGroups", .list, "groups (DN or sAMAccountName) whose members never get a first credential, besides the tier-0 groups"),
        SettingKey("guard.intakePerMinute", .integer, "new cases one API token (API, SCIM bulk) or Lifecycle Workflows may open per minute; more get 429 with Retry-After (default 120, 0: no limit)"),
        SettingKey("guard.pagePostsPerMinute", .integer, "sign-ins and form posts of the portal, the dashboard and the pickup page per client address and minute; more get 429 (default 30, 0: no limit)"),
        SettingKey("guard.maximumNewCasesPerHour", .integer, "new cases beyond this many in an hour wait for an administrator's approval, so a compromised feed cannot mass-reset (default 200, 0: no ceiling)"),
    ]

    public static func named(_ path: String) -> SettingKey? { all.first { $0.path == path } }

    /// FIRSTKEY_* variables that are not settings but are still expected.
    static let otherEnvironmentVariables: Set<String> = [
        "FIRSTKEY_CONFIG", "FIRSTKEY_LDAP_BIND_PASSWORD", "FIRSTKEY_SEALING_KEY", "FIRSTKEY_REQUIRE_INTEGRATION", "FIRSTKEY_TEST_LOG",
    ]
}
