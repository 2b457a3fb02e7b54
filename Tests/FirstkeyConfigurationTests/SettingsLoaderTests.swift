import Foundation
import Testing
@testable import FirstkeyConfiguration

@Suite struct SettingsLoaderTests {
    let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-config-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    func write(_ name: String, _ text: String, mode: Int = 0o600) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test func defaultsWithoutFileOrEnvironment() async throws {
        let loaded = try await SettingsLoader.load(file: nil, environment: ["PATH": "/bin"])
        #expect(loaded.settings == FirstkeySettings())
        #expect(loaded.warnings.isEmpty)
    }

    @Test func yamlFileIsRead() async throws {
        let password = try write("bind", "x")
        let file = try write("firstkey.yaml", """
        database: /var/lib/firstkey/cases.sqlite
        listen: 0.0.0.0:9443
        ldap:
          url:
            - ldaps://dc1.corp.example
            - ldaps://dc2.corp.example
          bindDN: CN=svc-firstkey,OU=Service,DC=corp,DC=example
          bindPasswordFile: \(password)
          baseDN: DC=corp,DC=example
          timeoutSeconds: 10
          connectTimeoutSeconds: 1.5
          handshakeTimeoutSeconds: 2
          stallSeconds: 0
        engine:
          batchSize: 8
          leaseSeconds: 60
        escalation:
          serviceDesk: desk@corp.example
        """)
        let loaded = try await SettingsLoader.load(file: file, environment: [:])
        let settings = loaded.settings
        #expect(settings.database == "/var/lib/firstkey/cases.sqlite")
        #expect(settings.listen == "0.0.0.0:9443")
        #expect(settings.ldap.urls == ["ldaps://dc1.corp.example", "ldaps://dc2.corp.example"])
        #expect(settings.ldap.bindDN == "CN=svc-firstkey,OU=Service,DC=corp,DC=example")
        #expect(settings.ldap.bindPasswordFile == password)
        #expect(settings.ldap.timeoutSeconds == 10)
        #expect(settings.ldap.connectTimeoutSeconds == 1.5 && settings.ldap.handshakeTimeoutSeconds == 2 && settings.ldap.stallSeconds == 0)
        #expect(settings.engine.batchSize == 8)
        #expect(settings.engine.leaseSeconds == 60)
        #expect(settings.escalation.serviceDesk == "desk@corp.example")
        #expect(settings.sources == [file])
        #expect(loaded.warnings.isEmpty)
    }

    @Test func directoryDeadlinesHaveDefaultsOfAFewSecondsAndSaneBounds() async throws {
        let defaults = FirstkeySettings().ldap
        #expect(defaults.connectTimeoutSeconds == 3 && defaults.handshakeTimeoutSeconds == 3 && defaults.stallSeconds == 1.5)
        let file = try write("deadlines.yaml", "ldap:\n  url: [ldaps://dc1.corp.example]\n  connectTimeoutSeconds: 0\n  handshakeTimeoutSeconds: 500\n  stallSeconds: -1\n")
        let error = try await #require(throws: ConfigurationError.self) { try await SettingsLoader.load(file: file, environment: [:]) }
        let keys = error.problems.filter { $0.severity == .error }.map(\.key)
        #expect(keys.contains("ldap.connectTimeoutSeconds") && keys.contains("ldap.handshakeTimeoutSeconds") && keys.contains("ldap.stallSeconds"), "\(keys)")
    }

