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

        public init() {}

        /// Whether any way to reach a directory is configured at all.
        public var isConfigured: Bool { !urls.isEmpty || discoverDomain != nil }
    }

    public struct Engine: Sendable, Equatable {
        public var batchSize = 16
        public var leaseSeconds = 120.0
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

    public var database = "firstkey.sqlite"
    public var postgresUrlFile: String?
    public var sealingKeyFile: String?
    public var listen = "127.0.0.1:8080"
    public var ldap = Directory()
    public var engine = Engine()
    public var escalation = Escalation()
    public var entra = Entra()
    public var lifecycleWorkflows = LifecycleWorkflows()
    public var pull = Pull()
    public var tap = TemporaryAccessPass()
    /// Where values came from, for `config check`: the file path and/or "environment".
    public var sources: [String] = []

    public init() {}
}
