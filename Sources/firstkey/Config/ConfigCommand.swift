import ArgumentParser
import Credentials
import Delivery
import FirstkeyConfiguration
import Foundation
import Logging
import Microsoft
import Onboarding
import Server
import Store

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Validate the configuration and reach every configured dependency; list the settings.",
        subcommands: [ConfigCheckCommand.self, ConfigKeysCommand.self, ConfigShowCommand.self]
    )
}

/// `firstkey config check`: first the settings themselves (types, ranges, unknown keys, files),
/// then every dependency they name, for real: the database opened and migrated, the sealing key
/// loaded and used, every DC reached and the service account's rights confirmed.
struct ConfigCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Validate the configuration and reach every configured dependency.")

    @OptionGroup var config: ConfigOptions
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var engineOptions: EngineOptions

    func run() async throws {
        var checks: [Check] = []
        let environment = ProcessInfo.processInfo.environment
        let file = config.file ?? environment["FIRSTKEY_CONFIG"]
        var settings: FirstkeySettings
        do {
            let loaded = try await SettingsLoader.load(file: file, environment: environment)
            settings = loaded.settings
            for override in [storeOptions, directory, engineOptions] as [any SettingsOverride] { override.apply(to: &settings) }
            let flagProblems = SettingsValidation.check(settings).filter { $0.severity == .error }
            if !flagProblems.isEmpty { throw ConfigurationError(problems: flagProblems) }
            checks.append(Check(name: "configuration", status: .ok, detail: settings.sources.isEmpty ? "defaults only (no file, no FIRSTKEY_* variables)" : "read from \(settings.sources.joined(separator: " and "))"))
            checks += loaded.warnings.map { Check(name: "setting \($0.key)", status: .warning, detail: $0.message) }
        } catch let error as ConfigurationError {
            checks.append(Check(name: "configuration", status: .failed, detail: "not usable"))
            checks += error.problems.map { Check(name: "setting \($0.key)", status: $0.severity == .error ? .failed : .warning, detail: $0.message) }
            try CheckList(checks).print(json: directory.json, passed: "", failed: "Configuration check FAILED.")
            return
        }

        checks.append(await storeCheck(settings))
        checks.append(sealingCheck(settings))
        if settings.ldap.isConfigured {
            do {
                checks += try await DirectoryChecks.run(directory.access(settings), targetOU: nil)
            } catch {
                checks.append(Check(name: "directory", status: .failed, detail: "\(error)"))
            }
        } else {
            checks.append(Check(name: "directory", status: .failed, detail: "no directory configured: set ldap.url (or ldap.discoverDomain)"))
        }
        checks += await entraChecks(settings)
        checks.append(escalationCheck(settings))
        checks += await deliveryChecks(settings)
        try CheckList(checks).print(json: directory.json, passed: "Configuration check passed.", failed: "Configuration check FAILED.")
    }

    private func storeCheck(_ settings: FirstkeySettings) async -> Check {
        let name = settings.postgresUrlFile == nil ? "database (SQLite \(settings.database))" : "database (PostgreSQL)"
        do {
            let count = try await withStore(settings, logger: quietLogger()) { store in
                try await store.listCases(CaseFilter(states: [], limit: 10_000)).count
            }
            return Check(name: name, status: .ok, detail: "opened, schema up to date, \(count == 10_000 ? "10000+" : String(count)) case(s)")
        } catch {
            return Check(name: name, status: .failed, detail: "\(error)")
        }
    }

    private func sealingCheck(_ settings: FirstkeySettings) -> Check {
        do {
            guard let key = try settings.sealer()?.current else {
                return Check(name: "sealing key", status: .warning, detail: "sealingKeyFile is not set: temporary passwords and TAPs cannot be issued (self-service mode still works)")
            }
            let sealer = try settings.sealer() ?? SecretSealer(current: key)
            let probe = "firstkey-config-check"
            let sealed = try sealer.seal(probe, context: "config-check")
            guard try sealer.open(sealed, context: "config-check") == probe else {
                return Check(name: "sealing key", status: .failed, detail: "sealing and opening a test value did not round-trip")
            }
            return Check(name: "sealing key", status: .ok, detail: "\(settings.sealingKeyFile.map { "loaded from \($0)" } ?? "from FIRSTKEY_SEALING_KEY"); seals and opens (AES-256-GCM)")
        } catch {
            return Check(name: "sealing key", status: .failed, detail: "\(error)")
        }
    }

    /// A real token from Entra, then a real Graph read that needs User.Read.All.
    private func entraChecks(_ settings: FirstkeySettings) async -> [Check] {
        guard settings.entra.isConfigured else {
            return [Check(name: "entra", status: .warning, detail: "entra.* is not set: no TAP mode, no Lifecycle Workflows, no pull mode, no Entra correlation")]
                + (await portalChecks(settings, keys: nil))
        }
        let connection: MicrosoftConnection
        do {
            guard let opened = try MicrosoftConnection.open(settings, retryPolicy: MicrosoftConnection.diagnosticRetries, logger: quietLogger()) else { return [] }
            connection = opened
        } catch {
            return [Check(name: "entra configuration", status: .failed, detail: "\(error)")]
        }
        var checks: [Check] = []
        do {
            let token = try await connection.tokens.accessToken()
            checks.append(Check(name: "entra token", status: .ok, detail: "app-only token for Microsoft Graph from \(connection.configuration.authorityHost.absoluteString) (\(connection.configuration.credential)), valid until \(ISO8601DateFormatter().string(from: token.expiresAt))"))
            do {
                _ = try await connection.graph.users(matching: .employeeID("firstkey-config-check"))
                checks.append(Check(name: "graph users", status: .ok, detail: "users can be read (User.Read.All), and so can their directory roles"))
                switch try await connection.graph.signInActivityProbe() {
                case .readable:
                    checks.append(Check(name: "entra sign-in activity", status: .ok, detail: "readable: an Entra user who ever signed in gets no first credential"))
                case .unavailable(let error):
                    let why = error.graphCode == "Authentication_RequestFromNonPremiumTenantOrB2CTenant"
                        ? "the tenant has no Microsoft Entra ID P1/P2 licence" : "the application lacks AuditLog.Read.All (grant it with admin consent)"
                    checks.append(Check(name: "entra sign-in activity", status: .warning,
                                        detail: "not readable: \(why); Firstkey cannot tell from Entra whether a user ever signed in, and relies on AD's logonCount, lastLogonTimestamp and pwdLastSet alone"))
                }
            } catch {
                checks.append(Check(name: "graph users", status: .failed, detail: "\(error)"))
            }
        } catch {
            checks.append(Check(name: "entra token", status: .failed, detail: "\(error)"))
        }
        if settings.lifecycleWorkflows.isEnabled {
            checks.append(Check(name: "lifecycle workflows", status: .ok, detail: "callouts accepted from \(settings.lifecycleWorkflows.allowedCallers.joined(separator: ", ")) at /api/v1/lifecycle-workflows/callout"))
        }
        if settings.pull.enabled {
            checks.append(Check(name: "pull mode", status: .ok, detail: "hires up to \(settings.pull.lookaheadDays) days ahead, every \(settings.pull.intervalMinutes) min"))
        }
        checks += await portalChecks(settings, keys: connection.signingKeys)
        await connection.shutdown()
        return checks
    }

    /// The first-password portal and the admin dashboard: what `serve` will mount, who may use
    /// them, and the tenant's signing keys fetched for real (the portal checks ID tokens with them).
    /// Without Entra the portal cannot be mounted; a self-service mode in use then fails.
    private func portalChecks(_ settings: FirstkeySettings, keys: EntraSigningKeys?) async -> [Check] {
        let portal = settings.portal
        // Self-service cases can also come through the API; a source configured for them makes the portal a must.
        let configuredModes = [settings.pull.enabled ? settings.pull.deliveryMode : nil, settings.lifecycleWorkflows.isEnabled ? settings.lifecycleWorkflows.deliveryMode : nil]
        let needed = configuredModes.contains(DeliveryMode.selfService.rawValue)
        guard portal.enabled else {
            return [Check(name: "portal", status: needed ? .failed : .ok,
                          detail: needed ? "portal.enabled is false, but pull or Lifecycle Workflows open self-service cases: those hires would get a link to nothing" : "off (portal.enabled false): self-service cases cannot be completed")]
        }
        var missing: [String] = []
        if !settings.entra.isConfigured { missing.append("entra.* (the sign-in)") }
        if settings.publicURL == nil { missing.append("publicURL (the redirect URI)") }
        if ((try? settings.sealingKey()) ?? nil) == nil { missing.append("sealingKeyFile (the sealed cookies)") }
        guard missing.isEmpty, let keys, let publicURL = settings.publicURL else {
            return [Check(name: "portal", status: needed ? .failed : .warning,
                          detail: "not mounted (self-service cases cannot be completed): needs \(missing.joined(separator: ", "))")]
        }
        let base = publicURL.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        var rules: [String] = []
        if let context = portal.authenticationContext { rules.append("authentication context \(context)") }
        rules.append("signed in at most \(String(format: "%g", portal.maximumAuthenticationAgeMinutes)) min before")
        var checks = [Check(name: "portal", status: .ok,
                            detail: "\(base)/portal; register the redirect URI \(base)/portal/callback (Web platform); sign-in: \(rules.joined(separator: ", "))"
                                + (portal.allowedGroups.isEmpty ? "; only hires with an open case" : "; also members of \(portal.allowedGroups.count) group(s) without a case"))]
        if let context = portal.authenticationContext {
            checks.append(Check(name: "portal sign-in strength", status: .ok,
                                detail: "authentication context \(context): the tenant needs a Conditional Access authentication context \(context) whose policy requires "
                                    + "an authentication strength (passwordless, plus Temporary Access Pass for day one), and the app's optional ID-token claim acrs; "
                                    + "a sign-in whose token does not name \(context) in acrs is refused"))
        } else {
            checks.append(Check(name: "portal sign-in strength", status: .failed,
                                detail: "portal.authenticationContext is not set: a password sign-in could set the first password; see docs/portal.md"))
        }
        do {
            let kids = try await keys.currentKeyIDs()
            checks.append(Check(name: "portal signing keys", status: .ok, detail: "\(kids.count) key(s) from \(settings.entra.authorityHost ?? "https://login.microsoftonline.com")"))
        } catch {
            checks.append(Check(name: "portal signing keys", status: .failed, detail: error.reason))
        }
        let admins = portal.adminRoles.map { "app role \($0)" } + portal.adminGroups.map { "group \($0)" }
        checks.append(admins.isEmpty
            ? Check(name: "admin dashboard", status: .warning, detail: "nobody may open \(base)/admin: set portal.adminRoles or portal.adminGroups")
            : Check(name: "admin dashboard", status: .ok, detail: "\(base)/admin for \(admins.joined(separator: " or "))"))
        return checks
    }

    /// The channels open with their secrets, and every delivery mode in use can be served without
    /// the username and the secret ever travelling together; otherwise the check fails.
    private func deliveryChecks(_ settings: FirstkeySettings) async -> [Check] {
        let microsoft = try? MicrosoftConnection.open(settings, retryPolicy: MicrosoftConnection.diagnosticRetries, logger: quietLogger())
        let checks = await deliveryChecks(settings, microsoft: microsoft)
        await microsoft?.shutdown()
        return checks
    }

    private func deliveryChecks(_ settings: FirstkeySettings, microsoft: MicrosoftConnection?) async -> [Check] {
        let connection: DeliveryConnection
        do {
            guard let opened = try await DeliveryConnection.open(settings, microsoft: microsoft, logger: quietLogger()) else {
                return [Check(name: "delivery", status: .warning, detail: "no SMS (sms.provider, webhook.url) or e-mail (email.provider) channel is configured: cases wait at deliver and escalate before the hire date")]
            }
            connection = opened
        } catch {
            return [Check(name: "delivery channels", status: .failed, detail: "\(error)")]
        }
        let kinds = connection.channels.kinds
        var checks = [Check(name: "delivery channels", status: .ok, detail: kinds.map(\.rawValue).sorted().joined(separator: ", ")
            + " (SMS: \(settings.sms.provider ?? "-"), e-mail: \(settings.email.provider ?? "-"))")]
        if let audience = settings.sms.eventGridAudience {
            checks.append(settings.acsDeliveryReportsEnabled
                ? Check(name: "acs delivery reports", status: .ok,
                        detail: "Event Grid with Entra authentication at \((settings.publicURL ?? "<publicURL>").trimmingCharacters(in: CharacterSet(charactersIn: "/")))\(ACSEventGridEndpoint.path), audience \(audience); no report within \(Int(settings.delivery.reportTimeoutMinutes)) min → next route")
                : Check(name: "acs delivery reports", status: .failed, detail: "sms.eventGridAudience needs sms.provider acs and entra.tenantID/entra.clientID"))
        }
        for mode in settings.deliveryModesInUse.sorted(by: { $0.rawValue < $1.rawValue }) {
            do {
                try DeliveryPolicy.check(mode: mode, channels: kinds)
                checks.append(Check(name: "delivery \(mode.rawValue)", status: .ok, detail: "username and secret travel apart"))
            } catch {
                checks.append(Check(name: "delivery \(mode.rawValue)", status: .failed, detail: "cannot be delivered safely: \(error)"))
            }
        }
        if settings.publicURL == nil {
            checks.append(Check(name: "publicURL", status: .failed, detail: "not set: messages need the address of the pickup page and the portal"))
        } else if settings.sealingKeyFile == nil && ProcessInfo.processInfo.environment["FIRSTKEY_SEALING_KEY"] == nil {
            checks.append(Check(name: "pickup page", status: .failed, detail: "needs the sealing key (sealingKeyFile): pickups are sealed at rest"))
        } else {
            checks.append(Check(name: "pickup page", status: .ok, detail: "\(settings.publicURL!)/pickup/…, \(settings.pickup.maximumAttempts) attempts, links valid \(settings.pickup.lifetimeHours) h"))
        }
        await connection.shutdown()
        return checks
    }

    private func escalationCheck(_ settings: FirstkeySettings) -> Check {
        guard let desk = settings.escalation.serviceDesk else {
            return Check(name: "escalation", status: .warning, detail: "escalation.serviceDesk is not set: escalations are only logged and shown in the API")
        }
        let how = settings.escalation.senderMailbox.map { "e-mailed from \($0) through Graph" } ?? "logged and shown on the case (set escalation.senderMailbox to e-mail them)"
        return Check(name: "escalation", status: settings.escalation.senderMailbox == nil ? .warning : .ok,
                     detail: "escalations for \(desk), \(settings.escalation.hoursBeforeHireDate) h before the hire date at the latest: \(how)")
    }
}

/// `firstkey config keys`: every setting with its environment variable (`list`, the default), and
/// the rotation of the sealing key (`rotate`).
struct ConfigKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "List every setting (default), or rotate the sealing key.",
                                                    subcommands: [ConfigKeysListCommand.self, SealingKeyRotateCommand.self], defaultSubcommand: ConfigKeysListCommand.self)
}

