#include "CHTTP.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

// The libcurl functions used, looked up once.
static struct {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    void (*easy_cleanup)(CURL *);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} curl;
static int curl_loaded;
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void load_curl(void) {
    // libcurl4 ships libcurl.so.4 (the OpenSSL build), as Debian's libcurl4 package does.
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) return;
    *(void **)&curl.global_init = dlsym(library, "curl_global_init");
    *(void **)&curl.easy_init = dlsym(library, "curl_easy_init");
    *(void **)&curl.easy_setopt = dlsym(library, "curl_easy_setopt");
    *(void **)&curl.easy_perform = dlsym(library, "curl_easy_perform");
    *(void **)&curl.easy_getinfo = dlsym(library, "curl_easy_getinfo");
    *(void **)&curl.easy_cleanup = dlsym(library, "curl_easy_cleanup");
    *(void **)&curl.slist_append = dlsym(library, "curl_slist_append");
    *(void **)&curl.slist_free_all = dlsym(library, "curl_slist_free_all");
    if (!curl.global_init || !curl.easy_init || !curl.easy_setopt || !curl.easy_perform || !curl.easy_getinfo
        || !curl.easy_cleanup || !curl.slist_append || !curl.slist_free_all)
        return;
    // "This function is not thread safe" (curl.se/libcurl/c/curl_global_init.html): hence pthread_once.
    curl_loaded = curl.global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

typedef struct {
    char *bytes;
    size_t length;
    /// What the server may send at most: a server that sends without end must not fill memory.
    size_t limit;
    int failed;
    int too_large;
} buffer;

static size_t append(char *data, size_t size, size_t count, void *context) {
    buffer *target = context;
    size_t length = size * count;
    if (length > target->limit - target->length) {
        target->too_large = 1;
        return 0;  // makes curl_easy_perform fail with CURLE_WRITE_ERROR
    }
    char *grown = realloc(target->bytes, target->length + length + 1);
    if (!grown) {
        target->failed = 1;
        return 0;  // makes curl_easy_perform fail with CURLE_WRITE_ERROR
    }
    memcpy(grown + target->length, data, length);
    target->length += length;
    grown[target->length] = 0;
    target->bytes = grown;
    return length;
}

static addonhost_http_result result_of(CURLcode code) {
    switch (code) {
    case CURLE_OK: return ADDONHOST_HTTP_OK;
    case CURLE_OPERATION_TIMEDOUT: return ADDONHOST_HTTP_TIMED_OUT;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_BAD_CONTENT_ENCODING: return ADDONHOST_HTTP_MALFORMED;
    default: return ADDONHOST_HTTP_CONNECTION_FAILED;
    }
}

addonhost_http_result addonhost_http_post(
    const char *url, const char *const *headers, size_t header_count, const void *body, size_t body_length,
    long timeout_ms, size_t max_answer_bytes, addonhost_http_answer *answer) {
    memset(answer, 0, sizeof *answer);
    pthread_once(&curl_once, load_curl);
    if (!curl_loaded) return ADDONHOST_HTTP_UNAVAILABLE;
    CURL *handle = curl.easy_init();
    if (!handle) return ADDONHOST_HTTP_CONNECTION_FAILED;

    struct curl_slist *list = NULL;
    // An empty "Expect:" stops curl from waiting for "100 Continue" before sending the body.
    list = curl.slist_append(list, "Expect:");
    for (size_t index = 0; index < header_count && list; index++) list = curl.slist_append(list, headers[index]);
    buffer received_headers = {.limit = max_answer_bytes};
    buffer received_body = {.limit = max_answer_bytes};

    curl.easy_setopt(handle, CURLOPT_URL, url);
    curl.easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    // Signals are the CLI's; timeouts must not use SIGALRM ("CURLOPT_NOSIGNAL … for multi-threaded").
    curl.easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, CURLOPT_HTTPHEADER, list);
    curl.easy_setopt(handle, CURLOPT_POST, 1L);
    curl.easy_setopt(handle, CURLOPT_POSTFIELDS, body);
    curl.easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_length);
    curl.easy_setopt(handle, CURLOPT_HEADERFUNCTION, append);
    curl.easy_setopt(handle, CURLOPT_HEADERDATA, &received_headers);
    curl.easy_setopt(handle, CURLOPT_WRITEFUNCTION, append);
    curl.easy_setopt(handle, CURLOPT_WRITEDATA, &received_body);

    addonhost_http_result result = list ? result_of(curl.easy_perform(handle)) : ADDONHOST_HTTP_CONNECTION_FAILED;
    if (received_headers.failed || received_body.failed) result = ADDONHOST_HTTP_CONNECTION_FAILED;
    if (received_headers.too_large || received_body.too_large) result = ADDONHOST_HTTP_TOO_LARGE;
    if (result == ADDONHOST_HTTP_OK) {
        curl.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &answer->status);
        answer->headers = received_headers.bytes;
        answer->headers_length = received_headers.length;
        answer->body = (unsigned char *)received_body.bytes;
        answer->body_length = received_body.length;
    } else {
        free(received_headers.bytes);
        free(received_body.bytes);
    }
    curl.slist_free_all(list);
    curl.easy_cleanup(handle);
    return result;
}

void addonhost_http_answer_free(addonhost_http_answer *answer) {
    free(answer->headers);
    free(answer->body);
    memset(answer, 0, sizeof *answer);
}
