// Server is Firstkey's HTTP face (Hummingbird): today the admin REST API with hashed bearer
// tokens and health probes; the pickup page, the first-password portal and metrics join it.
