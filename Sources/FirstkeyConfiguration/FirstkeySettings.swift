/// Everything the service needs to know, as one value loaded once. Command-line flags override
/// the environment (FIRSTKEY_*), which overrides the file, which overrides the defaults here.
/// Secrets are never values here, only the files that hold them.
public struct FirstkeySettings: Sendable, Equatable {
    public struct Directory: Sendable, Equatable {
        public var urls: [String] = []
        public var discoverDomain: String?
        public var dnsServer: String?
        public var caFile: String?
        public var tlsServerName: String?
        public var bindDN: String?
        public var bindPasswordFile: String?
        public var baseDN: String?
        public var targetOU: String?
        public var kind = "ad"
        public var timeoutSeconds = 30
        public var maximumConnections = 4
        /// TCP connect to one DC.
        public var connectTimeoutSeconds = 3.0
        /// The TLS handshake (LDAPS) or StartTLS exchange, and the bind, each.
        public var handshakeTimeoutSeconds = 3.0
        /// A request unanswered this long makes Firstkey probe its DC on a new connection; 0: never.
        public var stallSeconds = 1.5

        public init() {}

        /// Whether any way to reach a directory is configured at all.
        public var isConfigured: Bool { !urls.isEmpty || discoverDomain != nil }
    }

    public struct Engine: Sendable, Equatable {
        public var batchSize = 16
        public var leaseSeconds = 120.0
        public init() {}
    }

    /// Which accounts may get a first credential at all (`FirstCredentialGuard`).
    public struct Guard: Sendable, Equatable {
        /// An account created longer ago than this is not a new hire's.
        public var maximumAccountAgeDays = 30.0
        /// A password set this long after the account's creation was set by someone other than
        /// the provisioning.
        public var passwordChangeToleranceMinutes = 10.0
        /// Groups (DN or sAMAccountName) whose members never get a first credential.
        public var denyGroups: [String] = []
        /// New cases beyond this many in an hour wait for an administrator's approval (0: no ceiling).
        public var maximumNewCasesPerHour = 200
        /// New cases per minute one API token (API, SCIM) or the Lifecycle Workflows caller may open (0: no limit).
        public var intakePerMinute = 120
        /// Sign-in starts and form posts of the portal, dashboard and pickup page per client address and minute (0: no limit).
        public var pagePostsPerMinute = 30
        public init() {}
    }

    public struct Escalation: Sendable, Equatable {
        public var serviceDesk: String?
        public var senderMailbox: String?
        public var hoursBeforeHireDate = 24.0
        public init() {}
    }

    public struct Entra: Sendable, Equatable {
        public var tenantID: String?
        public var clientID: String?
        public var clientSecretFile: String?
        public var certificateFile: String?
        public var privateKeyFile: String?
        public var authorityHost: String?
        public var graphBaseURL: String?
        public var caFile: String?
        public init() {}

        /// Whether Firstkey is to talk to Entra/Graph at all.
        public var isConfigured: Bool { tenantID != nil || clientID != nil }
    }

    public struct LifecycleWorkflows: Sendable, Equatable {
        public var allowedCallers: [String] = []
        public var audiences: [String] = []
        public var deliveryMode = "self-service"
        public init() {}
        public var isEnabled: Bool { !allowedCallers.isEmpty }
    }

    public struct Pull: Sendable, Equatable {
        public var enabled = false
        public var intervalMinutes = 15
        public var lookaheadDays = 14
        public var deliveryMode = "self-service"
        public init() {}
    }

    public struct TemporaryAccessPass: Sendable, Equatable {
        public var lifetimeMinutes = 480
        public var usableOnce = true
        public init() {}
    }

    /// How messages reach hires: what they say and in which language.
    public struct Delivery: Sendable, Equatable {
        public var organization = "Firstkey"
        public var helpContact: String?
        /// The hire's and the manager's language (en or de).
        public var language = "en"
        /// IANA time zone the hire date and the pickup deadline are shown in (default: the host's).
        public var timeZone: String?
        /// Where the pickup link goes: private-email (the code then goes by SMS) or mobile.
        public var pickupLinkTo = "private-email"
        public var notifyManager = true
        /// An SMS whose provider sends delivery reports, without one after this long, counts as not delivered.
        public var reportTimeoutMinutes = 30.0
        /// Extra CA certificate(s) for the SMS and webhook providers (a simulator, a TLS-inspecting proxy).
        public var caFile: String?
        public init() {}
    }

