import ArgumentParser
import Directory
import Foundation
import LDAP
import LDAPClient
import Synchronization

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Measure throughput against a real directory (see scripts/bench-ldap).", subcommands: [BenchLDAPCommand.self, BenchEngineCommand.self, BenchPickupCommand.self])
}

/// One benchmark cell: N connections with C requests in flight on each, for a fixed time.
struct BenchLDAPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ldap", abstract: "Bind, search or set-password operations per second on one or more connections.")

    enum Operation: String, ExpressibleByArgument { case bind, search, setPassword = "set-password" }

    @OptionGroup var config: ConfigOptions
    @OptionGroup var directory: DirectoryOptions
    @Option var operation: Operation
    @Option var connections = 1
    @Option(help: "Requests in flight per connection (ignored for bind: LDAP allows nothing else during a bind).")
    var concurrency = 1
    @Option(help: "Seconds to run.")
    var duration: Double = 5
    @Option(help: "One bench user per line: DN<TAB>sAMAccountName<TAB>employeeID.")
    var usersFile: String
    @Option(help: "File with the bench users' shared password (for bind).")
    var userPasswordFile: String?

    struct BenchUser: Sendable { var dn: String; var sam: String; var employeeID: String }

    struct Report: Encodable {
        var client = "firstkey"
        var operation: String
        var connections: Int
        var concurrency: Int
        var operations: Int
        var errors: Int
        var seconds: Double
        var opsPerSecond: Double
        var p50Ms: Double
        var p99Ms: Double
        var firstError: String?
    }

    func run() async throws {
        let directory = self.directory.access(try await config.load(self.directory))
        let users = try String(contentsOfFile: usersFile, encoding: .utf8).split(separator: "\n").compactMap { line -> BenchUser? in
            let fields = line.split(separator: "\t").map(String.init)
            return fields.count >= 3 ? BenchUser(dn: fields[0], sam: fields[1], employeeID: fields[2]) : nil
        }
        guard !users.isEmpty else { throw ValidationError("The users file holds no users.") }
        let userPassword = try userPasswordFile.map { try SecretFile.read($0, what: "bench user password") }
        if operation == .bind && userPassword == nil { throw ValidationError("bind needs --user-password-file.") }
        let server = try await directory.servers()[0]
        let (bindDN, bindPassword) = try directory.bindCredentials()
        let base = try directory.searchBase()
        let logger = directory.logger()

        var opened: [LDAPConnection] = []
        for _ in 0..<max(1, connections) {
            let connection = try await LDAPConnection.connect(to: server, tls: directory.tls(), requestTimeout: .seconds(directory.timeout), logger: logger)
            if operation != .bind { try await connection.bind(dn: bindDN, password: bindPassword) }
            opened.append(connection)
        }
        let perConnection = operation == .bind ? 1 : max(1, concurrency)
        let shared = SharedBenchState()
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .milliseconds(Int64(duration * 1000))
        let operation = self.operation

        let results = await withTaskGroup(of: ([Double], Int).self) { group in
            for connection in opened {
                for _ in 0..<perConnection {
                    group.addTask {
                        var latencies: [Double] = []
                        var errors = 0
                        while clock.now < deadline {
                            let index = shared.counter.add(1, ordering: .relaxed).newValue
                            let user = users[index % users.count]
                            let began = clock.now
                            do {
                                switch operation {
                                case .bind:
                                    try await connection.bind(dn: user.dn, password: userPassword ?? "")
                                case .search:
                                    let response = try await connection.search(SearchRequest(baseDN: base, filter: .equal("employeeID", user.employeeID), attributes: ["sAMAccountName"]), controls: [DomainScopeControl.control()])
                                    if response.entries.count != 1 { throw ValidationError("search for \(user.employeeID) found \(response.entries.count) entries") }
                                case .setPassword:
                                    let password = "Bench-\(index)-\(UInt32.random(in: 0..<UInt32.max))-aZ9!"
                                    try await connection.modify(ModifyRequest(dn: user.dn, changes: [.replace("unicodePwd", bytes: [ActiveDirectory.unicodePwdValue(password)])]))
                                }
                                let elapsed = clock.now - began
                                latencies.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
                            } catch {
                                errors += 1
                                shared.firstError.withLock { if $0 == nil { $0 = "\(error)" } }
                            }
                        }
                        return (latencies, errors)
                    }
                }
            }
            var all: [([Double], Int)] = []
            for await result in group { all.append(result) }
            return all
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        for connection in opened { await connection.unbind() }

        let latencies = results.flatMap(\.0).sorted()
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }
        let report = Report(operation: operation.rawValue, connections: opened.count, concurrency: perConnection,
                            operations: latencies.count, errors: results.map(\.1).reduce(0, +), seconds: seconds,
                            opsPerSecond: Double(latencies.count) / seconds, p50Ms: percentile(0.5), p99Ms: percentile(0.99),
                            firstError: shared.firstError.withLock { $0 })
        if directory.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(String(format: "%@ %d conn × %d: %.0f ops/s, p50 %.2f ms, p99 %.2f ms, %d errors", report.operation, report.connections, report.concurrency, report.opsPerSecond, report.p50Ms, report.p99Ms, report.errors))
        }
    }
}

/// State the benchmark's workers share; Atomic and Mutex cannot be captured directly.
final class SharedBenchState: Sendable {
    let counter = Atomic<Int>(0)
    let firstError = Mutex<String?>(nil)
}
