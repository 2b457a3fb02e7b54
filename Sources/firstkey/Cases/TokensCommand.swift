import ArgumentParser
import Foundation
import Server
import Store

/// `firstkey tokens`: admin API tokens. The token is printed once; only its hash is stored.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tokens", abstract: "Create and revoke admin API tokens.", subcommands: [Create.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token; it is shown once and stored only as a hash.")
        @OptionGroup var config: ConfigOptions
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Who or what uses it, e.g. hr-integration.") var name: String
        @Option(help: "read or write (write includes read). Repeatable.") var scope: [String] = ["read"]
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let scopes = try Set(scope.map { value in
                guard let parsed = APIScope(rawValue: value) else { throw ValidationError("--scope must be read or write.") }
                return parsed
            })
            let (token, record) = try await withStore(try await config.load(storeOptions), logger: quietLogger()) { try await APITokens.issue(name: name, scopes: scopes, store: $0) }
            if json {
                print(Output.json(["id": record.id, "name": record.name, "scopes": record.scopes.map(\.rawValue).sorted().joined(separator: ","), "token": token]))
            } else {
                print("Token \(record.id) for \(record.name) (\(record.scopes.map(\.rawValue).sorted().joined(separator: ", "))). Store it now; it is not shown again:")
                print(token)
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
