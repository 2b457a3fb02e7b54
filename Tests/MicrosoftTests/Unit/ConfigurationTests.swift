import Crypto
import Foundation
@testable import Microsoft
import NIOHTTP1
import NIOSSL
import Testing

@Suite struct ConfigurationTests {
    @Test func endpointsFollowTheTenant() throws {
        let configuration = try Fixtures.configuration()
        #expect(configuration.tokenEndpoint.absoluteString == "https://login.microsoftonline.com/\(Fixtures.tenantID)/oauth2/v2.0/token")
        #expect(configuration.openIDConfigurationURL.absoluteString == "https://login.microsoftonline.com/\(Fixtures.tenantID)/v2.0/.well-known/openid-configuration")
        #expect(configuration.graphBaseURL.absoluteString == "https://graph.microsoft.com/v1.0")
        #expect(configuration.clientAssertionAudience == configuration.tokenEndpoint.absoluteString)
    }

    @Test func trailingSlashesAreDropped() throws {
        let configuration = try EntraConfiguration(
            tenantID: "contoso.com", clientID: Fixtures.clientID, credential: .secret(try EntraClientSecret("x~y")),
            authorityHost: URL(string: "https://login.microsoftonline.com/")!, graphBaseURL: URL(string: "https://graph.microsoft.com/v1.0/")!)
        #expect(configuration.tokenEndpoint.absoluteString == "https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token")
        #expect(configuration.graphBaseURL.absoluteString == "https://graph.microsoft.com/v1.0")
    }

    @Test(arguments: ["common", "organizations", "Consumers"])
    func multiTenantAliasesAreRefused(_ tenant: String) throws {
        let error = #expect(throws: EntraConfigurationError.self) {
            try EntraConfiguration(tenantID: tenant, clientID: Fixtures.clientID, credential: .secret(try EntraClientSecret("x~y")))
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.description.contains("tenant ID") == true)
    }

    @Test func clientIDMustBeAGUID() throws {
        let error = #expect(throws: EntraConfigurationError.self) {
            try EntraConfiguration(tenantID: Fixtures.tenantID, clientID: "Firstkey", credential: .secret(try EntraClientSecret("x~y")))
        }
        #expect(error?.field == "client ID")
    }

    @Test func plainHTTPOnlyForLoopback() throws {
        let secret = try EntraClientSecret("x~y")
        let local = try EntraConfiguration(
            tenantID: Fixtures.tenantID, clientID: Fixtures.clientID, credential: .secret(secret),
            authorityHost: URL(string: "http://127.0.0.1:8080")!, graphBaseURL: URL(string: "http://localhost:8080/v1.0")!)
        #expect(local.tokenEndpoint.absoluteString.hasPrefix("http://127.0.0.1:8080/"))
        let error = #expect(throws: EntraConfigurationError.self) {
            try EntraConfiguration(
                tenantID: Fixtures.tenantID, clientID: Fixtures.clientID, credential: .secret(secret),
                authorityHost: URL(string: "http://login.example.com")!)
        }
        #expect(error?.code == .insecureTransport)
    }

    @Test func secretIDIsRefusedAndSecretIsNeverPrinted() throws {
        let error = #expect(throws: EntraConfigurationError.self) { try EntraClientSecret("6f1967b7-15e8-4935-ac26-d50770ed07a7") }
        #expect(error?.description.contains("Value") == true)

        let secret = try EntraClientSecret(Fixtures.secretValue)
        let credential = EntraClientCredential.secret(secret)
        for text in [String(describing: secret), String(reflecting: secret), "\(credential)", dumped(secret), dumped(try Fixtures.configuration())] {
            #expect(!text.contains(Fixtures.secretValue))
        }
    }

    @Test func certificateThumbprintsMatchTheDER() throws {
        let certificate = try EntraClientCertificate(certificatePEM: TestKeys.certificateA, privateKeyPEM: TestKeys.privateKeyA)
        let der = try NIOSSLCertificate.fromPEMBytes(Array(TestKeys.certificateA.utf8))[0].toDERBytes()
        #expect(certificate.sha256Thumbprint == Base64URL.encode(SHA256.hash(data: der)))
        #expect(certificate.sha1Thumbprint == Base64URL.encode(Insecure.SHA1.hash(data: der)))
        #expect(certificate.portalThumbprint.count == 40)
        #expect(certificate.notValidAfter > Date())
        #expect(!dumped(certificate).contains("PRIVATE"))
    }

    @Test func keyFromAnotherCertificateIsRefused() {
        let error = #expect(throws: EntraConfigurationError.self) {
            try EntraClientCertificate(certificatePEM: TestKeys.certificateA, privateKeyPEM: TestKeys.privateKeyB)
        }
        #expect(error?.code == .keyDoesNotMatchCertificate)
    }

    @Test func unreadablePEMIsNamed() {
        let certificateError = #expect(throws: EntraConfigurationError.self) {
            try EntraClientCertificate(certificatePEM: "not a certificate", privateKeyPEM: TestKeys.privateKeyA)
        }
        #expect(certificateError?.code == .unreadableCertificate)
        let keyError = #expect(throws: EntraConfigurationError.self) {
            try EntraClientCertificate(certificatePEM: TestKeys.certificateA, privateKeyPEM: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")
        }
        #expect(keyError?.code == .unreadablePrivateKey)
        #expect(keyError?.description.contains("AAAA") == false)
    }

    @Test func transportRejectsAnUnreadableTrustedCA() throws {
        var configuration = try Fixtures.configuration()
        configuration.additionalTrustedCertificateAuthorityPEM = "garbage"
        let error = #expect(throws: EntraConfigurationError.self) { try AsyncHTTPClientTransport(configuration: configuration) }
        #expect(error?.code == .unreadableTrustedCertificate)
    }
}

func dumped(_ value: some Any) -> String {
    var text = ""
    dump(value, to: &text)
    return text
}
