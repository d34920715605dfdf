#include "pause.h"

void pause_init(pause_state *ps)
{
    ps->sentences = 0;
    ps->in_headline = 1;
}

int pause_before_ms(pause_state *ps, const sentence *s, const ravi_settings *settings)
{
    int first = ps->sentences++ == 0;
    int was_headline = ps->in_headline && !first;
    ps->in_headline = ps->in_headline && s->is_heading;
    if (s->has_break)
        return s->break_ms; /* SSML said how long */
    if (first || !s->paragraph_start)
        return 0;
    /* the story starts: the headline (title, then maybe a repeated <h1>) ends here */
    if (was_headline && !s->is_heading)
        return settings->headline_pause_ms;
    return settings->paragraph_pause_ms;
}
