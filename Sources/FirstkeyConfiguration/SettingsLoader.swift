import Configuration
import Foundation
import SystemPackage

/// Reads `FirstkeySettings` from an optional YAML/JSON file and the FIRSTKEY_* environment.
/// Every problem is collected — a wrong type, a value out of range, an unknown key (a typo
/// would otherwise be silently ignored) — and errors are thrown together.
public enum SettingsLoader {
    public struct Loaded: Sendable {
        public var settings: FirstkeySettings
        /// Warnings only; errors are thrown.
        public var warnings: [ConfigurationProblem]
    }

    public static func load(file: String?, environment: [String: String]) async throws -> Loaded {
        var problems: [ConfigurationProblem] = []
        var providers: [any ConfigProvider] = []
        var settings = FirstkeySettings()

        let overrides = environment.filter { $0.key.hasPrefix("FIRSTKEY_") && !$0.value.isEmpty }
        if !overrides.isEmpty {
            let stripped = Dictionary(uniqueKeysWithValues: overrides.map { (String($0.key.dropFirst("FIRSTKEY_".count)), $0.value) })
            providers.append(EnvironmentVariablesProvider(environmentVariables: stripped))
            settings.sources.append("environment")
            let known = Set(SettingKey.all.map(\.environmentVariable)).union(SettingKey.otherEnvironmentVariables)
            for name in overrides.keys.sorted() where !known.contains(name) {
                problems.append(.init(.warning, key: name, "is not a Firstkey setting and is ignored (see `firstkey config keys`)"))
            }
        }
        if let file {
            do {
                providers.append(try await fileProvider(file))
                settings.sources.append(file)
                problems += try SettingsFileInspector.inspect(contentsOf: file)
            } catch let error as ConfigurationError {
                throw error
            } catch {
                throw ConfigurationError(problems: [.init(.error, key: file, "cannot be read as configuration: \(error)")])
            }
        }
        if !providers.isEmpty {
            var reader = SettingsReader(config: ConfigReader(providers: providers))
            reader.read(into: &settings)
            problems += reader.problems
        }
        problems += SettingsValidation.check(settings)
        if problems.contains(where: { $0.severity == .error }) { throw ConfigurationError(problems: problems) }
        return Loaded(settings: settings, warnings: problems)
    }

    static func fileProvider(_ path: String) async throws -> any ConfigProvider {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ConfigurationError(problems: [.init(.error, key: path, "the configuration file does not exist or cannot be read")])
        }
        let lowercased = path.lowercased()
        if lowercased.hasSuffix(".yaml") || lowercased.hasSuffix(".yml") {
            return try await FileProvider<YAMLSnapshot>(filePath: FilePath(path))
        }
        if lowercased.hasSuffix(".json") {
            return try await FileProvider<JSONSnapshot>(filePath: FilePath(path))
        }
        throw ConfigurationError(problems: [.init(.error, key: path, "the configuration file must end in .yaml, .yml or .json")])
    }
}

/// Typed reads that notice a value which is present but of the wrong type, instead of quietly
/// falling back to the default as a plain lookup would.
struct SettingsReader {
    let config: ConfigReader
    var problems: [ConfigurationProblem] = []

