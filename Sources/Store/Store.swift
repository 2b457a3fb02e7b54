// Store keeps cases, their audit trail and their sealed secrets durable, behind one interface.
// SQLite is the embedded default; PostgreSQL (for several instances) follows the same contract.
