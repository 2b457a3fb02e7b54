#ifndef FIRSTKEY_CDNSRESOLVER_H
#define FIRSTKEY_CDNSRESOLVER_H

#include <stdint.h>

/// One SRV answer (RFC 2782).
typedef struct {
    uint16_t priority;
    uint16_t weight;
    uint16_t port;
    char target[256];
} firstkey_srv_record;

/// Queries SRV records for `name` through the system resolver (libresolv), or through the given
/// IPv4 name server when `nameserver_ip` is not NULL. Returns the number of records written to
/// `records` (at most `capacity`), or the negated resolver error (h_errno: 1 name not found,
/// 2 try again, 3 no recovery, 4 no data) when the query failed.
int firstkey_query_srv(const char *name, const char *nameserver_ip, uint16_t nameserver_port,
                       firstkey_srv_record *records, int capacity);

#endif
