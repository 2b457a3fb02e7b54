/*
 * Load generator of scripts/bench-pickup: sends each prepared HTTP/1.1 request exactly once
 * over C concurrent connections (epoll, one thread), checks every answer and records its
 * latency. scripts/bench-pickup compiles it (gcc -O2); scripts/bench/pickup_load.py runs it.
 *
 *   pickup_client get|post PORT CONNECTIONS LIMIT_SECONDS REQUESTS OUT
 *
 * Always to 127.0.0.1:PORT. Each connection takes the next request that nobody has taken,
 * sends it, reads the whole answer, and takes the next; a connection the server closes
 * (Connection: close, or gunicorn's sync workers) is opened again only while requests are
 * left, so no idle connection ever holds a server's worker. Latency: from just before the
 * request is written (after the connection is open) to the end of its answer, CLOCK_MONOTONIC.
 *
 * get   REQUESTS: one path a line. An answer must be 200. When it is a Firstkey pickup page
 *       (a form with action="/pickup/TOKEN"), OUT gets TOKEN<TAB>COOKIE<TAB>NAME<TAB>VALUE…:
 *       the name=value of its first Set-Cookie and every hidden input, as in the HTML.
 * post  REQUESTS: PATH<TAB>COOKIE<TAB>BODY<TAB>SECRET a line (COOKIE, BODY may be empty):
 *       a form POST whose answer must be 200 and contain SECRET. OUT gets one latency (µs) a
 *       line per verified reveal.
 *
 * OUT's first line: summary<TAB>sent<TAB>answered<TAB>ok<TAB>failed<TAB>first µs<TAB>last µs
 * <TAB>first failure. A request whose connection broke, or that had no answer after
 * LIMIT_SECONDS, is a failure; nothing is ever sent twice.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    char *raw;      /* the whole request */
    size_t length;
    char *secret;   /* post: what the answer must contain */
} request;

typedef struct {
    int fd;
    long current;   /* index of the request in flight, -1 if none */
    size_t written;
    char *buffer;
    size_t used, capacity;
    double started;
    int connected;
} connection;

static request *requests;
static long request_count, next_request, sent, answered, ok, failed;
static double first_us, last_us;
static char first_failure[200];
static int post_mode, port;
static FILE *out;
static struct sockaddr_in address;
static int epoll_fd;

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void fail(const char *reason) {
    failed++;
    if (!first_failure[0]) snprintf(first_failure, sizeof first_failure, "%s", reason);
}

static char *field(char **cursor) { /* next tab-separated field of a line, in place */
    char *start = *cursor, *tab = start ? strchr(start, '\t') : NULL;
    if (tab) { *tab = 0; *cursor = tab + 1; } else { *cursor = NULL; }
    return start ? start : "";
}

