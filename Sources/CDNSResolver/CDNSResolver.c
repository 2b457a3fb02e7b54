#include "CDNSResolver.h"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>
#include <string.h>

int firstkey_query_srv(const char *name, const char *nameserver_ip, uint16_t nameserver_port,
                       firstkey_srv_record *records, int capacity) {
    struct __res_state state;
    memset(&state, 0, sizeof(state));
    if (res_ninit(&state) != 0) {
        return -NO_RECOVERY;
    }
    if (nameserver_ip != NULL) {
        struct sockaddr_in address;
        memset(&address, 0, sizeof(address));
        address.sin_family = AF_INET;
        address.sin_port = htons(nameserver_port);
        if (inet_pton(AF_INET, nameserver_ip, &address.sin_addr) != 1) {
            res_nclose(&state);
            return -NO_RECOVERY;
        }
        state.nsaddr_list[0] = address;
        state.nscount = 1;
    }
    unsigned char answer[8192];
    int length = res_nquery(&state, name, ns_c_in, ns_t_srv, answer, sizeof(answer));
    if (length < 0) {
        int error = state.res_h_errno > 0 ? state.res_h_errno : NO_RECOVERY;
        res_nclose(&state);
        return -error;
    }
    ns_msg message;
    if (ns_initparse(answer, length, &message) != 0) {
        res_nclose(&state);
        return -NO_RECOVERY;
    }
    int count = 0;
    int answers = ns_msg_count(message, ns_s_an);
    for (int i = 0; i < answers && count < capacity; i++) {
        ns_rr record;
        if (ns_parserr(&message, ns_s_an, i, &record) != 0 || ns_rr_type(record) != ns_t_srv || ns_rr_rdlen(record) < 7) {
            continue;
        }
        const unsigned char *data = ns_rr_rdata(record);
        firstkey_srv_record *out = &records[count];
        out->priority = ns_get16(data);
        out->weight = ns_get16(data + 2);
        out->port = ns_get16(data + 4);
        if (dn_expand(ns_msg_base(message), ns_msg_end(message), data + 6, out->target, sizeof(out->target)) < 0) {
            continue;
        }
        count++;
    }
    res_nclose(&state);
    return count;
}
