#include "CArchive.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static addonhost_libarchive functions;
static int loaded;
static char error[512] = "libarchive was not loaded";
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    // Debian's libarchive13 package ships libarchive.so.13 (libarchive 3.x).
    void *library = dlopen("libarchive.so.13", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(error, sizeof error, "%s", dlerror());
        return;
    }
    // A library without one of the functions is closed again; `loaded` stays 0, so the
    // half-filled table is never handed out.
#define ADDONHOST_LIBARCHIVE_LOOKUP(name)                                                       \
    if (!(*(void **)&functions.name = dlsym(library, "archive_" #name))) {                      \
        snprintf(error, sizeof error, "libarchive.so.13 has no function archive_" #name);       \
        dlclose(library);                                                                       \
        return;                                                                                 \
    }
    ADDONHOST_LIBARCHIVE_FUNCTIONS(ADDONHOST_LIBARCHIVE_LOOKUP)
#undef ADDONHOST_LIBARCHIVE_LOOKUP
    loaded = 1;
}

const addonhost_libarchive *addonhost_libarchive_load(void) {
    pthread_once(&once, load);
    return loaded ? &functions : NULL;
}

const char *addonhost_libarchive_error(void) { return error; }
