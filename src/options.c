#include "options.h"

#include <string.h>

void options_defaults(ravi_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->input = "-";
    opt->voice = "fa";
    opt->rate = 165;      /* a news anchor's pace: a little faster than eSpeak's 175 wpm feels rushed in Persian */
    opt->pitch = 50;
    opt->volume = 100;
    opt->sentence_pause_ms = 0;
    opt->paragraph_pause_ms = 300;
    opt->headline_pause_ms = 700; /* an anchor's beat between headline and story */
}