    @Test func jsonFileIsRead() async throws {
        let file = try write("firstkey.json", #"{"ldap": {"url": ["ldaps://dc1.corp.example"], "kind": "OpenLDAP"}, "engine": {"leaseSeconds": 30.5}}"#)
        let settings = try await SettingsLoader.load(file: file, environment: [:]).settings
        #expect(settings.ldap.urls == ["ldaps://dc1.corp.example"])
        #expect(settings.ldap.kind == "openldap")
        #expect(settings.engine.leaseSeconds == 30.5)
    }

    @Test func environmentOverridesTheFile() async throws {
        let file = try write("firstkey.yaml", "ldap:\n  url: [ldaps://dc1.corp.example]\n  baseDN: DC=corp,DC=example\nengine:\n  batchSize: 8\n")
        let settings = try await SettingsLoader.load(file: file, environment: [
            "FIRSTKEY_LDAP_URL": "ldaps://dc3.corp.example, ldaps://dc4.corp.example",
            "FIRSTKEY_ENGINE_BATCH_SIZE": "32",
        ]).settings
        #expect(settings.ldap.urls == ["ldaps://dc3.corp.example", "ldaps://dc4.corp.example"])
        #expect(settings.ldap.baseDN == "DC=corp,DC=example")
        #expect(settings.engine.batchSize == 32)
        #expect(settings.sources == ["environment", file])
    }

    /// The documented variable of every key really reaches it.
    /// An amr requirement can never be met by the v2.0 ID tokens the portal receives: refused, in words.
    @Test func anAmrRequirementIsRefusedBecauseV2IDTokensCarryNoAmr() async throws {
        do {
            _ = try await SettingsLoader.load(file: nil, environment: ["FIRSTKEY_PORTAL_REQUIRED_AUTHENTICATION_METHODS": "ngcmfa"])
            Issue.record("accepted")
        } catch let error as ConfigurationError {
            #expect(error.problems.contains { $0.key == "portal.requiredAuthenticationMethods" && $0.message.contains("no amr") }, "\(error.problems)")
        }
    }

    @Test(arguments: SettingKey.all.filter { $0.path != "portal.requiredAuthenticationMethods" })
    func everyKeyHasAWorkingEnvironmentVariable(_ key: SettingKey) async throws {
        let value: String = switch key.kind {
        case .integer: key.path == "tap.lifetimeMinutes" ? "60" : "7"
        case .number: "42"
        case .list: key.path == "ldap.url" ? "ldaps://dc9.corp.example" : key.path == "portal.requiredAuthenticationMethods" ? "ngcmfa,mfa" : "value-of-\(key.path)"
        case .file, .secretFile: try write("f-\(key.path)", "x")
        case .text: switch key.path {
            case "listen": "127.0.0.1:9000"
            case "ldap.kind": "openldap"
            case "escalation.serviceDesk": "desk@corp.example"
            case "lifecycleWorkflows.deliveryMode", "pull.deliveryMode": "tap"
            case "entra.authorityHost", "entra.graphBaseURL": "https://\(key.path).example"
            case "publicURL", "webhook.url", "sms.twilioBaseURL": "https://\(key.path).example"
            case "delivery.language": "de"
            case "delivery.timeZone": "Europe/Berlin"
            case "delivery.pickupLinkTo": "mobile"
            case "sms.provider": "acs"
            case "email.provider": "smtp"
            case "email.smtpSecurity": "implicit-tls"
            case "portal.authenticationContext": "c7"
            case "managementListen": "127.0.0.1:9464"
            default: "value-of-\(key.path)"
            }
        case .boolean: ["tap.usableOnce", "delivery.notifyManager", "portal.enabled", "portal.enableAccount"].contains(key.path) ? "false" : "true"
        }
        // the Entra settings only make sense together: start from a complete minimal set
        var baseline: [String: String] = [:]
        if ["entra", "lifecycleWorkflows", "pull"].contains(key.path.split(separator: ".").first.map(String.init)) || key.path == "escalation.senderMailbox" {
            baseline = ["FIRSTKEY_ENTRA_TENANT_ID": "t", "FIRSTKEY_ENTRA_CLIENT_ID": "c"]
            if key.path == "escalation.senderMailbox" { baseline["FIRSTKEY_ESCALATION_SERVICE_DESK"] = "desk@corp.example" }
            if !["entra.certificateFile", "entra.privateKeyFile"].contains(key.path) {
                baseline["FIRSTKEY_ENTRA_CLIENT_SECRET_FILE"] = try write("secret", "x")
            } else {
                baseline["FIRSTKEY_ENTRA_CERTIFICATE_FILE"] = try write("cert", "x")
                baseline["FIRSTKEY_ENTRA_PRIVATE_KEY_FILE"] = try write("key", "x")
            }
        }
        // DCs found through DNS must be verified with the organisation's CA
        if key.path == "ldap.discoverDomain" { baseline["FIRSTKEY_LDAP_CA_FILE"] = try write("ca", "x") }
        // so do the channels' settings
        switch key.path {
        case "sms.provider":
            baseline = ["FIRSTKEY_SMS_FROM": "+15550100", "FIRSTKEY_SMS_ACS_CONNECTION_STRING_FILE": try write("acs", "x")]
        case "sms.eventGridAudience":
            baseline = ["FIRSTKEY_SMS_PROVIDER": "acs", "FIRSTKEY_SMS_FROM": "+15550100", "FIRSTKEY_SMS_ACS_CONNECTION_STRING_FILE": try write("acs", "x"),
                        "FIRSTKEY_ENTRA_TENANT_ID": "t", "FIRSTKEY_ENTRA_CLIENT_ID": "c", "FIRSTKEY_ENTRA_CLIENT_SECRET_FILE": try write("secret", "x")]
        case "webhook.url", "webhook.secretFile":
            baseline = ["FIRSTKEY_WEBHOOK_URL": "https://hook.example", "FIRSTKEY_WEBHOOK_SECRET_FILE": try write("hook", "x")]
        case "email.provider":
            baseline = ["FIRSTKEY_EMAIL_FROM": "firstkey@corp.example", "FIRSTKEY_EMAIL_SMTP_HOST": "smtp.corp.example"]
        case "email.smtpUsername", "email.smtpPasswordFile":
            baseline = ["FIRSTKEY_EMAIL_SMTP_USERNAME": "u", "FIRSTKEY_EMAIL_SMTP_PASSWORD_FILE": try write("smtp", "x")]
        default: break
        }
        let before = try await SettingsLoader.load(file: nil, environment: baseline).settings
        let loaded = try await SettingsLoader.load(file: nil, environment: baseline.merging([key.environmentVariable: value]) { _, new in new })
        #expect(loaded.warnings.isEmpty, "\(key.environmentVariable) was not recognised")
        var changed = loaded.settings
        changed.sources = before.sources
        #expect(changed != before, "\(key.environmentVariable) changed nothing")
    }

    @Test func entraSettingsMustBeComplete() async throws {
        let error = try await #require(throws: ConfigurationError.self) {
            try await SettingsLoader.load(file: nil, environment: ["FIRSTKEY_ENTRA_TENANT_ID": "t", "FIRSTKEY_PULL_ENABLED": "yes"])
        }
        #expect(Set(error.problems.map(\.key)) == ["entra.clientID", "entra.certificateFile"])
        let both = try await #require(throws: ConfigurationError.self) {
            try await SettingsLoader.load(file: nil, environment: ["FIRSTKEY_ENTRA_TENANT_ID": "t", "FIRSTKEY_ENTRA_CLIENT_ID": "c",
                                                                    "FIRSTKEY_ENTRA_CLIENT_SECRET_FILE": try write("s", "x"), "FIRSTKEY_ENTRA_CERTIFICATE_FILE": try write("c", "x"),
                                                                    "FIRSTKEY_ENTRA_PRIVATE_KEY_FILE": try write("k", "x")])
        }
        #expect(both.problems.map(\.key) == ["entra.clientSecretFile"])
        let pullAlone = try await #require(throws: ConfigurationError.self) { try await SettingsLoader.load(file: nil, environment: ["FIRSTKEY_PULL_ENABLED": "true"]) }
        #expect(pullAlone.problems.map(\.key) == ["pull.enabled"])
        let notABool = try await #require(throws: ConfigurationError.self) { try await SettingsLoader.load(file: nil, environment: ["FIRSTKEY_PULL_ENABLED": "maybe"]) }
        #expect(notABool.problems.first?.message == "must be true or false, not 'maybe'")
    }

    @Test func deliveryChannelsMustBeComplete() async throws {
        let acs = try await #require(throws: ConfigurationError.self) {
            try await SettingsLoader.load(file: nil, environment: ["FIRSTKEY_SMS_PROVIDER": "acs"])
        }
        #expect(Set(acs.problems.map(\.key)) == ["sms.acsConnectionStringFile", "sms.from"])
        let twilio = try await #require(throws: ConfigurationError.self) {
            try await SettingsLoader.load(file: nil, environment: ["FIRSTKEY_SMS_PROVIDER": "twilio", "FIRSTKEY_SMS_FROM": "+15550100",
                                                                    "FIRSTKEY_SMS_TWILIO_ACCOUNT_SID": "AC1", "FIRSTKEY_SMS_TWILIO_API_KEY_SID": "SK1"])
        }
        #expect(twilio.problems.map(\.key) == ["sms.twilioApiKeySecretFile"])
        let unknown = try await #require(throws: ConfigurationError.self) {
            try await SettingsLoader.load(file: nil, environment: ["FIRSTKEY_SMS_PROVIDER": "carrier-pigeon", "FIRSTKEY_EMAIL_PROVIDER": "fax"])
        }
        #expect(Set(unknown.problems.map(\.key)) == ["sms.provider", "email.provider"])
        let graphWithoutEntra = try await #require(throws: ConfigurationError.self) {
            try await SettingsLoader.load(file: nil, environment: ["FIRSTKEY_EMAIL_PROVIDER": "graph", "FIRSTKEY_EMAIL_FROM": "noreply@corp.example"])
        }
        #expect(graphWithoutEntra.problems.map(\.key) == ["email.provider"])
        let plainURL = try await #require(throws: ConfigurationError.self) {
            try await SettingsLoader.load(file: nil, environment: ["FIRSTKEY_PUBLIC_URL": "http://firstkey.corp.example", "FIRSTKEY_WEBHOOK_URL": "https://hook.example"])
        }
        #expect(Set(plainURL.problems.map(\.key)) == ["publicURL", "webhook.secretFile"])
        let loopback = try await SettingsLoader.load(file: nil, environment: ["FIRSTKEY_PUBLIC_URL": "http://127.0.0.1:8080", "FIRSTKEY_EMAIL_PROVIDER": "smtp",
                                                                             "FIRSTKEY_EMAIL_FROM": "firstkey@corp.example", "FIRSTKEY_EMAIL_SMTP_HOST": "127.0.0.1",
                                                                             "FIRSTKEY_EMAIL_SMTP_SECURITY": "none"])
        #expect(loaded(loopback).email.smtpSecurity == "none")
        #expect(loaded(loopback).publicURL == "http://127.0.0.1:8080")
    }

    private func loaded(_ result: SettingsLoader.Loaded) -> FirstkeySettings { result.settings }

    @Test func theEventGridAudienceNeedsACSAndEntra() async throws {
        let acs = ["FIRSTKEY_SMS_PROVIDER": "acs", "FIRSTKEY_SMS_FROM": "+15550100", "FIRSTKEY_SMS_ACS_CONNECTION_STRING_FILE": try write("acs", "x")]
        let entra = ["FIRSTKEY_ENTRA_TENANT_ID": "t", "FIRSTKEY_ENTRA_CLIENT_ID": "c", "FIRSTKEY_ENTRA_CLIENT_SECRET_FILE": try write("secret", "x")]
        let alone = try await #require(throws: ConfigurationError.self) {
            try await SettingsLoader.load(file: nil, environment: ["FIRSTKEY_SMS_EVENT_GRID_AUDIENCE": "api://firstkey"])
        }
        #expect(alone.problems.map(\.key) == ["sms.eventGridAudience", "sms.eventGridAudience"])
        let withoutEntra = try await #require(throws: ConfigurationError.self) {
            try await SettingsLoader.load(file: nil, environment: acs.merging(["FIRSTKEY_SMS_EVENT_GRID_AUDIENCE": "api://firstkey"]) { a, _ in a })
        }
        #expect(withoutEntra.problems.map(\.message).contains { $0.contains("entra.tenantID") })
        let notAnIdentifier = try await #require(throws: ConfigurationError.self) {
            try await SettingsLoader.load(file: nil, environment: acs.merging(entra) { a, _ in a }.merging(["FIRSTKEY_SMS_EVENT_GRID_AUDIENCE": "api://firstkey?key=x"]) { a, _ in a })
        }
        #expect(notAnIdentifier.problems.map(\.key) == ["sms.eventGridAudience"])
        let good = try await SettingsLoader.load(file: nil, environment: acs.merging(entra) { a, _ in a }
            .merging(["FIRSTKEY_SMS_EVENT_GRID_AUDIENCE": "api://firstkey", "FIRSTKEY_PUBLIC_URL": "http://127.0.0.1:8080"]) { a, _ in a })
        #expect(good.settings.sms.eventGridAudience == "api://firstkey")
        #expect(good.warnings.map(\.key) == ["sms.eventGridAudience"])  // Event Grid calls only https
        #expect(try await SettingsLoader.load(file: nil, environment: [:]).settings.sms.eventGridAudience == nil)
    }

    @Test func discoveringDCsThroughDNSNeedsTheOrganisationsCA() async throws {
        let error = try await #require(throws: ConfigurationError.self) {
            try await SettingsLoader.load(file: nil, environment: ["FIRSTKEY_LDAP_DISCOVER_DOMAIN": "corp.example"])
        }
        #expect(error.problems.contains { $0.key == "ldap.caFile" && $0.severity == .error && $0.description.contains("ldap.discoverDomain") }, "\(error)")
    }

    @Test func environmentVariableNames() {
        #expect(SettingKey.named("ldap.bindDN")?.environmentVariable == "FIRSTKEY_LDAP_BIND_DN")
        #expect(SettingKey.named("postgresUrlFile")?.environmentVariable == "FIRSTKEY_POSTGRES_URL_FILE")
        #expect(SettingKey.named("engine.leaseSeconds")?.environmentVariable == "FIRSTKEY_ENGINE_LEASE_SECONDS")
    }

    @Test func everyProblemIsReportedAtOnce() async throws {
        let file = try write("bad.yaml", """
        listen: nowhere
        ldap:
          url: [http://dc1.corp.example]
          kind: novell
          timeoutSeconds: soon
        engine:
          batchSize: 0
        """)
        let error = try await #require(throws: ConfigurationError.self) {
            try await SettingsLoader.load(file: file, environment: [:])
        }
        let keys = Set(error.problems.filter { $0.severity == .error }.map(\.key))
        #expect(keys == ["listen", "ldap.url", "ldap.kind", "ldap.timeoutSeconds", "engine.batchSize"])
        #expect(error.description.contains("ldap.timeoutSeconds: must be a whole number, not 'soon'"))
    }

    @Test func wrongTypeFromTheEnvironmentIsAnError() async throws {
        let error = try await #require(throws: ConfigurationError.self) {
            try await SettingsLoader.load(file: nil, environment: ["FIRSTKEY_ENGINE_LEASE_SECONDS": "two minutes"])
        }
        #expect(error.problems.map(\.key) == ["engine.leaseSeconds"])
    }

    @Test func unknownKeysAndVariablesAreWarnings() async throws {
        let file = try write("typo.yaml", "ldap:\n  bindDn: CN=x\n  url: ldaps://dc1.corp.example\nsmtp:\n  host: mail\n")
        let loaded = try await SettingsLoader.load(file: file, environment: ["FIRSTKEY_LDAP_BIND_PASWORD_FILE": "/x", "FIRSTKEY_TEST_LOG": "debug"])
        #expect(Set(loaded.warnings.map(\.key)) == ["ldap.bindDn", "smtp", "FIRSTKEY_LDAP_BIND_PASWORD_FILE"])
        // a single URL given as a plain value is still a list of one
        #expect(loaded.settings.ldap.urls == ["ldaps://dc1.corp.example"])
    }

    @Test func sectionGivenAsAValueIsAnError() async throws {
        let file = try write("flat.yaml", "ldap: ldaps://dc1.corp.example\n")
        let error = try await #require(throws: ConfigurationError.self) { try await SettingsLoader.load(file: file, environment: [:]) }
        #expect(error.problems.map(\.key) == ["ldap"])
    }

    @Test func missingAndMalformedFiles() async throws {
        let missing = try await #require(throws: ConfigurationError.self) {
            try await SettingsLoader.load(file: directory.appendingPathComponent("nope.yaml").path, environment: [:])
        }
        #expect(missing.description.contains("does not exist"))
        let broken = try write("broken.yaml", "ldap: [unclosed\n")
        await #expect(throws: ConfigurationError.self) { try await SettingsLoader.load(file: broken, environment: [:]) }
        let wrongExtension = try write("firstkey.ini", "x=1")
        await #expect(throws: ConfigurationError.self) { try await SettingsLoader.load(file: wrongExtension, environment: [:]) }
    }

    @Test(arguments: [0o644, 0o640, 0o604])
    func aSecretFileOtherUsersCanReadIsRefused(_ mode: Int) async throws {
        let readable = try write("bind-password-\(mode)", "secret-canary", mode: mode)
        let refused = try await #require(throws: ConfigurationError.self) {
            try await SettingsLoader.load(file: nil, environment: ["FIRSTKEY_LDAP_BIND_PASSWORD_FILE": readable])
        }
        #expect(refused.problems.filter { $0.severity == .error }.map(\.key) == ["ldap.bindPasswordFile"])
        #expect(refused.description.contains("chmod 600") && !refused.description.contains("secret-canary"))
        // A CA file is no secret: readable by all is fine.
        let ca = try write("ca-\(mode).pem", "-----BEGIN CERTIFICATE-----", mode: mode)
        #expect(try await SettingsLoader.load(file: nil, environment: ["FIRSTKEY_LDAP_CA_FILE": ca]).warnings.isEmpty)
    }

    @Test func secretFilesMustExist() async throws {
        let private_ = try write("bind-password", "secret-canary", mode: 0o600)
        #expect(try await SettingsLoader.load(file: nil, environment: ["FIRSTKEY_LDAP_BIND_PASSWORD_FILE": private_]).warnings.isEmpty)
        let error = try await #require(throws: ConfigurationError.self) {
            try await SettingsLoader.load(file: nil, environment: ["FIRSTKEY_SEALING_KEY_FILE": "/nonexistent/key"])
        }
        #expect(error.problems.map(\.key) == ["sealingKeyFile"])
    }
}
