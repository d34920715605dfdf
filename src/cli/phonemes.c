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

/* --explain: a line per word whose pronunciation a stage chose, "  WORD<TAB>why; why", after the
 * sentence's phonemes: the lexicon entry or homograph sense (token notes), and the ezafe. */
static int explain_word(const token *t, const ravi_options *opt, strbuf *out)
{
    int ezafe = !opt->no_ezafe && (t->flags & TOKF_EZAFE);
    if (!t->note && !ezafe)
        return 0;
    int rc = sb_printf(out, "  %s\t", t->text);
    if (t->note)
        rc = rc || sb_puts(out, t->note);
    if (ezafe)
        rc = rc || sb_printf(out, "%sezafe (%s)", t->note ? "; " : "",
                             (t->flags & TOKF_EZAFE_WRITTEN) ? "written" : "ezafe stage");
    return rc || sb_putc(out, '\n');
}

static int print_explanation(phonemes_ctx *pc, const sentence *s)
{
    sb_reset(&pc->line);
    for (size_t i = 0; i < s->n; i++)
        if (s->tok[i].kind == TOK_WORD && explain_word(&s->tok[i], pc->opt, &pc->line))
            return SENTENCE_FAILED;
    return pc->line.len ? cli_print_line(pc->line.s, pc->line.len - 1) : SENTENCE_OK;
}

static int print_phonemes(void *ctx, const sentence *s)
{
    phonemes_ctx *pc = ctx;
    sb_reset(&pc->speech);
    sb_reset(&pc->line);
    if (render_speech(s, pc->opt, &pc->speech, &pc->map) ||
        synth_phonemes_of(pc->speech.s ? pc->speech.s : "", s->ssml_open != NULL, pc->opt->ipa, &pc->line))
        return SENTENCE_FAILED;
    int r = cli_print_line(pc->line.s ? pc->line.s : "", pc->line.len);
    return r == SENTENCE_OK && pc->opt->explain ? print_explanation(pc, s) : r;
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
    "  --explain         after each sentence, a line per word whose pronunciation Ravi chose:\n"
    "                    the lexicon entry (file:line), the homograph sense and why (a rule,\n"
    "                    written vowels, the model's scores), the ezafe\n"
    "  --voice NAME      eSpeak NG voice (default fa)\n"
    "  --lexicon FILE    add a pronunciation lexicon (repeatable; later files win)\n"
    "  --no-ezafe        do not predict ezafe\n"
    "  --html, --ssml, --text  read the input as HTML, SSML or plain text (default: recognised)\n"
    "  -h, --help        this help\n",
    ACCEPT_IPA | ACCEPT_VOICE | ACCEPT_LEXICON | ACCEPT_INPUT | ACCEPT_EXPLAIN, cmd_phonemes,
};
