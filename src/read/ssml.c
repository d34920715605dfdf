#include "ssml.h"

#include <stdlib.h>

struct ssml_reader {
    para_queue out;
};

ssml_reader *ssml_reader_new(const char *name)
{
    (void)name;
    ssml_reader *s = calloc(1, sizeof *s);
    if (!s)
        ravi_error("out of memory");
    return s;
}

void ssml_reader_free(ssml_reader *s)
{
    if (s)
        pq_free(&s->out);
    free(s);
}

int ssml_reader_feed(ssml_reader *s, const char *data, size_t n, int terminate)
{
    (void)s; (void)data; (void)n; (void)terminate;
    return 0;
}

para_queue *ssml_reader_queue(ssml_reader *s)
{
    return &s->out;
}
