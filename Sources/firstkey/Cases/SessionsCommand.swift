import ArgumentParser
import Foundation
import Store

/// `firstkey sessions`: the signed-in portal and dashboard sessions, kept in the store. Ending one
/// acts at every instance at its next request: run `end --user` when an administrator's role is
/// removed or their account is taken away, `end --all` after a suspected compromise.
struct SessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sessions", abstract: "List or end signed-in portal and dashboard sessions.",
                                                    subcommands: [List.self, End.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Live sessions, newest first (never a session's ID or cookie).")
        @OptionGroup var config: ConfigOptions
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Print JSON.") var json = false

        struct Row: Encodable { var purpose, objectId, signedInAt, expiresAt: String; var user: String? }

        func run() async throws {
            let sessions = try await withStore(try await config.load(storeOptions), logger: quietLogger()) { try await $0.liveSessions(now: Date()) }
            let rows = sessions.map { Row(purpose: $0.purpose, objectId: $0.objectID, signedInAt: TokenTimes.text($0.createdAt), expiresAt: TokenTimes.text($0.expiresAt), user: $0.displayName) }
            if json { print(Output.json(rows)); return }
            guard !rows.isEmpty else { print("No one is signed in."); return }
            for row in rows {
                print("\(row.purpose)  \(row.user ?? "-")  \(row.objectId)  signed in \(row.signedInAt), until \(row.expiresAt)")
            }
        }
    }

    struct End: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End the sessions of one person (Entra object ID) or of everyone, at every instance.")
        @OptionGroup var config: ConfigOptions
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "The Entra object ID whose sessions end.") var user: String?
        @Flag(help: "End every live session.") var all = false
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard (user != nil) != all else { throw ValidationError("Give either --user OBJECT_ID or --all.") }
        }

        func run() async throws {
            let ended = try await withStore(try await config.load(storeOptions), logger: quietLogger()) { try await $0.endSessions(objectID: user, at: Date()) }
            if json { print(Output.json(["ended": ended])) } else { print("Ended \(ended) session\(ended == 1 ? "" : "s").") }
        }
    }
}