    public struct SMS: Sendable, Equatable {
        /// acs or twilio; nil: no SMS channel.
        public var provider: String?
        /// The sender: an E.164 number, an alphanumeric sender ID, or (Twilio) a Messaging Service SID.
        public var from: String?
        public var acsConnectionStringFile: String?
        public var twilioAccountSID: String?
        public var twilioAuthTokenFile: String?
        public var twilioApiKeySID: String?
        public var twilioApiKeySecretFile: String?
        public var twilioBaseURL: String?
        /// The audience (Firstkey's application ID URI or client ID) of the Entra tokens Event Grid
        /// sends with ACS delivery reports to `/webhooks/acs/events`; nil: the endpoint is off.
        public var eventGridAudience: String?
        public init() {}
    }

    public struct Webhook: Sendable, Equatable {
        public var url: String?
        public var secretFile: String?
        public init() {}
    }

    public struct Email: Sendable, Equatable {
        /// graph or smtp; nil: no e-mail channel.
        public var provider: String?
        /// The sender: a mailbox UPN (graph) or an address (smtp).
        public var from: String?
        public var smtpHost: String?
        public var smtpPort: Int?
        /// starttls (default), implicit-tls, or none (loopback relay only).
        public var smtpSecurity = "starttls"
        public var smtpUsername: String?
        public var smtpPasswordFile: String?
        public var smtpCaFile: String?
        public init() {}
    }

    public struct Pickup: Sendable, Equatable {
        public var lifetimeHours = 72.0
        public var maximumAttempts = 5
        public init() {}
    }

    /// The first-password portal and the admin dashboard: who may sign in, how fresh and how
    /// strong their sign-in must be (reference §2).
    public struct Portal: Sendable, Equatable {
        public var enabled = true
        /// `amr` values of which the ID token must carry at least one, asked for with a `claims`
        /// request (e.g. ngcmfa, mfa, rsa); empty: no amr requirement.
        public var requiredAuthenticationMethods: [String] = []
        /// A Conditional Access authentication context (e.g. c1) the sign-in must satisfy (`acrs`).
        public var authenticationContext: String?
        /// The user must have entered credentials at most this long before the portal sees the token.
        public var maximumAuthenticationAgeMinutes = 10.0
        /// How long a signed-in portal session lasts.
        public var sessionMinutes = 15.0
        /// Clear ACCOUNTDISABLE when the hire sets their password.
        public var enableAccount = true
        /// Entra group object IDs whose members may set a first password without an open case
        /// (the `groups` claim); a case is opened for them.
        public var allowedGroups: [String] = []
        /// App roles (the `roles` claim) that open the admin dashboard.
        public var adminRoles: [String] = ["Firstkey.Admin"]
        /// Entra group object IDs (the `groups` claim) whose members may open the admin dashboard.
        public var adminGroups: [String] = []
        /// What the success page tells the hire about the cloud picking the password up.
        public var passwordSyncMinutes = 2.0
        public init() {}
    }

    public var database = "firstkey.sqlite"
    public var postgresUrlFile: String?
    public var sealingKeyFile: String?
    public var listen = "127.0.0.1:8080"
    /// A second listener for /metrics, the OpenAPI document and the probes without a token (nil: none;
    /// on the API listener they then need a read token).
    public var managementListen: String?
    public var ldap = Directory()
    public var engine = Engine()
    public var escalation = Escalation()
    public var `guard` = Guard()
    public var entra = Entra()
    public var lifecycleWorkflows = LifecycleWorkflows()
    public var pull = Pull()
    public var tap = TemporaryAccessPass()
    /// The address hires reach Firstkey at (pickup links, the portal), e.g. https://firstkey.contoso.com.
    public var publicURL: String?
    public var delivery = Delivery()
    public var sms = SMS()
    public var webhook = Webhook()
    public var email = Email()
    public var pickup = Pickup()
    public var portal = Portal()
    /// Where values came from, for `config check`: the file path and/or "environment".
    public var sources: [String] = []

    public init() {}
}
