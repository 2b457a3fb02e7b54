import Foundation

/// Checks that need no network: ranges, formats, files that exist and are private enough.
/// `firstkey config check` then reaches every configured dependency.
public enum SettingsValidation {
    public static func check(_ settings: FirstkeySettings) -> [ConfigurationProblem] {
        var problems: [ConfigurationProblem] = []
        func error(_ key: String, _ message: String) { problems.append(.init(.error, key: key, message)) }

        let listenParts = settings.listen.split(separator: ":", omittingEmptySubsequences: false)
        if listenParts.count != 2 || listenParts[0].isEmpty || Int(listenParts[1]).map({ !(0...65535).contains($0) }) ?? true {
            error("listen", "must be host:port, e.g. 127.0.0.1:8080, not '\(settings.listen)'")
        }
        for url in settings.ldap.urls where !(url.lowercased().hasPrefix("ldaps://") || url.lowercased().hasPrefix("ldap://")) {
            error("ldap.url", "'\(url)' is not an ldaps:// or ldap:// URL")
        }
        if !["ad", "openldap"].contains(settings.ldap.kind) {
            error("ldap.kind", "must be ad or openldap, not '\(settings.ldap.kind)'")
        }
        if !(1...600).contains(settings.ldap.timeoutSeconds) { error("ldap.timeoutSeconds", "must be between 1 and 600") }
        if !(1...64).contains(settings.ldap.maximumConnections) { error("ldap.maximumConnections", "must be between 1 and 64") }
        if !(1...1024).contains(settings.engine.batchSize) { error("engine.batchSize", "must be between 1 and 1024") }
        if !(1...86_400).contains(settings.engine.leaseSeconds) { error("engine.leaseSeconds", "must be between 1 and 86400 seconds") }
        if !(0...720).contains(settings.escalation.hoursBeforeHireDate) { error("escalation.hoursBeforeHireDate", "must be between 0 and 720 hours") }
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

        let files: [(String, String?, Bool)] = [
            ("postgresUrlFile", settings.postgresUrlFile, true),
            ("sealingKeyFile", settings.sealingKeyFile, true),
            ("ldap.caFile", settings.ldap.caFile, false),
            ("ldap.bindPasswordFile", settings.ldap.bindPasswordFile, true),
            ("entra.clientSecretFile", settings.entra.clientSecretFile, true),
            ("entra.certificateFile", settings.entra.certificateFile, false),
            ("entra.privateKeyFile", settings.entra.privateKeyFile, true),
            ("entra.caFile", settings.entra.caFile, false),
        ]
        for (key, path, isSecret) in files {
            guard let path else { continue }
            guard FileManager.default.isReadableFile(atPath: path) else {
                error(key, "the file '\(path)' does not exist or cannot be read")
                continue
            }
            if isSecret, let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int, mode & 0o077 != 0 {
                problems.append(.init(.warning, key: key, "the secret file '\(path)' can be read by other users (mode \(String(mode, radix: 8))); chmod 600 it"))
            }
        }
        return problems
    }
}
