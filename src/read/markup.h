/* Where libxml2's push parsers stand in the source, for the HTML and SSML readers' offsets. */
#ifndef RAVI_MARKUP_H
#define RAVI_MARKUP_H

#include <libxml/parser.h>
#include <stdint.h>

/* Source bytes the parser has consumed. */
uint64_t markup_position(xmlParserCtxtPtr ctxt);
/* At a start tag's callback the parser still stands on its closing ">" (or "/>"): the text
 * after the tag starts past that. */
uint64_t markup_position_after_start_tag(xmlParserCtxtPtr ctxt);

#endif
