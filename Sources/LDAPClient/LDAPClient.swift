// LDAPClient puts LDAP's values on the wire: NIO channel handlers, connections with LDAPS or
// StartTLS, per-request timeouts, a connection pool and failover across domain controllers.
