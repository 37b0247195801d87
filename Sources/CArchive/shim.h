#ifndef ADDONHOST_CARCHIVE_SHIM_H
#define ADDONHOST_CARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>

/// Flags for extraction: "Refuse to extract … through a symlink" (SECURE_SYMLINKS), "… any path
/// that contains a '..'" (SECURE_NODOTDOT), "… an absolute path" (SECURE_NOABSOLUTEPATHS); no
/// owners, no ACLs, no extended attributes, no special permission bits.
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