static void load(const char *path) {
    FILE *file = fopen(path, "r");
    if (!file) { perror(path); exit(2); }
    char *line = NULL;
    size_t size = 0;
    ssize_t n;
    long capacity = 1024;
    requests = calloc(capacity, sizeof(request));
    while ((n = getline(&line, &size, file)) > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        if (n == 0) continue;
        if (request_count == capacity) {
            capacity *= 2;
            requests = realloc(requests, capacity * sizeof(request));
        }
        request *r = &requests[request_count++];
        char *cursor = line, *path = field(&cursor);
        char *raw = NULL;
        int length;
        if (!post_mode) {
            length = asprintf(&raw, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUser-Agent: firstkey-bench-pickup\r\n\r\n", path, port);
            r->secret = NULL;
        } else {
            char *cookie = field(&cursor), *body = field(&cursor), *secret = field(&cursor);
            char cookie_header[4096] = "";
            if (*cookie) snprintf(cookie_header, sizeof cookie_header, "Cookie: %s\r\n", cookie);
            length = asprintf(&raw, "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUser-Agent: firstkey-bench-pickup\r\n%s"
                              "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %zu\r\n\r\n%s",
                              path, port, cookie_header, strlen(body), body);
            r->secret = strdup(secret);
            if (!*secret) { fprintf(stderr, "%s: a line without a secret\n", path); exit(2); }
        }
        if (length < 0) exit(2);
        r->raw = raw;
        r->length = (size_t)length;
    }
    free(line);
    fclose(file);
}

static void watch(connection *c, uint32_t events, int op) {
    struct epoll_event event = {.events = events, .data.ptr = c};
    if (epoll_ctl(epoll_fd, op, c->fd, &event) != 0) { perror("epoll_ctl"); exit(2); }
}

/* Takes the next request and opens a connection for it if needed; false when none is left. */
static int start_next(connection *c) {
    if (next_request >= request_count) return 0;
    c->current = next_request++;
    c->written = 0;
    c->used = 0;
    if (c->fd < 0) {
        c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        int one = 1;
        setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        c->connected = 0;
        if (connect(c->fd, (struct sockaddr *)&address, sizeof address) != 0 && errno != EINPROGRESS) {
            perror("connect");
            exit(2);
        }
        watch(c, EPOLLOUT | EPOLLIN, EPOLL_CTL_ADD);
    } else {
        watch(c, EPOLLOUT | EPOLLIN, EPOLL_CTL_MOD);
    }
    return 1;
}

static void close_connection(connection *c) {
    if (c->fd >= 0) {
        epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c->fd, NULL);
        close(c->fd);
    }
    c->fd = -1;
}

static const char *header_value(const char *headers, const char *end, const char *name, size_t *length) {
    size_t name_length = strlen(name);
    for (const char *line = strstr(headers, "\r\n"); line && line + 2 < end; line = strstr(line + 2, "\r\n")) {
        const char *start = line + 2;
        if ((size_t)(end - start) > name_length && strncasecmp(start, name, name_length) == 0 && start[name_length] == ':') {
            const char *value = start + name_length + 1;
            while (*value == ' ') value++;
            const char *stop = strstr(value, "\r\n");
            *length = (size_t)(stop - value);
            return value;
        }
    }
    return NULL;
}

/* The attribute's value in one tag, or NULL. */
static char *attribute(const char *tag, const char *tag_end, const char *name) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, " %s=\"", name);
    const char *found = memmem(tag, (size_t)(tag_end - tag), pattern, strlen(pattern));
    if (!found) return NULL;
    const char *value = found + strlen(pattern), *quote = memchr(value, '"', (size_t)(tag_end - value));
    return quote ? strndup(value, (size_t)(quote - value)) : NULL;
}

static void collect_form(const char *body, size_t length, const char *cookie, size_t cookie_length) {
    const char *end = body + length;
    const char *action = memmem(body, length, "action=\"/pickup/", 16);
    if (!action) { ok++; return; } /* another service's page (SnapPass): nothing to collect */
    const char *token = action + 16, *quote = memchr(token, '"', (size_t)(end - token));
    if (!quote || !cookie) { fail(cookie ? "a form without its token" : "a pickup page without Set-Cookie"); return; }
    const char *semicolon = memchr(cookie, ';', cookie_length);
    size_t pair = semicolon ? (size_t)(semicolon - cookie) : cookie_length;
    char line[8192];
    int used = snprintf(line, sizeof line, "%.*s\t%.*s", (int)(quote - token), token, (int)pair, cookie);
    int hidden = 0;
    for (const char *tag = memmem(body, length, "<input", 6); tag; tag = memmem(tag + 6, (size_t)(end - tag - 6), "<input", 6)) {
        const char *tag_end = memchr(tag, '>', (size_t)(end - tag));
        if (!tag_end) break;
        char *type = attribute(tag, tag_end, "type");
        if (type && strcmp(type, "hidden") == 0) {
            char *name = attribute(tag, tag_end, "name"), *value = attribute(tag, tag_end, "value");
            if (name && value && used < (int)sizeof line - 1) {
                used += snprintf(line + used, sizeof line - used, "\t%s\t%s", name, value);
                hidden++;
            }
            free(name);
            free(value);
        }
        free(type);
    }
    if (!hidden) { fail("a pickup form without a hidden form token"); return; }
    fprintf(out, "%s\n", line);
    ok++;
}

