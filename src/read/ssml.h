/* SSML input (see README, "SSML"): the document is parsed with libxml2's XML push parser; its
 * text nodes become paragraphs that go through Ravi's stages like any text, each carrying the
 * SSML elements around it that eSpeak NG understands, re-emitted when it is spoken. */
#ifndef RAVI_SSML_H
#define RAVI_SSML_H

#include <stddef.h>

#include "para.h"

typedef struct ssml_reader ssml_reader;

ssml_reader *ssml_reader_new(const char *name);
void ssml_reader_free(ssml_reader *s);
/* Parses the next n bytes; terminate = 1 after the last. Returns 0, or -1 after printing
 * "NAME:LINE:COLUMN: what is wrong" for invalid SSML. */
int ssml_reader_feed(ssml_reader *s, const char *data, size_t n, int terminate);
para_queue *ssml_reader_queue(ssml_reader *s);

#endif
