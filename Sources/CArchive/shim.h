#ifndef ADDONHOST_CARCHIVE_SHIM_H
#define ADDONHOST_CARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>
#endif
