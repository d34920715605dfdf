/* ravi voices: the voices --voice takes: Ravi's news voices, then eSpeak NG's Persian voices. */
#include "cli.h"

#include <stdio.h>

static int print_voice(void *ctx, const ravi_voice *v)
{
    (void)ctx;
    printf("%-16s %-7s %s\n", v->name, v->gender, v->description);
    return 0;
}

int cmd_voices(cli_options *opt, int argc, char **argv)
{
    if (argc > 0) {
        cli_error("voices: takes no operands, got '%s'", argv[0]);
        return EXIT_USAGE;
    }
    /* listing voices needs the synthesizer, not the lexicons or the ezafe model */
    opt->config.shipped_lexicons = opt->config.user_lexicon = opt->config.ezafe = 0;
    opt->config.nlexicons = 0;
    int status;
    ravi_engine *e = cli_engine_new(opt, &status);
    if (!e)
        return status;
    printf("%-16s %-7s %s\n", "NAME", "GENDER", "ABOUT");
    ravi_status st = ravi_voices(e, print_voice, NULL);
    if (st != RAVI_OK)
        status = cli_engine_failed(e, st);
    ravi_engine_free(e);
    if (status != EXIT_OK)
        return status;
    printf("\neSpeak NG's variants can be added to a voice with +: --voice fa+f3\n");
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAILURE_RUN;
}

const cli_command cli_voices = {
    "voices", "list the voices --voice takes (Ravi's news voices, eSpeak NG's Persian voices)",
    "usage: ravi voices\n"
    "\n"
    "Lists Ravi's news voices (from the voices/ directory of its data) and eSpeak NG's Persian\n"
    "voices: their names, as --voice takes them, genders and descriptions.\n"
    "\n"
    "  -h, --help        this help\n",
    0, cmd_voices, NULL,
};
