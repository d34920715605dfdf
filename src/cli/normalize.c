/* ravi normalize: the text as it will be spoken, one sentence per line. */
#include "cli.h"

int cmd_normalize(cli_options *opt, int argc, char **argv)
{
    if (cli_input(&cli_normalize, opt, argc, argv))
        return EXIT_USAGE;
    return cli_print_lines(opt, 0);
}

const cli_command cli_normalize = {
    "normalize", "print the text as it will be spoken, one sentence per line",
    "usage: ravi normalize [OPTIONS] [FILE|URL|-]\n"
    "\n"
    "Prints the article as Ravi will speak it: numbers, dates, times, money, units and\n"
    "abbreviations as words, ezafe shown as a kasra (U+0650) on the word that carries it,\n"
    "one sentence per line. A URL is fetched and read like a saved page; no FILE, or -,\n"
    "reads standard input.\n"
    "\n"
    "  --lexicon FILE    add a pronunciation lexicon (repeatable; later files win)\n"
    "  --no-ezafe        do not predict ezafe\n"
    "  --html, --ssml, --text  read the input as HTML, SSML or plain text (default: recognised)\n"
    "  --timeout S       give up fetching a URL after S seconds (default 30)\n"
    "  -h, --help        this help\n",
    ACCEPT_LEXICON | ACCEPT_INPUT, cmd_normalize, NULL,
};
