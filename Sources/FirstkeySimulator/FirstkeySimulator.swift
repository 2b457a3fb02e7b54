// FirstkeySimulator: a local stand-in for Entra ID, Microsoft Graph, ACS and Twilio, built to
// ../shared/reference/microsoft-apis.md, for tests and the demo.
