/* The terminal in the player's mode: keys arrive one at a time, unechoed; Ctrl-C still signals.
 * The saved mode is restored by the cleanup path, and by atexit as a backstop. */
#ifndef RAVI_TERM_H
#define RAVI_TERM_H

/* Saves the terminal's mode on `fd` and switches it to single unechoed keys. -1 on failure. */
int term_keys_mode(int fd);
/* Puts the saved mode back (does nothing when nothing is saved). */
void term_restore(void);

#endif