    mutating func read(into settings: inout FirstkeySettings) {
        text("database").map { settings.database = $0 }
        settings.postgresUrlFile = text("postgresUrlFile") ?? settings.postgresUrlFile
        settings.sealingKeyFile = text("sealingKeyFile") ?? settings.sealingKeyFile
        text("listen").map { settings.listen = $0 }
        text("managementListen").map { settings.managementListen = $0 }
        list("ldap.url").map { settings.ldap.urls = $0 }
        settings.ldap.discoverDomain = text("ldap.discoverDomain") ?? settings.ldap.discoverDomain
        settings.ldap.dnsServer = text("ldap.dnsServer") ?? settings.ldap.dnsServer
        settings.ldap.caFile = text("ldap.caFile") ?? settings.ldap.caFile
        settings.ldap.tlsServerName = text("ldap.tlsServerName") ?? settings.ldap.tlsServerName
        settings.ldap.bindDN = text("ldap.bindDN") ?? settings.ldap.bindDN
        settings.ldap.bindPasswordFile = text("ldap.bindPasswordFile") ?? settings.ldap.bindPasswordFile
        settings.ldap.baseDN = text("ldap.baseDN") ?? settings.ldap.baseDN
        settings.ldap.targetOU = text("ldap.targetOU") ?? settings.ldap.targetOU
        text("ldap.kind").map { settings.ldap.kind = $0.lowercased() }
        integer("ldap.timeoutSeconds").map { settings.ldap.timeoutSeconds = $0 }
        integer("ldap.maximumConnections").map { settings.ldap.maximumConnections = $0 }
        number("ldap.connectTimeoutSeconds").map { settings.ldap.connectTimeoutSeconds = $0 }
        number("ldap.handshakeTimeoutSeconds").map { settings.ldap.handshakeTimeoutSeconds = $0 }
        number("ldap.stallSeconds").map { settings.ldap.stallSeconds = $0 }
        integer("engine.batchSize").map { settings.engine.batchSize = $0 }
        number("engine.leaseSeconds").map { settings.engine.leaseSeconds = $0 }
        settings.escalation.serviceDesk = text("escalation.serviceDesk") ?? settings.escalation.serviceDesk
        settings.escalation.senderMailbox = text("escalation.senderMailbox") ?? settings.escalation.senderMailbox
        number("escalation.hoursBeforeHireDate").map { settings.escalation.hoursBeforeHireDate = $0 }
        number("guard.maximumAccountAgeDays").map { settings.guard.maximumAccountAgeDays = $0 }
        number("guard.passwordChangeToleranceMinutes").map { settings.guard.passwordChangeToleranceMinutes = $0 }
        list("guard.denyGroups").map { settings.guard.denyGroups = $0 }
        integer("guard.maximumNewCasesPerHour").map { settings.guard.maximumNewCasesPerHour = $0 }
        integer("guard.intakePerMinute").map { settings.guard.intakePerMinute = $0 }
        integer("guard.pagePostsPerMinute").map { settings.guard.pagePostsPerMinute = $0 }
        settings.entra.tenantID = text("entra.tenantID") ?? settings.entra.tenantID
        settings.entra.clientID = text("entra.clientID") ?? settings.entra.clientID
        settings.entra.clientSecretFile = text("entra.clientSecretFile") ?? settings.entra.clientSecretFile
        settings.entra.certificateFile = text("entra.certificateFile") ?? settings.entra.certificateFile
        settings.entra.privateKeyFile = text("entra.privateKeyFile") ?? settings.entra.privateKeyFile
        settings.entra.authorityHost = text("entra.authorityHost") ?? settings.entra.authorityHost
        settings.entra.graphBaseURL = text("entra.graphBaseURL") ?? settings.entra.graphBaseURL
        settings.entra.caFile = text("entra.caFile") ?? settings.entra.caFile
        list("lifecycleWorkflows.allowedCallers").map { settings.lifecycleWorkflows.allowedCallers = $0 }
        list("lifecycleWorkflows.audiences").map { settings.lifecycleWorkflows.audiences = $0 }
        text("lifecycleWorkflows.deliveryMode").map { settings.lifecycleWorkflows.deliveryMode = $0.lowercased() }
        boolean("pull.enabled").map { settings.pull.enabled = $0 }
        integer("pull.intervalMinutes").map { settings.pull.intervalMinutes = $0 }
        integer("pull.lookaheadDays").map { settings.pull.lookaheadDays = $0 }
        integer("tap.lifetimeMinutes").map { settings.tap.lifetimeMinutes = $0 }
        boolean("tap.usableOnce").map { settings.tap.usableOnce = $0 }
        text("pull.deliveryMode").map { settings.pull.deliveryMode = $0.lowercased() }
        settings.publicURL = text("publicURL") ?? settings.publicURL
        text("delivery.organization").map { settings.delivery.organization = $0 }
        settings.delivery.helpContact = text("delivery.helpContact") ?? settings.delivery.helpContact
        text("delivery.language").map { settings.delivery.language = $0.lowercased() }
        settings.delivery.timeZone = text("delivery.timeZone") ?? settings.delivery.timeZone
        text("delivery.pickupLinkTo").map { settings.delivery.pickupLinkTo = $0.lowercased() }
        boolean("delivery.notifyManager").map { settings.delivery.notifyManager = $0 }
        number("delivery.reportTimeoutMinutes").map { settings.delivery.reportTimeoutMinutes = $0 }
        settings.delivery.caFile = text("delivery.caFile") ?? settings.delivery.caFile
        settings.sms.provider = text("sms.provider")?.lowercased() ?? settings.sms.provider
        settings.sms.from = text("sms.from") ?? settings.sms.from
        settings.sms.acsConnectionStringFile = text("sms.acsConnectionStringFile") ?? settings.sms.acsConnectionStringFile
        settings.sms.twilioAccountSID = text("sms.twilioAccountSID") ?? settings.sms.twilioAccountSID
        settings.sms.twilioAuthTokenFile = text("sms.twilioAuthTokenFile") ?? settings.sms.twilioAuthTokenFile
        settings.sms.twilioApiKeySID = text("sms.twilioApiKeySID") ?? settings.sms.twilioApiKeySID
        settings.sms.twilioApiKeySecretFile = text("sms.twilioApiKeySecretFile") ?? settings.sms.twilioApiKeySecretFile
        settings.sms.twilioBaseURL = text("sms.twilioBaseURL") ?? settings.sms.twilioBaseURL
        settings.sms.eventGridAudience = text("sms.eventGridAudience") ?? settings.sms.eventGridAudience
        settings.webhook.url = text("webhook.url") ?? settings.webhook.url
        settings.webhook.secretFile = text("webhook.secretFile") ?? settings.webhook.secretFile
        settings.email.provider = text("email.provider")?.lowercased() ?? settings.email.provider
        settings.email.from = text("email.from") ?? settings.email.from
        settings.email.smtpHost = text("email.smtpHost") ?? settings.email.smtpHost
        settings.email.smtpPort = integer("email.smtpPort") ?? settings.email.smtpPort
        text("email.smtpSecurity").map { settings.email.smtpSecurity = $0.lowercased() }
        settings.email.smtpUsername = text("email.smtpUsername") ?? settings.email.smtpUsername
        settings.email.smtpPasswordFile = text("email.smtpPasswordFile") ?? settings.email.smtpPasswordFile
        settings.email.smtpCaFile = text("email.smtpCaFile") ?? settings.email.smtpCaFile
        number("pickup.lifetimeHours").map { settings.pickup.lifetimeHours = $0 }
        integer("pickup.maximumAttempts").map { settings.pickup.maximumAttempts = $0 }
        boolean("portal.enabled").map { settings.portal.enabled = $0 }
        list("portal.requiredAuthenticationMethods").map { settings.portal.requiredAuthenticationMethods = $0 }
        settings.portal.authenticationContext = text("portal.authenticationContext") ?? settings.portal.authenticationContext
        number("portal.maximumAuthenticationAgeMinutes").map { settings.portal.maximumAuthenticationAgeMinutes = $0 }
        number("portal.sessionMinutes").map { settings.portal.sessionMinutes = $0 }
        boolean("portal.enableAccount").map { settings.portal.enableAccount = $0 }
        list("portal.allowedGroups").map { settings.portal.allowedGroups = $0 }
        list("portal.adminRoles").map { settings.portal.adminRoles = $0 }
        list("portal.adminGroups").map { settings.portal.adminGroups = $0 }
        number("portal.passwordSyncMinutes").map { settings.portal.passwordSyncMinutes = $0 }
    }

