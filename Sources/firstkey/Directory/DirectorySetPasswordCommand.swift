import ArgumentParser
import Directory
import LDAP
import LDAPClient
import Foundation

struct DirectorySetPasswordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-password",
        abstract: "Set a user's password. The password is read from standard input or a prompt, never from the command line."
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var user: UserSelector

    @Flag(inversion: .prefixedNo, help: "Require a new password at next logon (pwdLastSet 0). --no-must-change makes it the user's own password (pwdLastSet -1).")
    var mustChange = true

    @Flag(help: "Enable the account in the same change.")
    var enable = false

    @Flag(help: "Unlock the account in the same change.")
    var unlock = false

    @Flag(help: "Skip Firstkey's own check against the effective password policy and let the DC decide.")
    var noPolicyPrecheck = false

    func run() async throws {
        let directory = self.directory.access(try await config.load(self.directory))
        let password = try PasswordInput.read()
        do {
            try await directory.withPool { pool in try await setPassword(password, in: pool, directory) }
        } catch let error as ValidationError {
            throw error
        } catch {
            print(Output.error(error, json: directory.json))
            throw ExitCode(1)
        }
    }

    func setPassword(_ password: String, in pool: LDAPConnectionPool, _ directory: DirectoryAccess) async throws {
        do {
            if directory.kind == "openldap" {
                let (attribute, value) = try user.openLDAPAttribute()
                let openLDAP = OpenLDAPDirectory(pool: pool, searchBase: try directory.searchBase(), logger: directory.logger())
                let entry = try await openLDAP.findEntry(attribute: attribute, value: value)
                try await openLDAP.setPassword(forDN: entry.dn, to: password, mustChange: mustChange)
                print(directory.json ? Output.json(["dn": entry.dn, "result": "password set", "mustChange": "\(mustChange)"]) : "Password set for \(entry.dn)\(mustChange ? " (must change at next logon)" : "").")
                return
            }
            let ad = ActiveDirectory(pool: pool, searchBase: try directory.searchBase(), logger: directory.logger())
            let found = try await ad.findUser(anyOf: try user.activeDirectoryQueries())
            let outcome = try await ad.setPassword(for: found, to: password, options: .init(
                mustChangeAtNextLogon: mustChange, enable: enable, unlock: unlock, precheckPolicy: !noPolicyPrecheck))
            let report = UserReport(outcome.user)
            if directory.json {
                print(Output.json(SetPasswordReport(result: "password set", server: outcome.server, historyEnforced: outcome.historyEnforced, user: report)))
            } else {
                print("Password set for \(found.samAccountName ?? found.dn) on \(outcome.server).")
                if !outcome.historyEnforced { print("Note: this DC did not enforce password history on the reset (no policy hints control).") }
                print(Output.table(report.rows))
            }
        }
    }
}

struct SetPasswordReport: Encodable {
    var result: String
    var server: String
    var historyEnforced: Bool
    var user: UserReport
}

/// Reads the new password: from a terminal with echo off (asked twice), otherwise from stdin.
enum PasswordInput {
    static func read() throws -> String {
        if isatty(STDIN_FILENO) == 1 {
            let first = try prompt("New password: ")
            let second = try prompt("Repeat it: ")
            guard first == second else { throw ValidationError("The two passwords differ.") }
            return first
        }
        var data = Data()
        while let line = Swift.readLine(strippingNewline: false) { data.append(Data(line.utf8)) }
        var text = String(decoding: data, as: UTF8.self)
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        guard !text.isEmpty else { throw ValidationError("No password on standard input. Pipe it in (printf '%s' \"$pw\" | firstkey …) or run in a terminal to be prompted.") }
        guard !text.contains("\n") else { throw ValidationError("Standard input holds more than one line; give the password alone.") }
        return text
    }

    private static func prompt(_ text: String) throws -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var original = termios()
        tcgetattr(STDIN_FILENO, &original)
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = Swift.readLine(), !line.isEmpty else { throw ValidationError("No password given.") }
        return line
    }
}
