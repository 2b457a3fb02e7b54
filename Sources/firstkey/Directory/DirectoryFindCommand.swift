import ArgumentParser
import Directory
import Foundation
import LDAP
import LDAPClient

struct DirectoryFindCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "find", abstract: "Find one user and show the state that matters for a first password.")

    @OptionGroup var config: ConfigOptions
    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var user: UserSelector

    func run() async throws {
        let directory = self.directory.access(try await config.load(self.directory))
        do {
            try await directory.withPool { pool in try await find(in: pool, directory) }
        } catch let error as ValidationError {
            throw error
        } catch {
            print(Output.error(error, json: directory.json))
            throw ExitCode(1)
        }
    }

    func find(in pool: LDAPConnectionPool, _ directory: DirectoryAccess) async throws {
        do {
            if directory.kind == "openldap" {
                let (attribute, value) = try user.openLDAPAttribute()
                let entry = try await OpenLDAPDirectory(pool: pool, searchBase: try directory.searchBase(), logger: directory.logger()).findEntry(attribute: attribute, value: value)
                let report = Dictionary(uniqueKeysWithValues: entry.attributes.map { ($0.name, $0.stringValues) })
                print(directory.json ? Output.json(["dn": [entry.dn]].merging(report) { a, _ in a }) : Output.table([("DN", entry.dn)] + entry.attributes.map { ($0.name, $0.stringValues.joined(separator: ", ")) }))
                return
            }
            let ad = ActiveDirectory(pool: pool, searchBase: try directory.searchBase(), logger: directory.logger())
            let found = try await ad.findUser(anyOf: try user.activeDirectoryQueries())
            let report = UserReport(found)
            print(directory.json ? Output.json(report) : Output.table(report.rows))
        }
    }
}
