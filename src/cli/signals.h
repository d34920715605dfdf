/* Ctrl-C, SIGTERM and SIGHUP ask the work to stop at the next sample block; the process then cleans up
 * (removes partial files, releases the audio device) and exits with 128 + the signal number.
 * A crash signal (SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL — eSpeak NG 1.51 has such bugs) removes
 * the temporary output files, then ends the process with the same signal. */
#ifndef RAVI_SIGNALS_H
#define RAVI_SIGNALS_H

void signals_install(void);
/* The signal that asked to stop, or 0. */
int signals_caught(void);

#endif
