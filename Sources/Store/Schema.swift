/// The versioned schema, one definition for both stores; only the column types that differ
/// between SQLite and PostgreSQL are spelled per dialect. A migration is never edited once
/// released: changes are new versions.
enum Schema {
    struct Dialect {
        /// Times are stored as seconds since 1970.
        var time: String
        var integer: String
        var autoincrementKey: String

        static let sqlite = Dialect(time: "REAL", integer: "INTEGER", autoincrementKey: "INTEGER PRIMARY KEY AUTOINCREMENT")
        static let postgres = Dialect(time: "DOUBLE PRECISION", integer: "BIGINT", autoincrementKey: "BIGSERIAL PRIMARY KEY")
    }

    static func migrations(_ dialect: Dialect) -> [(version: Int, statements: [String])] {
        [
            (1, [
                """
                CREATE TABLE cases (
                    id TEXT PRIMARY KEY,
                    intake_key TEXT NOT NULL UNIQUE,
                    state TEXT NOT NULL,
                    source TEXT NOT NULL,
                    hire_date \(dialect.time) NOT NULL,
                    next_attempt_at \(dialect.time),
                    lease_owner TEXT,
                    lease_expires_at \(dialect.time),
                    version \(dialect.integer) NOT NULL DEFAULT 1,
                    document TEXT NOT NULL,
                    created_at \(dialect.time) NOT NULL,
                    updated_at \(dialect.time) NOT NULL
                )
                """,
                "CREATE INDEX cases_due ON cases(next_attempt_at) WHERE next_attempt_at IS NOT NULL",
                "CREATE INDEX cases_state ON cases(state)",
                """
                CREATE TABLE audit (
                    id \(dialect.autoincrementKey),
                    case_id TEXT NOT NULL REFERENCES cases(id),
                    at \(dialect.time) NOT NULL,
                    actor TEXT NOT NULL,
                    event TEXT NOT NULL,
                    detail TEXT NOT NULL
                )
                """,
                "CREATE INDEX audit_case ON audit(case_id, id)",
                """
                CREATE TABLE sealed_secrets (
                    case_id TEXT NOT NULL REFERENCES cases(id),
                    kind TEXT NOT NULL,
                    sealed TEXT NOT NULL,
                    created_at \(dialect.time) NOT NULL,
                    PRIMARY KEY (case_id, kind)
                )
                """,
            ]),
            (2, [
                """
                CREATE TABLE api_tokens (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    scopes TEXT NOT NULL,
                    created_at \(dialect.time) NOT NULL,
                    revoked_at \(dialect.time)
                )
                """,
            ]),
            (3, [
                """
                CREATE TABLE pickups (
                    token_digest TEXT PRIMARY KEY,
                    case_id TEXT NOT NULL REFERENCES cases(id),
                    code_digest TEXT NOT NULL,
                    attempts_left \(dialect.integer) NOT NULL,
                    state TEXT NOT NULL,
                    created_at \(dialect.time) NOT NULL,
                    expires_at \(dialect.time) NOT NULL
                )
                """,
                "CREATE INDEX pickups_case ON pickups(case_id, state)",
            ]),
            (4, [
                // The record is a JSON document; only what is looked up by is a column.
                """
                CREATE TABLE deliveries (
                    message_key TEXT PRIMARY KEY,
                    case_id TEXT NOT NULL REFERENCES cases(id),
                    provider_message_id TEXT,
                    document TEXT NOT NULL,
                    first_attempt_at \(dialect.time) NOT NULL
                )
                """,
                "CREATE INDEX deliveries_case ON deliveries(case_id, first_attempt_at)",
                "CREATE INDEX deliveries_provider_message ON deliveries(provider_message_id) WHERE provider_message_id IS NOT NULL",
            ]),
            (5, [
                "ALTER TABLE api_tokens ADD COLUMN expires_at \(dialect.time)",
                "ALTER TABLE api_tokens ADD COLUMN last_used_at \(dialect.time)",
                // Things that may happen once across every instance (a sign-in callback's state),
                // remembered until they could not be replayed anyway.
                """
                CREATE TABLE used_once (
                    kind TEXT NOT NULL,
                    digest TEXT NOT NULL,
                    expires_at \(dialect.time) NOT NULL,
                    PRIMARY KEY (kind, digest)
                )
                """,
            ]),
            (6, [
                // Signed-in portal and dashboard sessions: the cookie carries the session's ID,
                // the store its SHA-256, so sign-out and `firstkey sessions end` act everywhere.
                """
                CREATE TABLE sessions (
                    digest TEXT PRIMARY KEY,
                    purpose TEXT NOT NULL,
                    object_id TEXT NOT NULL,
                    display_name TEXT,
                    created_at \(dialect.time) NOT NULL,
                    expires_at \(dialect.time) NOT NULL,
                    ended_at \(dialect.time)
                )
                """,
                "CREATE INDEX sessions_object ON sessions(object_id)",
            ]),
        ]
    }
}
