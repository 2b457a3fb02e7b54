import ArgumentParser
import Foundation
import Logging
import Store

/// Where the service keeps its state. SQLite by default: a file path and nothing else to set up.
/// PostgreSQL when several instances share the work.
struct StoreOptions: ParsableArguments {
    @Option(help: "SQLite database file. Env: FIRSTKEY_DATABASE. Default: firstkey.sqlite in the current directory.")
    var database: String?

    @Option(help: "File holding a PostgreSQL URL (postgres://user:password@host:5432/db) to use instead of SQLite. Env: FIRSTKEY_POSTGRES_URL_FILE.")
    var postgresURLFile: String?

    var databasePath: String { database ?? ProcessInfo.processInfo.environment["FIRSTKEY_DATABASE"] ?? "firstkey.sqlite" }

    func openStore(logger: Logger) async throws -> any CaseStore {
        if let file = postgresURLFile ?? ProcessInfo.processInfo.environment["FIRSTKEY_POSTGRES_URL_FILE"] {
            let url = try SecretFile.read(file, what: "PostgreSQL URL")
            return try await PostgresCaseStore.open(try PostgresCaseStore.Configuration(url: url), logger: logger)
        }
        return try await SQLiteCaseStore.open(path: databasePath, logger: logger)
    }
}

/// Runs `body` with an open store and always closes it.
func withStore<T>(_ options: StoreOptions, logger: Logger, _ body: (any CaseStore) async throws -> T) async throws -> T {
    let store = try await options.openStore(logger: logger)
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
