import Foundation

/// Checks that need no network: ranges, formats, files that exist and are private enough.
/// `firstkey config check` then reaches every configured dependency.
public enum SettingsValidation {
    public static func check(_ settings: FirstkeySettings) -> [ConfigurationProblem] {
        var problems: [ConfigurationProblem] = []
        func error(_ key: String, _ message: String) { problems.append(.init(.error, key: key, message)) }

        if let management = settings.managementListen {
            let parts = management.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count != 2 || parts[0].isEmpty || Int(parts[1]).map({ !(0...65535).contains($0) }) ?? true {
                error("managementListen", "must be host:port, e.g. 127.0.0.1:9464, not '\(management)'")
            } else if management == settings.listen {
                error("managementListen", "must differ from listen: the management listener serves without a token")
            }
        }
        let listenParts = settings.listen.split(separator: ":", omittingEmptySubsequences: false)
        if listenParts.count != 2 || listenParts[0].isEmpty || Int(listenParts[1]).map({ !(0...65535).contains($0) }) ?? true {
            error("listen", "must be host:port, e.g. 127.0.0.1:8080, not '\(settings.listen)'")
        }
        for url in settings.ldap.urls where !(url.lowercased().hasPrefix("ldaps://") || url.lowercased().hasPrefix("ldap://")) {
            error("ldap.url", "'\(url)' is not an ldaps:// or ldap:// URL")
        }
        if settings.ldap.discoverDomain != nil, settings.ldap.urls.isEmpty, settings.ldap.caFile == nil {
            error("ldap.caFile", "is required with ldap.discoverDomain: DCs found through DNS must prove themselves with the organisation's own CA, not any public one")
        }
        if !["ad", "openldap"].contains(settings.ldap.kind) {
            error("ldap.kind", "must be ad or openldap, not '\(settings.ldap.kind)'")
        }
        if !(1...600).contains(settings.ldap.timeoutSeconds) { error("ldap.timeoutSeconds", "must be between 1 and 600") }
        if !(1...64).contains(settings.ldap.maximumConnections) { error("ldap.maximumConnections", "must be between 1 and 64") }
        if !(0.1...120).contains(settings.ldap.connectTimeoutSeconds) { error("ldap.connectTimeoutSeconds", "must be between 0.1 and 120 seconds") }
        if !(0.1...120).contains(settings.ldap.handshakeTimeoutSeconds) { error("ldap.handshakeTimeoutSeconds", "must be between 0.1 and 120 seconds") }
        if settings.ldap.stallSeconds != 0 && !(0.1...600).contains(settings.ldap.stallSeconds) {
            error("ldap.stallSeconds", "must be 0 (never probe) or between 0.1 and 600 seconds")
        }
        if !(1...1024).contains(settings.engine.batchSize) { error("engine.batchSize", "must be between 1 and 1024") }
        if !(1...86_400).contains(settings.engine.leaseSeconds) { error("engine.leaseSeconds", "must be between 1 and 86400 seconds") }
        if !(0...720).contains(settings.escalation.hoursBeforeHireDate) { error("escalation.hoursBeforeHireDate", "must be between 0 and 720 hours") }
        if !(0.000_1...3650).contains(settings.guard.maximumAccountAgeDays) { error("guard.maximumAccountAgeDays", "must be more than 0 and at most 3650 days") }
        if !(0...1_000_000).contains(settings.guard.maximumNewCasesPerHour) { error("guard.maximumNewCasesPerHour", "must be between 0 (no ceiling) and 1000000") }
        if !(0...100_000).contains(settings.guard.intakePerMinute) { error("guard.intakePerMinute", "must be between 0 (no limit) and 100000") }
        if !(0...100_000).contains(settings.guard.pagePostsPerMinute) { error("guard.pagePostsPerMinute", "must be between 0 (no limit) and 100000") }
        if !(0...10_080).contains(settings.guard.passwordChangeToleranceMinutes) { error("guard.passwordChangeToleranceMinutes", "must be between 0 and 10080 minutes") }
        if settings.escalation.senderMailbox != nil, settings.escalation.serviceDesk == nil {
            error("escalation.senderMailbox", "is set but escalation.serviceDesk is not: say who receives the e-mail")
        }
        if let desk = settings.escalation.serviceDesk, !desk.contains("@") || desk.contains(" ") {
            error("escalation.serviceDesk", "must be an email address, not '\(desk)'")
        }

        let modes = ["self-service", "temporary-password", "tap"]
        for (key, mode) in [("lifecycleWorkflows.deliveryMode", settings.lifecycleWorkflows.deliveryMode), ("pull.deliveryMode", settings.pull.deliveryMode)] where !modes.contains(mode) {
            error(key, "must be one of \(modes.joined(separator: ", ")), not '\(mode)'")
        }
        if !(10...43_200).contains(settings.tap.lifetimeMinutes) { error("tap.lifetimeMinutes", "must be between 10 and 43200 minutes (Entra's limits)") }
        if !(1...1440).contains(settings.pull.intervalMinutes) { error("pull.intervalMinutes", "must be between 1 and 1440") }
        if !(1...365).contains(settings.pull.lookaheadDays) { error("pull.lookaheadDays", "must be between 1 and 365") }
        let entra = settings.entra
        if entra.isConfigured {
            if entra.tenantID == nil { error("entra.tenantID", "is required when entra.clientID is set") }
            if entra.clientID == nil { error("entra.clientID", "is required when entra.tenantID is set") }
            switch (entra.clientSecretFile != nil, entra.certificateFile != nil || entra.privateKeyFile != nil) {
            case (false, false): error("entra.certificateFile", "give a certificate (entra.certificateFile + entra.privateKeyFile) or entra.clientSecretFile")
            case (true, true): error("entra.clientSecretFile", "give either a client secret or a certificate, not both")
            case (false, true):
                if entra.certificateFile == nil { error("entra.certificateFile", "is required with entra.privateKeyFile") }
                if entra.privateKeyFile == nil { error("entra.privateKeyFile", "is required with entra.certificateFile") }
            case (true, false): break
            }
            for (key, value) in [("entra.authorityHost", entra.authorityHost), ("entra.graphBaseURL", entra.graphBaseURL)] {
                if let value, !(value.hasPrefix("https://") || value.hasPrefix("http://127.") || value.hasPrefix("http://localhost")) {
                    error(key, "must be an https:// URL, not '\(value)'")
                }
            }
        } else {
            if settings.escalation.senderMailbox != nil { error("escalation.senderMailbox", "needs entra.tenantID and entra.clientID: the e-mail is sent through Microsoft Graph") }
            if settings.lifecycleWorkflows.isEnabled { error("lifecycleWorkflows.allowedCallers", "needs entra.tenantID and entra.clientID: the callers' tokens are validated against the tenant") }
            if settings.pull.enabled { error("pull.enabled", "needs entra.tenantID and entra.clientID: hires are read from Microsoft Graph") }
        }

        problems += checkDelivery(settings)

        let files: [(String, String?, Bool)] = [
            ("postgresUrlFile", settings.postgresUrlFile, true),
            ("sealingKeyFile", settings.sealingKeyFile, true),
            ("ldap.caFile", settings.ldap.caFile, false),
            ("ldap.bindPasswordFile", settings.ldap.bindPasswordFile, true),
            ("entra.clientSecretFile", settings.entra.clientSecretFile, true),
            ("entra.certificateFile", settings.entra.certificateFile, false),
            ("entra.privateKeyFile", settings.entra.privateKeyFile, true),
            ("entra.caFile", settings.entra.caFile, false),
            ("delivery.caFile", settings.delivery.caFile, false),
            ("sms.acsConnectionStringFile", settings.sms.acsConnectionStringFile, true),
            ("sms.twilioAuthTokenFile", settings.sms.twilioAuthTokenFile, true),
            ("sms.twilioApiKeySecretFile", settings.sms.twilioApiKeySecretFile, true),
            ("webhook.secretFile", settings.webhook.secretFile, true),
            ("email.smtpPasswordFile", settings.email.smtpPasswordFile, true),
            ("email.smtpCaFile", settings.email.smtpCaFile, false),
        ]
        for (key, path, isSecret) in files {
            guard let path else { continue }
            guard FileManager.default.isReadableFile(atPath: path) else {
                error(key, "the file '\(path)' does not exist or cannot be read")
                continue
            }
            if isSecret, let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int, mode & 0o077 != 0 {
                error(key, "the secret file '\(path)' can be read by other users (mode \(String(mode, radix: 8))); Firstkey refuses it: chmod 600 \(path)")
            }
        }
        return problems
    }

