import ArgumentParser
import Foundation
import Logging
import Store

/// Where the service keeps its state. SQLite by default: a file path and nothing else to set up.
struct StoreOptions: ParsableArguments {
    @Option(help: "SQLite database file. Env: FIRSTKEY_DATABASE. Default: firstkey.sqlite in the current directory.")
    var database: String?

    var databasePath: String { database ?? ProcessInfo.processInfo.environment["FIRSTKEY_DATABASE"] ?? "firstkey.sqlite" }

    func openStore(logger: Logger) async throws -> SQLiteCaseStore {
        try await SQLiteCaseStore.open(path: databasePath, logger: logger)
    }
}

/// Runs `body` with an open store and always closes it.
func withStore<T>(_ options: StoreOptions, logger: Logger, _ body: (SQLiteCaseStore) async throws -> T) async throws -> T {
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
