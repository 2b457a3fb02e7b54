/// How a confidential client proved itself at the token endpoint.
enum ClientCredentialKind: Sendable {
    case secret, certificate
}
