#ifndef ADDONHOST_CHTTP_H
#define ADDONHOST_CHTTP_H
#include <stddef.h>

// One HTTP(S) POST through libcurl, which is loaded with dlopen on the first request: linking it
// (or FoundationNetworking, which links it) would make every addonhost process load libcurl and
// the thirty libraries behind it, a third of a command's start-up, for the rare command that
// talks to a service.

typedef enum {
    ADDONHOST_HTTP_OK = 0,
    ADDONHOST_HTTP_TIMED_OUT,
    /// The server answered something that is not HTTP.
    ADDONHOST_HTTP_MALFORMED,
    ADDONHOST_HTTP_CONNECTION_FAILED,
    /// libcurl (libcurl.so.4) cannot be loaded.
    ADDONHOST_HTTP_UNAVAILABLE,
    /// The headers or the body went past `max_answer_bytes`; the transfer was stopped there.
    ADDONHOST_HTTP_TOO_LARGE,
} addonhost_http_result;

/// What the server answered. Free with addonhost_http_answer_free.
typedef struct {
    long status;
    /// The header lines as received ("Name: value\r\n"…), status line included.
    char *headers;
    size_t headers_length;
    unsigned char *body;
    size_t body_length;
} addonhost_http_answer;

/// POSTs `body` to `url` (http or https only, no redirects) with `headers` ("Name: value"), giving
/// up after `timeout_ms` in all, or as soon as the headers or the body pass `max_answer_bytes`.
/// On ADDONHOST_HTTP_OK, `answer` holds the answer.
addonhost_http_result addonhost_http_post(
    const char *url, const char *const *headers, size_t header_count, const void *body, size_t body_length,
    long timeout_ms, size_t max_answer_bytes, addonhost_http_answer *answer);

void addonhost_http_answer_free(addonhost_http_answer *answer);

#endif
