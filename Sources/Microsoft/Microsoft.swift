// Microsoft: Entra ID tokens, OpenID Connect, Microsoft Graph (users, TAP, authentication
// methods, sendMail, Lifecycle Workflows resume) on async-http-client.
//
// Layout: Configuration/ (what an administrator sets), HTTP/ (the one transport, retries,
// metrics), Tokens/ (client credentials, assertions, the token cache, AADSTS errors),
// Identity/ (OIDC discovery, JWKS, inbound access-token and ID-token validation, PKCE),
// Graph/ (requests, responses and the client). Everything that decides — request building,
// response parsing, retry, cache and claim decisions — is a value tested without I/O; the
// actors and clients only carry out those decisions.
