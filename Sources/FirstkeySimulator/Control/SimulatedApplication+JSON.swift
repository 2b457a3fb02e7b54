import Foundation

/// The `/_sim` and seed-file form of an app registration:
/// `{"clientId","servicePrincipalId","displayName","secrets":[],"certificates":["-----BEGIN CERTIFICATE-----…"],
///   "grantedRoles":[],"redirectUris":[],"optionalClaims":[],"identifierUris":[],"mailboxScope":[user ids]}`.
extension SimulatedApplication {
    public init(json: JSONValue) throws(SimulatorInputError) {
        guard json.objectValue != nil else { throw SimulatorInputError("an application must be a JSON object") }
        func strings(_ key: String) throws(SimulatorInputError) -> [String] {
            guard let value = json[key], !value.isNull else { return [] }
            guard let list = value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else { throw SimulatorInputError("\(key) must be a list of strings") }
            return list.compactMap(\.stringValue)
        }
        var certificates: [SimulatedCertificate] = []
        for pem in try strings("certificates") {
            do {
                certificates.append(try SimulatedCertificate(pem: pem))
            } catch {
                throw SimulatorInputError("certificates must be PEM certificates")
            }
        }
        let mailboxScope = json["mailboxScope"].flatMap { $0.isNull ? nil : $0 } != nil ? Set(try strings("mailboxScope").map { $0.lowercased() }) : nil
        self.init(
            clientID: json["clientId"]?.stringValue ?? UUID().uuidString.lowercased(),
            servicePrincipalID: json["servicePrincipalId"]?.stringValue ?? UUID().uuidString.lowercased(),
            displayName: json["displayName"]?.stringValue ?? "Firstkey",
            secrets: try strings("secrets"),
            certificates: certificates,
            grantedRoles: try strings("grantedRoles"),
            redirectURIs: try strings("redirectUris"),
            optionalClaims: try strings("optionalClaims"),
            identifierURIs: try strings("identifierUris"),
            mailboxScope: mailboxScope
        )
    }

    /// Without secrets: `/_sim` never echoes a credential.
    var publicJSON: JSONValue {
        [
            "clientId": .string(clientID),
            "servicePrincipalId": .string(servicePrincipalID),
            "displayName": .string(displayName),
            "certificateThumbprints": .array(certificates.map { .string($0.sha256Thumbprint) }),
            "grantedRoles": .strings(grantedRoles),
            "redirectUris": .strings(redirectURIs),
            "optionalClaims": .strings(optionalClaims),
            "identifierUris": .strings(identifierURIs),
        ]
    }
}
