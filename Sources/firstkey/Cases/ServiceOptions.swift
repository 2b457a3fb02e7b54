import ArgumentParser
import Credentials
import Directory
import FirstkeyConfiguration
import Foundation
import Logging
import Onboarding
import Store

/// `--config FILE`: the YAML or JSON configuration; FIRSTKEY_* variables override it and
/// command-line flags override both.
struct ConfigOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "YAML or JSON configuration file (see `firstkey config keys`). Env: FIRSTKEY_CONFIG.")
    var file: String?

    /// Loads the settings once, applies the command's flags, and prints warnings (unknown keys,
    /// readable secret files) to stderr.
    func load(_ overrides: any SettingsOverride...) async throws -> FirstkeySettings {
        let environment = ProcessInfo.processInfo.environment
        let loaded = try await SettingsLoader.load(file: file ?? environment["FIRSTKEY_CONFIG"], environment: environment)
        var settings = loaded.settings
        for override in overrides { override.apply(to: &settings) }
        // flags are settings too: the same rules apply to them
        let problems = SettingsValidation.check(settings).filter { $0.severity == .error }
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
        for warning in loaded.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        return settings
    }
}

/// Flags that override a setting.
protocol SettingsOverride {
    func apply(to settings: inout FirstkeySettings)
}

/// Where the service keeps its state. SQLite by default: a file path and nothing else to set up.
/// PostgreSQL when several instances share the work.
struct StoreOptions: ParsableArguments, SettingsOverride {
    @Option(help: "SQLite database file (setting `database`). Default: firstkey.sqlite in the current directory.")
    var database: String?

    @Option(help: "File holding a PostgreSQL URL (postgres://user:password@host:5432/db) to use instead of SQLite (setting `postgresUrlFile`).")
    var postgresURLFile: String?

    func apply(to settings: inout FirstkeySettings) {
        if let database { settings.database = database }
        if let postgresURLFile { settings.postgresUrlFile = postgresURLFile }
    }
}

extension FirstkeySettings {
    /// The key that seals secrets at rest: from `sealingKeyFile`, or (for platforms that inject
    /// secrets as variables) FIRSTKEY_SEALING_KEY; nil when neither is set.
    func sealingKey() throws -> SealingKey? {
        try sealer()?.current
    }

    /// The sealing key ring: `sealingKeyFile` holds the current key first and the previous ones
    /// after it (`firstkey config keys rotate`); FIRSTKEY_SEALING_KEY holds one key.
    func sealer() throws -> SecretSealer? {
        if let path = sealingKeyFile {
            let ring = try SealingKey.loadRing(fromFile: path)
            return SecretSealer(current: ring[0], previous: Array(ring.dropFirst()))
        }
        if ProcessInfo.processInfo.environment["FIRSTKEY_SEALING_KEY"] != nil { return SecretSealer(current: try SealingKey.fromEnvironment("FIRSTKEY_SEALING_KEY")) }
        return nil
    }

    /// Which accounts may get a first credential: the guard settings and the OU Firstkey manages.
    var firstCredentialGuard: FirstCredentialGuard {
        FirstCredentialGuard(maximumAccountAge: self.guard.maximumAccountAgeDays * 86_400, passwordChangeTolerance: self.guard.passwordChangeToleranceMinutes * 60,
                             targetOU: ldap.targetOU, denyGroups: self.guard.denyGroups)
    }

    /// The case lifecycle with this installation's deadline policy.
    var lifecycle: CaseLifecycle {
        CaseLifecycle(deadlinePolicy: DeadlinePolicy(escalateBeforeHireDate: escalation.hoursBeforeHireDate * 3600,
                                                     serviceDeskContact: escalation.serviceDesk ?? DeadlinePolicy().serviceDeskContact))
    }
}

/// Runs `body` with an open store and always closes it.
func withStore<T: Sendable>(_ settings: FirstkeySettings, logger: Logger, _ body: (any CaseStore) async throws -> T) async throws -> T {
    if let file = settings.postgresUrlFile {
        let url = try SecretFile.read(file, what: "PostgreSQL URL")
        return try await PostgresCaseStore.withStore(try PostgresCaseStore.Configuration(url: url), logger: logger) { try await body($0) }
    }
    let store = try await SQLiteCaseStore.open(path: settings.database, logger: logger)
    do {
        let value = try await body(store)
        await store.close()
        return value
    } catch {
        await store.close()
        throw error
    }
}

func quietLogger(verbose: Bool = false) -> Logger {
    var logger = Logger(label: "firstkey") { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = verbose ? .debug : .warning
    return logger
}
