import Foundation
import LDAP
import LDAPClient
import Logging
import Testing
import TestSupport
@testable import Directory

/// The real servers started by scripts/test-env-up, described by the variables it exports.
/// Without them the suite is skipped, unless FIRSTKEY_REQUIRE_INTEGRATION=1 (scripts/test sets
/// it), in which case their absence is a failure.
enum IntegrationEnvironment {
    static let variables = ProcessInfo.processInfo.environment

    static var available: Bool {
        if variables["DC1_HOST"] != nil { return true }
        return variables["FIRSTKEY_REQUIRE_INTEGRATION"] == "1"
    }

    static func value(_ name: String) throws -> String {
        guard let value = variables[name], !value.isEmpty else {
            throw IntegrationSetupError(description: "\(name) is not set: run the tests with scripts/test, which starts the servers")
        }
        return value
    }

    struct DC {
        let prefix: String
        var host: String { get throws { try value("\(prefix)_HOST") } }
        var caFile: String { get throws { try value("\(prefix)_CA_CERT") } }
        var baseDN: String { get throws { try value("\(prefix)_BASE_DN") } }
        var usersOU: String { get throws { try value("\(prefix)_USERS_OU") } }
        var serviceDN: String { get throws { try value("\(prefix)_SVC_DN") } }
        var servicePassword: String { get throws { try value("\(prefix)_SVC_PASSWORD") } }
        var adminDN: String { get throws { try value("\(prefix)_ADMIN_DN") } }
        var adminPassword: String { get throws { try value("\(prefix)_ADMIN_PASSWORD") } }
        var stateDir: String { get throws { try value("\(prefix)_STATE_DIR") } }
        var ldaps: LDAPServer { get throws { LDAPServer(host: try host, port: 636, security: .ldaps) } }
        var startTLS: LDAPServer { get throws { LDAPServer(host: try host, port: 389, security: .startTLS) } }
        var tls: LDAPTLSConfiguration { get throws { LDAPTLSConfiguration(caFile: try caFile) } }
    }

    static let dc1 = DC(prefix: "DC1")
    static let dc2 = DC(prefix: "DC2")

    static var openLDAPServer: LDAPServer {
        get throws { LDAPServer(host: try value("OPENLDAP_HOST"), port: Int(try value("OPENLDAP_LDAPS_PORT")), security: .ldaps) }
    }

    static var logger: Logger {
        var logger = Logger(label: "firstkey.test")
        logger.logLevel = variables["FIRSTKEY_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return logger
    }

    static func connect(_ server: LDAPServer, tls: LDAPTLSConfiguration, bindDN: String? = nil, password: String? = nil) async throws -> LDAPConnection {
        // The tests' own connections wait out a DC that a loaded machine slows down; the deadline
        // tests (FailoverTests, LDAPDeadlineTests) use the product's defaults.
        let connection = try await LDAPConnection.connect(to: server, tls: tls, handshakeTimeout: .seconds(30), logger: logger)
        if let bindDN, let password { try await connection.bind(dn: bindDN, password: password) }
        return connection
    }

    static func servicePool(_ servers: [LDAPServer]? = nil, tls: LDAPTLSConfiguration? = nil, maximumConnections: Int = 4) throws -> LDAPConnectionPool {
        LDAPConnectionPool(configuration: .init(
            servers: try servers ?? [dc1.ldaps], tls: try tls ?? dc1.tls, bindDN: try dc1.serviceDN, bindPassword: try dc1.servicePassword,
            maximumConnections: maximumConnections, connectTimeout: .seconds(2), handshakeTimeout: .seconds(30), stallTimeout: .seconds(15)), logger: logger)
    }

    static func serviceDirectory() throws -> ActiveDirectory {
        ActiveDirectory(pool: try servicePool(), searchBase: try dc1.baseDN, logger: logger)
    }

    /// A new user in the delegated OU, created by the administrator, disabled and without a password,
    /// like a freshly provisioned hire.
    static func createHire(prefix: String = "hire", employeeID: String? = nil, ou: String? = nil) async throws -> (sam: String, dn: String, employeeID: String) {
        let suffix = String(UInt32.random(in: 0..<UInt32.max), radix: 36)
        let sam = "\(prefix)\(suffix)".prefix(20).description
        let id = employeeID ?? "T\(suffix)"
        let dn = "CN=\(sam),\(try ou ?? dc1.usersOU)"
        let admin = try await connect(try dc1.ldaps, tls: try dc1.tls, bindDN: try dc1.adminDN, password: try dc1.adminPassword)
        defer { Task { await admin.unbind() } }
        try await admin.add(AddRequest(dn: dn, attributes: [
            LDAPAttribute(name: "objectClass", strings: ["top", "person", "organizationalPerson", "user"]),
            LDAPAttribute(name: "sAMAccountName", strings: [sam]),
            LDAPAttribute(name: "userPrincipalName", strings: ["\(sam)@ad.example.test"]),
            LDAPAttribute(name: "displayName", strings: ["Test \(sam)"]),
            LDAPAttribute(name: "employeeID", strings: [id]),
        ]))
        return (sam, dn, id)
    }

    /// A policy-compliant password, recorded as a canary for the secret search.
    static func randomPassword() -> String { TestSecrets.canaryPassword() }
}

struct IntegrationSetupError: Error, CustomStringConvertible {
    let description: String
}
