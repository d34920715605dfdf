#include "markup.h"

#include <libxml/parserInternals.h>

uint64_t markup_position(xmlParserCtxtPtr ctxt)
{
    long n = xmlByteConsumed(ctxt);
    return n > 0 ? (uint64_t)n : 0;
}

uint64_t markup_position_after_start_tag(xmlParserCtxtPtr ctxt)
{
    const xmlChar *cur = ctxt->input ? ctxt->input->cur : NULL;
    size_t k = !cur ? 0 : (cur[0] == '/' && cur[1] == '>') ? 2 : cur[0] == '>' ? 1 : 0;
    return markup_position(ctxt) + k;
}
