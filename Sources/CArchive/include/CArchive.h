#ifndef ADDONHOST_CARCHIVE_H
#define ADDONHOST_CARCHIVE_H
#include <archive.h>
#include <archive_entry.h>

// libarchive, loaded with dlopen on the first package read or written: linking it would make
// every addonhost process map libarchive and the seven libraries behind it (nettle, acl, lzma,
// zstd, lz4, bz2, z), a sixth of a command's start-up, for the few commands that touch a package.

// The libarchive functions used, each named without its "archive_" prefix; the types are
// libarchive's own declarations. Listed once, for the table below and for the loader.
#define ADDONHOST_LIBARCHIVE_FUNCTIONS(F) \
    F(error_string) F(filter_bytes) \
    F(read_new) F(read_free) F(read_support_filter_gzip) F(read_support_format_tar) \
    F(read_support_format_gnutar) F(read_support_format_zip) F(read_open_filename) \
    F(read_next_header) F(read_data) F(read_data_skip) \
    F(write_new) F(write_free) F(write_set_format_pax_restricted) F(write_set_format_zip) \
    F(write_add_filter_gzip) F(write_set_filter_option) F(write_open_filename) F(write_header) \
    F(write_data) F(write_finish_entry) F(write_close) \
    F(write_disk_new) F(write_disk_set_options) \
    F(entry_new) F(entry_free) F(entry_pathname) F(entry_pathname_utf8) F(entry_copy_pathname) \
    F(entry_filetype) F(entry_set_filetype) F(entry_perm) F(entry_set_perm) F(entry_size) \
    F(entry_size_is_set) F(entry_set_size) F(entry_set_mtime) F(entry_hardlink) F(entry_symlink) \
    F(entry_symlink_utf8) F(entry_copy_symlink)

#pragma clang assume_nonnull begin
typedef struct {
#define ADDONHOST_LIBARCHIVE_FIELD(name) __typeof__(archive_##name) *name;
    ADDONHOST_LIBARCHIVE_FUNCTIONS(ADDONHOST_LIBARCHIVE_FIELD)
#undef ADDONHOST_LIBARCHIVE_FIELD
} addonhost_libarchive;
#pragma clang assume_nonnull end

/// Loads libarchive (libarchive.so.13) once; thread-safe. NULL when it cannot be loaded or lacks a
/// function, with the reason in addonhost_libarchive_error().
const addonhost_libarchive *_Nullable addonhost_libarchive_load(void);

/// Why addonhost_libarchive_load() returned NULL; read it only after that call has returned.
const char *_Nonnull addonhost_libarchive_error(void);

/// Flags for extraction: "Refuse to extract … through a symlink" (SECURE_SYMLINKS), "… any path
/// that contains a '..'" (SECURE_NODOTDOT); no owners, no ACLs, no extended attributes. PERM
/// applies the mode of each entry, which ArchiveReader sets to 0755 or 0644 first, so no special
/// permission bit is ever written. Not SECURE_NOABSOLUTEPATHS: each entry is written to its absolute place in
/// the package folder, after ArchiveReader has refused entries with an absolute name.
static inline int addonhost_archive_secure_extract_flags(void) {
    return ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_PERM;
}

/// libarchive's file types are macros with casts, which Swift does not import.
static const unsigned int addonhost_archive_regular = AE_IFREG;
static const unsigned int addonhost_archive_directory = AE_IFDIR;
static const unsigned int addonhost_archive_symlink = AE_IFLNK;
static const unsigned int addonhost_archive_character_device = AE_IFCHR;
static const unsigned int addonhost_archive_block_device = AE_IFBLK;
static const unsigned int addonhost_archive_fifo = AE_IFIFO;
static const unsigned int addonhost_archive_socket = AE_IFSOCK;
#endif
