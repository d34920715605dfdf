/* ravi-fetch URL TIMEOUT_S: the program ravi runs to fetch a page (fetch.h says why it is a
 * program of its own). It writes its reply, the page or the error, to standard output. Exit
 * status: 0 when it wrote a reply, 1 when it could not, 2 on a usage error. */
#include "fetch.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    char *end = NULL;
    long timeout = argc == 3 ? strtol(argv[2], &end, 10) : 0;
    if (argc != 3 || !fetch_is_url(argv[1]) || !end || *end || timeout < 1 || timeout > 86400) {
        fprintf(stderr, "usage: ravi-fetch URL TIMEOUT_SECONDS (ravi runs it for a URL)\n");
        return 2;
    }
    fetch_options o = {(int)timeout, 0, NULL};
    fetched_page page;
    diag d;
    diag_init(&d);
    int failed = fetch_page(argv[1], &o, &page, &d);
    int rc = fetch_reply_write(stdout, &page, failed ? &d : NULL);
    if (!failed)
        fetched_page_free(&page);
    diag_free(&d);
    return rc ? 1 : 0;
}
