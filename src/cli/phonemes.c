/* ravi phonemes: what eSpeak NG will say, as phoneme mnemonics or IPA, one sentence per line. */
#include "cli.h"
#include "each.h"
#include "../render.h"
#include "../synth/synth.h"

typedef struct phonemes_ctx {
    const ravi_options *opt;
    strbuf speech, line;
    render_map map;
} phonemes_ctx;

static int print_phonemes(void *ctx, const sentence *s)
{
    phonemes_ctx *pc = ctx;
    sb_reset(&pc->speech);
    sb_reset(&pc->line);
    if (render_speech(s, pc->opt, &pc->speech, &pc->map) ||
        synth_phonemes_of(pc->speech.s ? pc->speech.s : "", s->ssml_open != NULL, pc->opt->ipa, &pc->line))
        return SENTENCE_FAILED;
    return cli_print_line(pc->line.s ? pc->line.s : "", pc->line.len);
}

int cmd_phonemes(ravi_options *opt, int argc, char **argv)
{
    if (cli_input(&cli_phonemes, opt, argc, argv))
        return EXIT_USAGE;
    int rate = synth_open(opt);
    if (rate < 0)
        return rate == -2 ? EXIT_USAGE : EXIT_FAILURE_RUN;
    phonemes_ctx pc = {opt, {0}, {0}, {0}};
    int status = cli_each_sentence(opt, print_phonemes, NULL, &pc);
    sb_free(&pc.speech);
    sb_free(&pc.line);
    render_map_free(&pc.map);
    synth_close();
    return status;
}

const cli_command cli_phonemes = {
    "phonemes", "print eSpeak NG's phonemes (mnemonics, or IPA), one sentence per line",
    "usage: ravi phonemes [OPTIONS] [FILE|-]\n"
    "\n"
    "Prints the phonemes eSpeak NG speaks for each sentence after Ravi's front end,\n"
    "as eSpeak's phoneme mnemonics, or as IPA with --ipa.\n"
    "\n"
    "  --ipa             IPA instead of eSpeak mnemonics\n"
    "  --voice NAME      eSpeak NG voice (default fa)\n"
    "  --lexicon FILE    add a pronunciation lexicon (repeatable; later files win)\n"
    "  --no-ezafe        do not predict ezafe\n"
    "  --html, --ssml, --text  read the input as HTML, SSML or plain text (default: recognised)\n"
    "  -h, --help        this help\n",
    ACCEPT_IPA | ACCEPT_VOICE | ACCEPT_LEXICON | ACCEPT_INPUT, cmd_phonemes,
};
