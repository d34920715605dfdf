/* One line of a lexicon file: the written form, a tab, the pronunciation; # starts a comment.
 * A third column starting "sense:" makes the line a sense of a homograph (the homograph list
 * reads those, the lexicon skips them). Only the syntax is checked here; folding, phoneme names
 * and duplicates are the loaders'. */
#ifndef RAVI_LEXICON_ENTRY_H
#define RAVI_LEXICON_ENTRY_H

#include <stddef.h>
#include <stdio.h>

typedef struct lex_line {
    char *written;   /* points into the line, NUL-terminated, trimmed */
    char *pron;      /* Persian text, or the inside of [[ ]] when is_phonemes */
    int is_phonemes;
    char *sense;     /* a homograph sense line: what follows the pronunciation's tab, starting
                        "sense:" (trimmed, see src/homograph/list.h); NULL for an entry */
} lex_line;

enum lex_line_result { LINE_ENTRY = 1, LINE_BLANK = 0, LINE_BAD = -1 };

/* An entry is a few words: a longer line is a mistake (a file that is not a lexicon), refused
 * rather than handed to eSpeak NG as one enormous word. Comments may be longer. */
#define LEX_MAX_LINE 4096

/* Parses `line` (len bytes, without its newline; modified in place). Returns LINE_ENTRY,
 * LINE_BLANK for an empty or comment line, or LINE_BAD with a message in why (why_size bytes). */
int lex_parse_line(char *line, size_t len, lex_line *out, char *why, size_t why_size);

/* Opens a lexicon file for reading; NULL with errno set (EISDIR for a directory). */
FILE *lex_open_file(const char *path);

/* Calls fn for every line of f, numbered from 1, without its line end or a leading byte order
 * mark; stops when fn returns nonzero. Returns 0, fn's nonzero value, or LEX_READ_ERROR. */
#define LEX_READ_ERROR (-100)
int lex_for_each_line(FILE *f, int (*fn)(void *ctx, char *text, size_t len, unsigned line), void *ctx);

#endif
