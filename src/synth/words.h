/* The cache of eSpeak NG's word readings (words.c), inside the synth module. */
#ifndef RAVI_SYNTH_WORDS_H
#define RAVI_SYNTH_WORDS_H

/* Forgets every reading and the phoneme table: synth_close calls it, as the voice may change. */
void synth_words_reset(void);

#endif