/* 1: a complete answer is in the buffer (handled); 0: need more; -1: malformed. */
static int parse(connection *c, int at_eof, int *keep_alive) {
    c->buffer[c->used] = 0;
    char *headers_end = memmem(c->buffer, c->used, "\r\n\r\n", 4);
    if (!headers_end) return at_eof ? -1 : 0;
    int status = 0;
    if (sscanf(c->buffer, "HTTP/1.%*d %d", &status) != 1) return -1;
    size_t length;
    const char *value;
    long content_length = -1;
    int chunked = 0;
    *keep_alive = strncmp(c->buffer, "HTTP/1.0", 8) != 0;
    if ((value = header_value(c->buffer, headers_end + 2, "Content-Length", &length))) content_length = strtol(value, NULL, 10);
    if ((value = header_value(c->buffer, headers_end + 2, "Transfer-Encoding", &length)) && memmem(value, length, "chunked", 7)) chunked = 1;
    if ((value = header_value(c->buffer, headers_end + 2, "Connection", &length))) {
        if (memmem(value, length, "close", 5)) *keep_alive = 0;
        if (memmem(value, length, "keep-alive", 10)) *keep_alive = 1;
    }
    char *body = headers_end + 4;
    size_t body_length, available = c->used - (size_t)(body - c->buffer);
    char *decoded = NULL;
    if (chunked) {
        decoded = malloc(available + 1);
        size_t offset = 0, produced = 0;
        for (;;) {
            char *line_end = memmem(body + offset, available - offset, "\r\n", 2);
            if (!line_end) { free(decoded); return at_eof ? -1 : 0; }
            size_t size = strtoul(body + offset, NULL, 16);
            size_t data = (size_t)(line_end + 2 - body);
            if (size == 0) {
                if (!memmem(line_end, available - (size_t)(line_end - body), "\r\n\r\n", 4)) { free(decoded); return at_eof ? -1 : 0; }
                break;
            }
            if (data + size + 2 > available) { free(decoded); return at_eof ? -1 : 0; }
            memcpy(decoded + produced, body + data, size);
            produced += size;
            offset = data + size + 2;
        }
        decoded[produced] = 0;
        body = decoded;
        body_length = produced;
    } else if (content_length >= 0) {
        if (available < (size_t)content_length) return at_eof ? -1 : 0;
        body_length = (size_t)content_length;
    } else {
        if (!at_eof) return 0; /* the body runs to the end of the connection */
        body_length = available;
        *keep_alive = 0;
    }
    double now = now_us();
    answered++;
    last_us = now;
    request *r = &requests[c->current];
    if (status != 200) {
        char reason[64];
        snprintf(reason, sizeof reason, "status %d", status);
        fail(reason);
    } else if (!post_mode) {
        size_t cookie_length = 0;
        const char *cookie = header_value(c->buffer, headers_end + 2, "Set-Cookie", &cookie_length);
        collect_form(body, body_length, cookie, cookie_length);
    } else if (memmem(body, body_length, r->secret, strlen(r->secret))) {
        ok++;
        fprintf(out, "%.0f\n", now - c->started);
    } else {
        fail("a 200 without the secret");
    }
    free(decoded);
    c->current = -1;
    return 1;
}

/* After an answer or a broken connection: the next request, or the connection closed. */
static void advance(connection *c, int keep_alive) {
    if (!keep_alive) close_connection(c);
    if (!start_next(c)) close_connection(c);
}