    /// The channels' settings on their own; whether they can serve the delivery modes in use
    /// safely (username and secret apart) is `DeliveryPolicy`'s to say, in `config check`.
    static func checkDelivery(_ settings: FirstkeySettings) -> [ConfigurationProblem] {
        var problems: [ConfigurationProblem] = []
        func error(_ key: String, _ message: String) { problems.append(.init(.error, key: key, message)) }
        func isWebURL(_ text: String) -> Bool {
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), url.host != nil else { return false }
            return scheme == "https" || (scheme == "http" && ["127.0.0.1", "localhost", "::1", "[::1]"].contains(url.host!.lowercased()))
        }
        if let url = settings.publicURL, !isWebURL(url) { error("publicURL", "must be an https:// URL (http only on loopback), not '\(url)'") }
        if !["en", "de"].contains(settings.delivery.language) { error("delivery.language", "must be en or de, not '\(settings.delivery.language)'") }
        if let zone = settings.delivery.timeZone, TimeZone(identifier: zone) == nil { error("delivery.timeZone", "'\(zone)' is not an IANA time zone such as Europe/Berlin") }
        if !["private-email", "mobile"].contains(settings.delivery.pickupLinkTo) {
            error("delivery.pickupLinkTo", "must be private-email or mobile, not '\(settings.delivery.pickupLinkTo)'")
        }
        switch settings.sms.provider {
        case nil: break
        case "acs":
            if settings.sms.acsConnectionStringFile == nil { error("sms.acsConnectionStringFile", "is required with sms.provider acs") }
            if settings.sms.from == nil { error("sms.from", "is required: the ACS number or sender ID messages come from") }
        case "twilio":
            if settings.sms.twilioAccountSID == nil { error("sms.twilioAccountSID", "is required with sms.provider twilio") }
            // The API key sends (revocable on its own); the auth token, if given, checks the
            // signatures of Twilio's status callbacks, which Twilio makes with it alone.
            let hasKey = settings.sms.twilioApiKeySID != nil || settings.sms.twilioApiKeySecretFile != nil
            if settings.sms.twilioAuthTokenFile == nil && !hasKey {
                error("sms.twilioApiKeySID", "give an API key (sms.twilioApiKeySID + sms.twilioApiKeySecretFile) or sms.twilioAuthTokenFile")
            }
            if hasKey {
                if settings.sms.twilioApiKeySID == nil { error("sms.twilioApiKeySID", "is required with sms.twilioApiKeySecretFile") }
                if settings.sms.twilioApiKeySecretFile == nil { error("sms.twilioApiKeySecretFile", "is required with sms.twilioApiKeySID") }
            }
            if settings.sms.from == nil { error("sms.from", "is required: the Twilio number or Messaging Service SID messages come from") }
            if let url = settings.sms.twilioBaseURL, !isWebURL(url) { error("sms.twilioBaseURL", "must be an https:// URL (http only on loopback), not '\(url)'") }
        case let other?: error("sms.provider", "must be acs or twilio, not '\(other)'")
        }
        if let audience = settings.sms.eventGridAudience {
            // Event Grid's token is checked against the tenant's keys and issuer, and it calls only https.
            if settings.sms.provider != "acs" { error("sms.eventGridAudience", "is for ACS delivery reports: set sms.provider acs") }
            if !settings.entra.isConfigured { error("sms.eventGridAudience", "needs entra.tenantID and entra.clientID: Event Grid's token is checked against the tenant's signing keys") }
            if audience.isEmpty || audience.contains(where: \.isWhitespace) || audience.contains("?") {
                error("sms.eventGridAudience", "must be an application ID URI (api://…) or a client ID, not '\(audience)'")
            }
            if let url = settings.publicURL, !url.lowercased().hasPrefix("https://") {
                problems.append(.init(.warning, key: "sms.eventGridAudience", "Event Grid delivers only to https endpoints, and publicURL is '\(url)'"))
            }
        }
        if let url = settings.webhook.url {
            if !isWebURL(url) { error("webhook.url", "must be an https:// URL (http only on loopback), not '\(url)'") }
            if settings.webhook.secretFile == nil { error("webhook.secretFile", "is required with webhook.url: every request is signed") }
        } else if settings.webhook.secretFile != nil {
            error("webhook.url", "is required with webhook.secretFile")
        }
        switch settings.email.provider {
        case nil: break
        case "graph":
            if settings.email.from == nil { error("email.from", "is required: the mailbox (UPN) Firstkey sends from") }
            if !settings.entra.isConfigured { error("email.provider", "graph needs entra.tenantID and entra.clientID: mail is sent through Microsoft Graph") }
        case "smtp":
            if settings.email.from == nil { error("email.from", "is required: the address Firstkey sends from") }
            if settings.email.smtpHost == nil { error("email.smtpHost", "is required with email.provider smtp") }
            if !["starttls", "implicit-tls", "none"].contains(settings.email.smtpSecurity) {
                error("email.smtpSecurity", "must be starttls, implicit-tls or none, not '\(settings.email.smtpSecurity)'")
            }
            if let port = settings.email.smtpPort, !(1...65535).contains(port) { error("email.smtpPort", "must be between 1 and 65535") }
            if (settings.email.smtpUsername == nil) != (settings.email.smtpPasswordFile == nil) {
                error("email.smtpUsername", "email.smtpUsername and email.smtpPasswordFile go together")
            }
        case let other?: error("email.provider", "must be graph or smtp, not '\(other)'")
        }
        if !(1...1440).contains(settings.delivery.reportTimeoutMinutes) { error("delivery.reportTimeoutMinutes", "must be between 1 and 1440 minutes") }
        if !(0.25...720).contains(settings.pickup.lifetimeHours) { error("pickup.lifetimeHours", "must be between 0.25 and 720 hours") }
        if !(1...10).contains(settings.pickup.maximumAttempts) { error("pickup.maximumAttempts", "must be between 1 and 10") }
        if !(1...60).contains(settings.portal.maximumAuthenticationAgeMinutes) {
            error("portal.maximumAuthenticationAgeMinutes", "must be between 1 and 60 minutes: the portal sets a password, so the sign-in must be fresh")
        }
        if !(1...120).contains(settings.portal.sessionMinutes) { error("portal.sessionMinutes", "must be between 1 and 120 minutes") }
        if !(0...1440).contains(settings.portal.passwordSyncMinutes) { error("portal.passwordSyncMinutes", "must be between 0 and 1440 minutes") }
        if let context = settings.portal.authenticationContext, !(context.range(of: #"^c([1-9]|[1-9][0-9])$"#, options: .regularExpression) != nil) {
            error("portal.authenticationContext", "must be an authentication context ID c1…c99, not '\(context)'")
        }
        for value in settings.portal.requiredAuthenticationMethods where value.range(of: #"^[a-z]+$"#, options: .regularExpression) == nil {
            error("portal.requiredAuthenticationMethods", "'\(value)' is not an amr value (lower-case letters, e.g. ngcmfa, mfa, rsa)")
        }
        // Fail closed: a portal that would be mounted must demand a strong sign-in, or whoever knows
        // the synced initial password could choose the hire's first password.
        let portalMounted = settings.portal.enabled && settings.entra.isConfigured && settings.publicURL != nil && settings.sealingKeyFile != nil
        if portalMounted, settings.portal.authenticationContext == nil {
            error("portal.authenticationContext",
                  "the portal is enabled, but nothing demands a strong sign-in: set portal.authenticationContext to a Conditional Access authentication context "
                  + "(c1…c99) whose policy requires a passwordless authentication strength (docs/portal.md), or set portal.enabled: false")
        }
        if !settings.portal.requiredAuthenticationMethods.isEmpty {
            // The portal signs in at the v2.0 endpoint, whose ID tokens carry no amr (id-token-claims-reference).
            error("portal.requiredAuthenticationMethods",
                  "Entra puts no amr claim into the v2.0 ID tokens the portal receives, so this would refuse every hire; remove it and use portal.authenticationContext")
        }
        if settings.portal.adminRoles.isEmpty && settings.portal.adminGroups.isEmpty {
            problems.append(.init(.warning, key: "portal.adminRoles", "neither portal.adminRoles nor portal.adminGroups is set: nobody can open the admin dashboard"))
        }
        return problems
    }
}
