/* ml_zip.h - stage 1: the zip container (libzip), with the bomb guards.
 *
 * The only file that includes <zip.h> is ml_zip.c. Opening a package checks
 * the central directory: too many entries ("limit-entries"), encrypted
 * entries ("zip-encrypted"), two entries whose names decode to the same OPC
 * part name ("zip-duplicate-entry"). Reading an entry counts the bytes
 * actually inflated, never the sizes the headers declare: past
 * max_part_size ("limit-part-size"), past max_total_size
 * ("limit-total-size"), or past max_ratio times the compressed size once
 * more than 1 MiB came out ("limit-ratio"); a bad CRC is "zip-crc", other
 * damage "zip-corrupt". Errors go to the ml_doc, naming the entry.
 *
 * Entry names are only ever looked up, never used as file system paths.
 */
#ifndef ML_ZIP_H
#define ML_ZIP_H

#include "ml_buf.h"
#include "ml_doc.h"
#include "ml_xml.h"

typedef struct ml_zip ml_zip;

/* Builds, on one thread, the state libzip and the C library make on the
 * first zip opened (ml_init calls it before any thread starts). */
void ml_zip_init(void);

/* Opens the zip in fd (taken over: closed by ml_zip_close, or on failure).
 * Returns 0 and *out (caller closes), or a negative status recorded in
 * doc. */
int ml_zip_open_fd(ml_doc *doc, int fd, ml_zip **out);
/* Opens a zip held in memory (data must outlive the ml_zip). nesting is 0
 * for the input itself, 1 for a package embedded in it, and so on. */
int ml_zip_open_memory(ml_doc *doc, const void *data, size_t len,
                       unsigned nesting, ml_zip **out);
void ml_zip_close(ml_zip *z);

unsigned ml_zip_nesting(const ml_zip *z);
int ml_zip_count(const ml_zip *z);
const char *ml_zip_name(const ml_zip *z, int index); /* as stored */

/* The entry for an OPC part name (leading '/' optional; compared after
 * percent-decoding and ASCII case folding, as OPC requires), or -1. */
int ml_zip_find(const ml_zip *z, const char *name);

/* Streams the inflated entry to sink in chunks; sink returns 0 to go on or
 * a negative status to stop (that status is returned). */
typedef int (*ml_zip_sink)(void *ud, const char *data, size_t len);
int ml_zip_stream(ml_zip *z, int index, ml_zip_sink sink, void *ud);

/* Reads a whole (small) entry into out, within out's cap ("limit-part-size"
 * beyond it). */
int ml_zip_read(ml_zip *z, int index, ml_buf *out);

/* Streams the entry through an XML push parser with handler h. The part
 * name given to the parser is the entry's name. */
int ml_zip_parse_xml(ml_zip *z, int index, const ml_xml_handler *h,
                     void *ud, unsigned xml_flags);

/* Streams the entry into an existing parser x and finishes it (x is still
 * the caller's to free). */
int ml_zip_stream_xml(ml_zip *z, int index, ml_xml *x);

#endif
