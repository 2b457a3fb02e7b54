import ArgumentParser
import Foundation
import Server
import Store

/// `firstkey tokens`: admin API tokens. The token is printed once; only its hash is stored.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tokens", abstract: "Create, list and revoke admin API tokens.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token; it is shown once and stored only as a hash.")
        @OptionGroup var config: ConfigOptions
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Who or what uses it, e.g. hr-integration.") var name: String
        @Option(help: "read or write (write includes read). Repeatable.") var scope: [String] = ["read"]
        @Option(help: "Days until the token stops working (1-3650, default 365).") var expiresInDays: Int = 365
        @Flag(help: "A token that never expires (not recommended: revoke it by hand when its holder leaves).") var noExpiry = false
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let scopes = try Set(scope.map { value in
                guard let parsed = APIScope(rawValue: value) else { throw ValidationError("--scope must be read or write.") }
                return parsed
            })
            guard (1...3650).contains(expiresInDays) else {
                throw ValidationError("--expires-in-days must be between 1 and 3650; --no-expiry makes a token that never expires.")
            }
            let expiresAt = noExpiry ? nil : Date().addingTimeInterval(Double(expiresInDays) * 86_400)
            let (token, record) = try await withStore(try await config.load(storeOptions), logger: quietLogger()) {
                try await APITokens.issue(name: name, scopes: scopes, expiresAt: expiresAt, store: $0)
            }
            let scopeList = record.scopes.map(\.rawValue).sorted()
            if json {
                print(Output.json(["id": record.id, "name": record.name, "scopes": scopeList.joined(separator: ","), "token": token,
                                   "expiresAt": record.expiresAt.map(TokenTimes.text) ?? "never"]))
            } else {
                let until = record.expiresAt.map { "expires \(TokenTimes.text($0))" } ?? "never expires"
                print("Token \(record.id) for \(record.name) (\(scopeList.joined(separator: ", ")), \(until)). Store it now; it is not shown again:")
                print(token)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every token with its scopes, expiry, last use and revocation (never the token itself).")
        @OptionGroup var config: ConfigOptions
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Print JSON.") var json = false

        struct Row: Encodable {
            var id, name, status, createdAt: String
            var scopes: [String]
            var expiresAt, lastUsedAt, revokedAt: String?
        }

        func run() async throws {
            let records = try await withStore(try await config.load(storeOptions), logger: quietLogger()) { try await $0.listAPITokens() }
            let now = Date()
            let rows = records.map { record in
                Row(id: record.id, name: record.name, status: record.revokedAt != nil ? "revoked" : record.isExpired(at: now) ? "expired" : "live",
                    createdAt: TokenTimes.text(record.createdAt), scopes: record.scopes.map(\.rawValue).sorted(),
                    expiresAt: record.expiresAt.map(TokenTimes.text), lastUsedAt: record.lastUsedAt.map(TokenTimes.text), revokedAt: record.revokedAt.map(TokenTimes.text))
            }
            if json {
                print(Output.json(rows))
                return
            }
            guard !rows.isEmpty else {
                print("No API tokens. Create one with 'firstkey tokens create --name NAME --scope read|write'.")
                return
            }
            for row in rows {
                let expiry = row.expiresAt.map { "expires \($0)" } ?? "never expires"
                let used = row.lastUsedAt.map { "last used \($0)" } ?? "never used"
                print("\(row.id)  \(row.status)  \(row.name)  [\(row.scopes.joined(separator: ","))]  created \(row.createdAt), \(expiry), \(used)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its ID.")
        @OptionGroup var config: ConfigOptions
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The token ID (tok_…).") var id: String

        func run() async throws {
            let revoked = try await withStore(try await config.load(storeOptions), logger: quietLogger()) { try await $0.revokeAPIToken(id: id, at: Date()) }
            guard revoked else { throw failure("No live token \(id).", json: false, code: "not-found") }
            print("Revoked \(id).")
        }
    }
}

enum TokenTimes {
    static func text(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}
