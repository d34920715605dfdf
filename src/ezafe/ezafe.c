/* ezafe: predict the unwritten -e that links the words of a noun phrase.
 * Pass-through until the tagger lands (issue 5). */
#include "../stage.h"

static int ezafe_run(void *state, sentence *s)
{
    (void)state;
    (void)s;
    return 0;
}

const stage stage_ezafe = {"ezafe", NULL, ezafe_run, NULL};