struct ConfigKeysListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List every setting, its environment variable and what it does.")
    @Flag(help: "Print JSON.") var json = false

    struct Row: Encodable { var key: String; var environment: String; var kind: String; var summary: String }

    func run() {
        let rows = SettingKey.all.map { Row(key: $0.path, environment: $0.environmentVariable, kind: $0.kind.rawValue, summary: $0.summary) }
        if json { print(Output.json(rows)); return }
        print(Output.table(rows.map { ($0.key, "\($0.environment)  \($0.summary)") }))
    }
}

/// `firstkey config show`: the effective settings after file, environment and flags. Secrets are
/// never settings (only the files holding them), so nothing here needs hiding.
struct ConfigShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the effective settings (file, then environment, then flags).")
    @OptionGroup var config: ConfigOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let settings = try await config.load()
        let rows = SettingsView(settings).rows
        if json { print(Output.json(Dictionary(uniqueKeysWithValues: rows.map { ($0.0, $0.1) }))) } else { print(Output.table(rows)) }
    }
}

struct SettingsView {
    let rows: [(String, String)]

    init(_ settings: FirstkeySettings) {
        let ldap = settings.ldap
        rows = [
            ("sources", settings.sources.isEmpty ? "defaults" : settings.sources.joined(separator: ", ")),
            ("database", settings.postgresUrlFile == nil ? settings.database : "(PostgreSQL)"),
            ("postgresUrlFile", settings.postgresUrlFile ?? "-"),
            ("sealingKeyFile", settings.sealingKeyFile ?? "-"),
            ("listen", settings.listen),
            ("managementListen", settings.managementListen ?? "- (/metrics and the OpenAPI document need a read token)"),
            ("ldap.url", ldap.urls.isEmpty ? "-" : ldap.urls.joined(separator: ", ")),
            ("ldap.discoverDomain", ldap.discoverDomain ?? "-"),
            ("ldap.caFile", ldap.caFile ?? "(system trust store)"),
            ("ldap.tlsServerName", ldap.tlsServerName ?? "-"),
            ("ldap.bindDN", ldap.bindDN ?? "-"),
            ("ldap.bindPasswordFile", ldap.bindPasswordFile ?? "-"),
            ("ldap.baseDN", ldap.baseDN ?? "-"),
            ("ldap.targetOU", ldap.targetOU ?? "-"),
            ("ldap.kind", ldap.kind),
            ("ldap.timeoutSeconds", String(ldap.timeoutSeconds)),
            ("ldap.maximumConnections", String(ldap.maximumConnections)),
            ("engine.batchSize", String(settings.engine.batchSize)),
            ("engine.leaseSeconds", String(settings.engine.leaseSeconds)),
            ("guard", "accounts younger than \(settings.guard.maximumAccountAgeDays) days, password set within \(settings.guard.passwordChangeToleranceMinutes) min of creation, "
                + "\(settings.guard.denyGroups.count) deny group(s), at most \(settings.guard.maximumNewCasesPerHour) new cases an hour (0: no ceiling)"),
            ("guard limits", "\(settings.guard.intakePerMinute) intakes a minute per token, \(settings.guard.pagePostsPerMinute) sign-ins and posts a minute per address (0: none)"),
            ("portal.authenticationContext", settings.portal.authenticationContext ?? "-"),
            ("escalation.serviceDesk", settings.escalation.serviceDesk ?? "-"),
            ("escalation.senderMailbox", settings.escalation.senderMailbox ?? "-"),
            ("tap", "\(settings.tap.lifetimeMinutes) min, \(settings.tap.usableOnce ? "one-time" : "multi-use")"),
            ("escalation.hoursBeforeHireDate", String(settings.escalation.hoursBeforeHireDate)),
            ("entra.tenantID", settings.entra.tenantID ?? "-"),
            ("entra.clientID", settings.entra.clientID ?? "-"),
            ("entra.credential", settings.entra.clientSecretFile.map { "client secret in \($0)" } ?? settings.entra.certificateFile.map { "certificate \($0)" } ?? "-"),
            ("entra.authorityHost", settings.entra.authorityHost ?? "(https://login.microsoftonline.com)"),
            ("entra.graphBaseURL", settings.entra.graphBaseURL ?? "(https://graph.microsoft.com/v1.0)"),
            ("sms.eventGridAudience", settings.sms.eventGridAudience ?? "- (ACS delivery reports off)"),
            ("lifecycleWorkflows.allowedCallers", settings.lifecycleWorkflows.allowedCallers.isEmpty ? "- (endpoint off)" : settings.lifecycleWorkflows.allowedCallers.joined(separator: ", ")),
            ("pull", settings.pull.enabled ? "every \(settings.pull.intervalMinutes) min, \(settings.pull.lookaheadDays) days ahead, \(settings.pull.deliveryMode)" : "off"),
        ]
    }
}
