/* SSML input. The document is parsed with libxml2's XML push parser and SAX callbacks (no tree);
 * a document that is not well-formed, or whose root is not <speak>, is an error naming the line
 * and column. Its text goes through Ravi's stages like any text, and eSpeak NG gets each sentence
 * inside the SSML elements that enclose it:
 *
 *   <prosody> <emphasis> <say-as> <voice>   re-emitted around the sentence's speech
 *   <p> <s>                                 paragraph and sentence boundaries
 *   <break>                                 Ravi's own silence before what follows (time or strength)
 *   <sub alias="...">                       the alias is read instead of the content
 *   <desc> <meta> <metadata> <lexicon>      not read
 *   <mark name="...">                       an event where it stands (the paragraphs' marks)
 *   anything else (<audio>, <phoneme>, <lang>, unknown)   dropped, its text read
 *
 * A re-emitted element starting or ending inside a sentence splits it there: eSpeak speaks each
 * piece on its own, with a short pause between. */
#ifndef RAVI_SSML_H
#define RAVI_SSML_H

#include <stddef.h>

#include "../diag.h"
#include "para.h"

/* Silence for <break strength="..."> (and a bare <break/>: medium), in milliseconds. */
int ssml_break_ms(const char *time, const char *strength);

typedef struct ssml_reader ssml_reader;

/* A reader for the document called `name` (in messages); errors go to d. NULL when out of memory. */
ssml_reader *ssml_reader_new(const char *name, diag *d);
void ssml_reader_free(ssml_reader *s);
/* Parses the next n bytes; terminate = 1 after the last. Paragraphs go to ssml_reader_queue().
 * Returns 0, or -1 after an error "NAME:LINE:COLUMN: what is wrong" (RAVI_E_MARKUP). */
int ssml_reader_feed(ssml_reader *s, const char *data, size_t n, int terminate);
para_queue *ssml_reader_queue(ssml_reader *s);

#endif