    private func text(_ key: String) -> String? {
        config.string(forKey: ConfigKey(key)).flatMap { $0.isEmpty ? nil : $0 }
    }

    private func list(_ key: String) -> [String]? {
        let values = config.stringArray(forKey: ConfigKey(key)) ?? text(key).map { $0.split(separator: ",").map(String.init) }
        return values?.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private mutating func integer(_ key: String) -> Int? {
        typed(key, config.int(forKey: ConfigKey(key)), expected: "a whole number") { Int($0) }
    }

    private mutating func boolean(_ key: String) -> Bool? {
        typed(key, config.bool(forKey: ConfigKey(key)), expected: "true or false") { raw in
            switch raw.lowercased() {
            case "true", "yes", "on", "1": true
            case "false", "no", "off", "0": false
            default: nil
            }
        }
    }

    private mutating func number(_ key: String) -> Double? {
        typed(key, config.double(forKey: ConfigKey(key)) ?? config.int(forKey: ConfigKey(key)).map(Double.init), expected: "a number") { raw in
            Double(raw).flatMap { $0.isFinite ? $0 : nil }
        }
    }

    /// The provider's typed value; else the text parsed; else, when text is there but does not
    /// parse, a problem naming the key — never a silent fall back to the default.
    private mutating func typed<Value>(_ key: String, _ value: Value?, expected: String, parse: (String) -> Value?) -> Value? {
        if let value { return value }
        guard let raw = text(key) else { return nil }
        if let parsed = parse(raw.trimmingCharacters(in: .whitespaces)) { return parsed }
        problems.append(.init(.error, key: key, "must be \(expected), not '\(raw)'"))
        return nil
    }
}
