/* ravi phonemes: what eSpeak NG will say, as phoneme mnemonics or IPA, one sentence per line. */
#include "cli.h"

int cmd_phonemes(cli_options *opt, int argc, char **argv)
{
    if (cli_input(&cli_phonemes, opt, argc, argv))
        return EXIT_USAGE;
    return cli_print_lines(opt, 1);
}

const cli_command cli_phonemes = {
    "phonemes", "print eSpeak NG's phonemes (mnemonics, or IPA), one sentence per line",
    "usage: ravi phonemes [OPTIONS] [FILE|URL|-]\n"
    "\n"
    "Prints the phonemes eSpeak NG speaks for each sentence after Ravi's front end,\n"
    "as eSpeak's phoneme mnemonics, or as IPA with --ipa.\n"
    "\n"
    "  --ipa             IPA instead of eSpeak mnemonics\n"
    "  -v, --voice NAME  voice (default fa; see 'ravi voices')\n"
    "  --explain         after each sentence, a line per word whose pronunciation Ravi chose:\n"
    "                    the lexicon entry (file:line), the homograph sense and why (a rule,\n"
    "                    written vowels, the model's scores), the ezafe\n"
    "  --lexicon FILE    add a pronunciation lexicon (repeatable; later files win)\n"
    "  --no-ezafe        do not predict ezafe\n"
    "  --no-homographs   say homographs as eSpeak NG does, whatever the sentence\n"
    "  --html, --ssml, --text  read the input as HTML, SSML or plain text (default: recognised)\n"
    "  --timeout S       give up fetching a URL after S seconds (default 30)\n"
    "  -h, --help        this help\n",
    ACCEPT_IPA | ACCEPT_EXPLAIN | ACCEPT_VOICE | ACCEPT_LEXICON | ACCEPT_INPUT, cmd_phonemes, NULL,
};
