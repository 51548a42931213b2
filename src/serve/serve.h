/*
 * serve.h - the HTTP API over the event store (libmicrohttpd): incidents
 * with filters and paging, one incident with its reports and evidence,
 * counts for a timeline, actor look-up, coding a posted document without
 * storing it, health, and the page's static files. Read-only over the
 * database unless started with allow_ingest, which adds POST /api/ingest
 * (code and store documents, one writer at a time). The endpoints, their parameters and errors: docs/api.md.
 *
 * A server owns a pool of read-only store handles (one per worker thread),
 * answers every error as JSON with the right status, rejects unknown
 * parameters naming them, and bounds what a client can make it do: request
 * body and header size, connections, idle time, page size, and the time of
 * each store read.
 */
#ifndef TACITUS_SERVE_H
#define TACITUS_SERVE_H

#include <stddef.h>

typedef struct serve_opts {
    const char *db;       /* the store: a file or a postgres:// URL (required) */
    const char *bind;     /* an IPv4 address to listen on; NULL: 127.0.0.1 */
    int port;             /* 0: any free port (server_port tells which) */
    const char *web_dir;  /* the page's files; NULL or absent: the API alone */
    int threads;          /* worker threads (and store handles); <= 0: 4 */
    int max_connections;  /* <= 0: 256 */
    int timeout_seconds;  /* an idle connection is closed after this; <= 0: 10 */
    const char *data_dir, *gazetteer; /* the engine's, for /api/actors and /api/code; NULL: defaults */
    double time_limit;    /* seconds one store read may take before it is stopped (503); <= 0: 10 */
    int allow_ingest;     /* 1: a writable handle for POST /api/ingest (the store is created if absent) */
} serve_opts;

typedef struct server server;

/* Open the store (read-only, one handle per thread, and with allow_ingest
 * one writable handle, opened first, which creates or upgrades the store as
 * `tacitus ingest` does) and the engine (its
 * dictionaries and gazetteer; when they cannot be loaded the server runs
 * without /api/actors and /api/code, which answer 503, and says why on
 * stderr), and start listening. Returns 0 and *out, or -1 with a one-line
 * message in err (the store cannot be opened, the address is taken or
 * invalid, out of memory). */
int server_start(const serve_opts *o, server **out, char *err, size_t errlen);

/* The port the server listens on. */
int server_port(const server *s);

/* Stop accepting, finish the requests in flight, close everything (NULL is
 * accepted). */
void server_stop(server *s);

#endif
