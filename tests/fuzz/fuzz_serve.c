/*
 * fuzz_serve.c - libFuzzer harness for the HTTP API (src/serve/serve.c): a
 * real server in-process (server_start, libmicrohttpd on a free loopback
 * port, --allow-ingest, the page's files from web/) over a small SQLite store
 * made at start-up from the reports of data/sample/. Each input is one
 * request on a new connection; its first byte picks the request (mod 16):
 *
 *   0 GET /api/incidents?REST     1 GET /api/stats?REST      2 GET /api/map?REST
 *   3 GET /api/incidents/REST     4 GET /api/actors?REST     5 GET /api/export?REST
 *   6 GET /api/health?REST        7 GET /REST (static files)
 *   8 POST /api/code, body REST (text/plain)      9 the same as application/json
 *  10 POST /api/ingest, body REST (text/plain)   11 the same as application/x-ndjson
 *  12-15 REST is sent as it is: a whole request (request line, headers, body)
 *
 * In the generated requests, bytes that cannot stand in a request target
 * (controls, space, '#', non-ASCII) are percent-encoded. Findings besides
 * the sanitizers: an answer 500 (a request the server should refuse with
 * 4xx, or answer), and an application/json answer whose body is not JSON.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "fuzz_common.h"
#include "input.h"
#include "serve.h"
#include "store.h"

static server *srv;
static int port;

/* Code and store every report of data/sample/ (the store the server reads). */
static void make_store(const char *db)
{
    char err[1024];
    store *st;
    tac_engine *e;
    tac_options o = {FUZZ_DATA, FUZZ_GAZETTEER, 0};
    if (store_open(db, 0, &st, err, sizeof err) < 0 || tac_engine_open(&o, &e, err, sizeof err) < 0) {
        fprintf(stderr, "fuzz_serve: %s\n", err);
        exit(1);
    }
    tac_coder *c = tac_coder_new(e);
    char dir[1024], path[1280];
    snprintf(dir, sizeof dir, "%s/sample", FUZZ_DATA);
    DIR *d = opendir(dir);
    struct dirent *de;
    while (c && d && (de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        input_doc doc = {0};
        if (input_read_file(path, 10u << 20, &doc, err, sizeof err) == 0) {
            char hash[33];
            store_text_hash(doc.text, doc.len, hash);
            store_doc sd = {doc.id, doc.url, doc.title, doc.published ? doc.published : FUZZ_PUBLISHED,
                            doc.source, doc.text, doc.len, hash};
            store_result r;
            if (store_code_document(st, c, &sd, &r, err, sizeof err) < 0)
                fprintf(stderr, "fuzz_serve: %s: %s\n", path, err);
        }
        input_doc_free(&doc);
    }
    if (d)
        closedir(d);
    tac_coder_free(c);
    tac_engine_close(e);
    store_close(st);
}

static void stop(void)
{
    server_stop(srv);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    char db[512], err[1024];
    fuzz_path(db, sizeof db, "serve.db");
    make_store(db);
    char web[1024];
    snprintf(web, sizeof web, "%s/../web", FUZZ_DATA);
    serve_opts o = {.db = db, .port = 0, .web_dir = web, .threads = 2, .timeout_seconds = 5,
                    .data_dir = FUZZ_DATA, .gazetteer = FUZZ_GAZETTEER, .time_limit = 5, .allow_ingest = 1};
    if (server_start(&o, &srv, err, sizeof err) < 0) {
        fprintf(stderr, "fuzz_serve: %s\n", err);
        exit(1);
    }
    port = server_port(srv);
    atexit(stop);
    return 0;
}

/* A growing buffer. */
typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static void put(buf *b, const void *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        if (!(b->p = realloc(b->p, b->cap)))
            exit(1);
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

/* s[0..n) in a request target: unsafe bytes percent-encoded. */
static void put_target(buf *b, const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] <= 0x20 || s[i] >= 0x7f || s[i] == '#') {
            char esc[4];
            snprintf(esc, sizeof esc, "%%%02X", s[i]);
            put(b, esc, 3);
        } else
            put(b, &s[i], 1);
    }
}

/* Send the request, read the whole answer (the server closes the connection). */
static void exchange(const buf *req, buf *resp)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        perror("fuzz_serve: connect");
        exit(1);
    }
    for (size_t off = 0; off < req->n;) {
        ssize_t w = send(fd, req->p + off, req->n - off, MSG_NOSIGNAL);
        if (w <= 0)
            break; /* the server answered early and closed */
        off += (size_t)w;
    }
    shutdown(fd, SHUT_WR);
    char chunk[65536];
    ssize_t got;
    while ((got = recv(fd, chunk, sizeof chunk, 0)) > 0)
        put(resp, chunk, (size_t)got);
    close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 1u << 20)
        return 0;
    static const char *const get[] = {"/api/incidents?", "/api/stats?", "/api/map?", "/api/incidents/",
                                      "/api/actors?", "/api/export?", "/api/health?", "/"};
    unsigned mode = data[0] % 16;
    const uint8_t *rest = data + 1;
    size_t n = size - 1;
    buf req = {0}, resp = {0};
    if (mode < 8) {
        puts_(&req, "GET ");
        puts_(&req, get[mode]);
        put_target(&req, rest, n);
        puts_(&req, " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    } else if (mode < 12) {
        static const char *const types[] = {"text/plain", "application/json", "text/plain",
                                            "application/x-ndjson"};
        char head[256];
        snprintf(head, sizeof head,
                 "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: %s\r\n"
                 "Content-Length: %zu\r\n\r\n",
                 mode < 10 ? "/api/code" : "/api/ingest", types[mode - 8], n);
        puts_(&req, head);
        put(&req, rest, n);
    } else
        put(&req, rest, n);
    exchange(&req, &resp);
    int status = 0;
    if (resp.n > 12 && strncmp(resp.p, "HTTP/1.", 7) == 0)
        status = atoi(resp.p + 9);
    if (status == 500)
        fuzz_fail("HTTP 500 for the request: %.300s\nanswer: %.300s", req.p, resp.p);
    const char *body = resp.p ? strstr(resp.p, "\r\n\r\n") : NULL;
    if (mode < 12 && body && status && !strcasestr(resp.p, "transfer-encoding: chunked")) {
        const char *ct = strcasestr(resp.p, "\ncontent-type: application/json");
        if (ct && ct < body) {
            json_error_t je;
            json_t *v = json_loads(body + 4, 0, &je);
            if (!v)
                fuzz_fail("HTTP %d answer is not JSON (%s): %.300s", status, je.text, body + 4);
            json_decref(v);
        }
    }
    free(req.p);
    free(resp.p);
    return 0;
}
