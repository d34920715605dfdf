/* Whole sentences at the start of text that arrives in pieces (ravi_whole_sentences): the
 * reader's own segmenter decides, so a piece spoken now is cut where the whole text would be. */
#include "../../include/ravi.h"
#include "../read/segment.h"
#include "../token.h"

#include <stdlib.h>

RAVI_API size_t ravi_whole_sentences(const char *text, size_t len)
{
    if (!text)
        return 0;
    size_t line = len; /* where the last line starts */
    while (line > 0 && text[line - 1] != '\n')
        line--;
    if (line == len)
        return len;
    segmenter *sg = malloc(sizeof *sg);
    if (!sg)
        return line; /* out of memory: the whole lines only, the rest waits */
    sentence s;
    sentence_init(&s);
    segmenter_init(sg);
    segmenter_start(sg, text + line, len - line, line, 1);
    uint64_t last = line;
    size_t sentences = 0;
    int r;
    while ((r = segmenter_next(sg, &s)) > 0) {
        last = s.src_start;
        sentences++;
    }
    sentence_free(&s);
    free(sg);
    return r == 0 && sentences >= 2 ? (size_t)last : line;
}
