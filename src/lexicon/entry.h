/* One line of a lexicon file: the written form, a tab, the pronunciation; # starts a comment.
 * Only the syntax is checked here; folding, phoneme names and duplicates are the loader's. */
#ifndef RAVI_LEXICON_ENTRY_H
#define RAVI_LEXICON_ENTRY_H

#include <stddef.h>

typedef struct lex_line {
    char *written;   /* points into the line, NUL-terminated, trimmed */
    char *pron;      /* Persian text, or the inside of [[ ]] when is_phonemes */
    int is_phonemes;
} lex_line;

enum lex_line_result { LINE_ENTRY = 1, LINE_BLANK = 0, LINE_BAD = -1 };

/* An entry is a few words: a longer line is a mistake (a file that is not a lexicon), refused
 * rather than handed to eSpeak NG as one enormous word. Comments may be longer. */
#define LEX_MAX_LINE 4096

/* Parses `line` (len bytes, without its newline; modified in place). Returns LINE_ENTRY,
 * LINE_BLANK for an empty or comment line, or LINE_BAD with a message in why (why_size bytes). */
int lex_parse_line(char *line, size_t len, lex_line *out, char *why, size_t why_size);

#endif
