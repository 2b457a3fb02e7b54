// Microsoft: Entra ID tokens, OpenID Connect, Microsoft Graph (users, TAP, authentication
// methods, sendMail, Lifecycle Workflows resume) on async-http-client.
