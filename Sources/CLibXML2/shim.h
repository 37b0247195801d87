#ifndef ADDONHOST_CLIBXML2_SHIM_H
#define ADDONHOST_CLIBXML2_SHIM_H
// libxml2 and Foundation both declare ICU types (UErrorCode); a clean build clashes unless
// libxml2's ICU support is hidden from its headers. xmlversion.h defines the macro, so undefine
// it after that header and before encoding.h (pulled in by parser.h) looks at it.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/SAX2.h>

// xmlFree is a global function pointer variable; Swift imports it awkwardly.
static inline void addonhost_xml_free(void *p) { xmlFree(p); }
#endif
