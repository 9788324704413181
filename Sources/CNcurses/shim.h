#ifndef SCHAKEL_CNCURSES_SHIM_H
#define SCHAKEL_CNCURSES_SHIM_H

// SwiftPM drops the -D flags pkg-config gives, so ask for the wide API here.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// Macros Swift does not import, as small functions.
static inline attr_t schakel_a_normal(void) { return A_NORMAL; }
static inline attr_t schakel_a_bold(void) { return A_BOLD; }
static inline attr_t schakel_a_reverse(void) { return A_REVERSE; }
static inline attr_t schakel_a_underline(void) { return A_UNDERLINE; }
static inline attr_t schakel_a_dim(void) { return A_DIM; }
static inline int schakel_key_f(int n) { return KEY_F(n); }
static inline int schakel_color_pair(int n) { return COLOR_PAIR(n); }
// Swift 6 rejects the C global stdscr; after newterm/set_term it is the current screen's window.
static inline WINDOW *schakel_stdscr(void) { return stdscr; }
// Whether the terminal can put the cursor anywhere (cup): without it no screen can be drawn.
static inline int schakel_can_address_cursor(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

// The mouse: clicks of the first button and the wheel (buttons 4 and 5), as ncurses 6 reports them.
static inline mmask_t schakel_mouse_mask(void) { return BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED; }
static inline int schakel_mouse_clicked(mmask_t state) { return (state & (BUTTON1_PRESSED | BUTTON1_CLICKED)) != 0; }
static inline int schakel_mouse_wheel_up(mmask_t state) { return (state & BUTTON4_PRESSED) != 0; }
static inline int schakel_mouse_wheel_down(mmask_t state) { return (state & BUTTON5_PRESSED) != 0; }

#endif
