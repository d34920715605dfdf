/* normalize: numbers, dates, times, money, units and abbreviations become spoken words.
 * Pass-through until the normalizer lands (issue 3). */
#include "../stage.h"

static int normalize_run(void *state, sentence *s)
{
    (void)state;
    (void)s;
    return 0;
}

const stage stage_normalize = {"normalize", NULL, normalize_run, NULL};
