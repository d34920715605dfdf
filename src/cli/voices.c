/* ravi voices: the voices --voice takes: Ravi's news voices, then eSpeak NG's Persian voices. */
#include "cli.h"
#include "../synth/synth.h"
#include "../synth/voices.h"

#include <stdio.h>

static void print_voice(void *ctx, const char *name, const char *gender, const char *about)
{
    (void)ctx;
    printf("%-16s %-7s %s\n", name, gender, about);
}

int cmd_voices(ravi_options *opt, int argc, char **argv)
{
    if (argc > 0) {
        ravi_error("voices: takes no operands, got '%s'", argv[0]);
        return EXIT_USAGE;
    }
    printf("%-16s %-7s %s\n", "NAME", "GENDER", "ABOUT");
    if (ravi_voices_each(opt->data_dir, print_voice, NULL) < 0 ||
        synth_list_voices("fa", print_voice, NULL) < 0)
        return EXIT_FAILURE_RUN;
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
    0, cmd_voices,
};
