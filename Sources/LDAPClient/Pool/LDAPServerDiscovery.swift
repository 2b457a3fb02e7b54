import Foundation
import CDNSResolver
import NIOPosix

/// Finds domain controllers through DNS SRV records (MS-ADTS 6.3.6.1):
/// `_ldap._tcp.dc._msdcs.<domain>`, ordered by priority and weight (RFC 2782).
public enum LDAPServerDiscovery {
    public struct SRVRecord: Hashable, Sendable {
        public var priority: UInt16
        public var weight: UInt16
        public var port: UInt16
        public var target: String

        public init(priority: UInt16, weight: UInt16, port: UInt16, target: String) {
            self.priority = priority
            self.weight = weight
            self.port = port
            self.target = target
        }
    }

    public static func domainControllersName(for domain: String) -> String { "_ldap._tcp.dc._msdcs.\(domain)" }

    /// Only DCs whose names lie inside the AD DNS domain: one spoofed DNS answer pointing at a host
    /// elsewhere (with a publicly trusted certificate for its own name) must not receive the
    /// service account's password. Throws when no DC is left.
    public static func insideDomain(_ servers: [LDAPServer], domain: String) throws -> (kept: [LDAPServer], dropped: [LDAPServer]) {
        let suffix = "." + domain.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        let inside = { (server: LDAPServer) -> Bool in
            let host = server.host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
            return host.hasSuffix(suffix) && host.count > suffix.count
        }
        let kept = servers.filter(inside), dropped = servers.filter { !inside($0) }
        guard !kept.isEmpty else {
            throw LDAPError(.noServerAvailable, detail: "DNS named no domain controller inside \(domain) (\(dropped.map(\.host).joined(separator: ", "))): "
                            + "Firstkey only connects to DCs whose names lie in the AD DNS domain")
        }
        return (kept, dropped)
    }

    /// The DCs of `domain`, in the order to try them. LDAPS uses port 636 on each host; StartTLS
    /// uses the port the record names. `nameServer` ("ip:port") bypasses /etc/resolv.conf.
    public static func domainControllers(
        for domain: String,
        security: LDAPTransportSecurity = .ldaps,
        nameServer: String? = nil
    ) async throws -> [LDAPServer] {
        let records = try await query(domainControllersName(for: domain), nameServer: nameServer)
        var generator = SystemRandomNumberGenerator()
        return order(records, using: &generator).map { record in
            LDAPServer(host: record.target, port: security == .ldaps ? 636 : Int(record.port), security: security)
        }
    }

    /// RFC 2782: ascending priority; within one priority a weighted random order, where a record
    /// of weight 0 is chosen only after the others.
    public static func order<Generator: RandomNumberGenerator>(_ records: [SRVRecord], using generator: inout Generator) -> [SRVRecord] {
        var ordered: [SRVRecord] = []
        for priority in Set(records.map(\.priority)).sorted() {
            var group = records.filter { $0.priority == priority }.sorted { $0.weight == 0 && $1.weight != 0 }
            while !group.isEmpty {
                let total = group.reduce(0) { $0 + Int($1.weight) }
                let pick = total == 0 ? 0 : Int.random(in: 0...total, using: &generator)
                var running = 0
                let index = group.firstIndex { running += Int($0.weight); return running >= pick } ?? 0
                ordered.append(group.remove(at: index))
            }
        }
        return ordered
    }

    static func query(_ name: String, nameServer: String?) async throws -> [SRVRecord] {
        var serverIP: String?
        var serverPort: UInt16 = 53
        if let nameServer {
            let parts = nameServer.split(separator: ":")
            serverIP = parts.first.map(String.init)
            if parts.count == 2 {
                guard let port = UInt16(parts[1]) else { throw LDAPError(.invalidConfiguration, detail: "bad DNS server '\(nameServer)'") }
                serverPort = port
            }
        }
        let (resolverIP, resolverPort) = (serverIP, serverPort)
        // libresolv blocks; run it on NIO's thread pool, never on a cooperative thread.
        let (count, records) = try await NIOThreadPool.singleton.runIfActive { () -> (Int32, [SRVRecord]) in
            var buffer = [firstkey_srv_record](repeating: firstkey_srv_record(), count: 64)
            let count = buffer.withUnsafeMutableBufferPointer { pointer in
                if let resolverIP {
                    return firstkey_query_srv(name, resolverIP, resolverPort, pointer.baseAddress, Int32(pointer.count))
                }
                return firstkey_query_srv(name, nil, 0, pointer.baseAddress, Int32(pointer.count))
            }
            guard count > 0 else { return (count, []) }
            return (count, buffer.prefix(Int(count)).map { raw in
                var target = raw.target
                let name = withUnsafeBytes(of: &target) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                return SRVRecord(priority: raw.priority, weight: raw.weight, port: raw.port, target: name)
            })
        }
        guard count >= 0 else {
            let reason = switch -count { case 1: "the name does not exist"; case 2: "the DNS server did not answer (try again)"; case 4: "there are no SRV records"; default: "the DNS query failed" }
            throw LDAPError(.noServerAvailable, detail: "DNS SRV lookup of \(name): \(reason)")
        }
        guard !records.isEmpty else { throw LDAPError(.noServerAvailable, detail: "DNS SRV lookup of \(name) returned no records") }
        return records
    }
}