static void on_event(connection *c, uint32_t events) {
    if (c->current < 0) return;
    request *r = &requests[c->current];
    if (events & (EPOLLERR | EPOLLHUP) && !(events & EPOLLIN)) {
        fail(c->written ? "the connection broke during a request" : "the connection could not be opened");
        close_connection(c);
        advance(c, 0);
        return;
    }
    if ((events & EPOLLOUT) && c->written < r->length) {
        if (c->written == 0) {
            c->started = now_us();
            if (!first_us) first_us = c->started;
            sent++;
        }
        ssize_t n = write(c->fd, r->raw + c->written, r->length - c->written);
        if (n < 0 && errno != EAGAIN) {
            fail("the connection broke while a request was written");
            close_connection(c);
            advance(c, 0);
            return;
        }
        if (n > 0) c->written += (size_t)n;
        if (c->written == r->length) watch(c, EPOLLIN, EPOLL_CTL_MOD);
    }
    if (events & EPOLLIN) {
        for (;;) {
            if (c->capacity - c->used < 65536) {
                c->capacity = c->capacity ? c->capacity * 2 : 131072;
                c->buffer = realloc(c->buffer, c->capacity);
            }
            ssize_t n = read(c->fd, c->buffer + c->used, c->capacity - c->used - 1);
            if (n > 0) { c->used += (size_t)n; continue; }
            int keep_alive = 1;
            if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                /* closed: a body that runs to the end is now complete; anything else is lost */
                int result = c->used ? parse(c, 1, &keep_alive) : -1;
                if (result != 1) fail("the connection closed before the answer was complete");
                close_connection(c);
                advance(c, 0);
                return;
            }
            break;
        }
        int keep_alive = 1, result = parse(c, 0, &keep_alive);
        if (result < 0) {
            fail("a malformed answer");
            close_connection(c);
            advance(c, 0);
        } else if (result == 1) {
            advance(c, keep_alive);
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: %s get|post PORT CONNECTIONS LIMIT_SECONDS REQUESTS OUT\n", argv[0]);
        return 2;
    }
    post_mode = strcmp(argv[1], "post") == 0;
    port = atoi(argv[2]);
    int connections = atoi(argv[3]);
    double limit = atof(argv[4]);
    load(argv[5]);
    out = fopen(argv[6], "w");
    if (!out || port <= 0 || connections <= 0 || limit <= 0) { fprintf(stderr, "bad arguments\n"); return 2; }
    /* room for the summary line, written last */
    fprintf(out, "%-200s\n", "");
    address.sin_family = AF_INET;
    address.sin_port = htons((uint16_t)port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    epoll_fd = epoll_create1(0);
    connection *pool = calloc((size_t)connections, sizeof(connection));
    for (int i = 0; i < connections; i++) {
        pool[i].fd = -1;
        pool[i].current = -1;
        start_next(&pool[i]);
    }
    double deadline = now_us() + limit * 1e6;
    struct epoll_event events[256];
    for (;;) {
        int active = 0;
        for (int i = 0; i < connections; i++) active |= pool[i].current >= 0;
        if (!active) break;
        int timeout = (int)((deadline - now_us()) / 1000);
        if (timeout <= 0) break;
        int n = epoll_wait(epoll_fd, events, 256, timeout > 1000 ? 1000 : timeout);
        for (int i = 0; i < n; i++) on_event(events[i].data.ptr, events[i].events);
    }
    for (int i = 0; i < connections; i++) {
        if (pool[i].current >= 0) fail("no answer before the time limit");
    }
    failed += request_count - next_request; /* never sent (time limit) */
    fflush(out);
    char summary[400];
    int length = snprintf(summary, sizeof summary, "summary\t%ld\t%ld\t%ld\t%ld\t%.0f\t%.0f\t%s", sent, answered, ok, failed,
                          first_us, last_us, first_failure);
    if (length > 200) length = 200;
    fseek(out, 0, SEEK_SET);
    fwrite(summary, 1, (size_t)length, out);
    fclose(out);
    return 0;
}
