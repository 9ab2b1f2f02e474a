/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror viz: the keymap — the one table of which key runs which action,
 * with the words the `?` screen, the key bar and docs/student-guide.md's
 * key table say about it (keymap.c). The key handler (keys.c) runs the
 * actions, the screen manager (screen.c) draws the help and the key bar
 * from it, and `kmirror viz --keys-table` prints the guide's table
 * (scripts/doc-snippets.sh writes and checks it).
 */
#ifndef _VZ_KEYMAP_H
#define _VZ_KEYMAP_H

#include <stdio.h>

enum vz_action {
	VZ_A_NONE,
	VZ_A_PANE,		/* the focused pane's own key */
	VZ_A_PANE_UP,		/* ... else scroll it up a line */
	VZ_A_PANE_DOWN,		/* ... else scroll it down a line */
	VZ_A_STEP,
	VZ_A_NEXT,
	VZ_A_FINISH,
	VZ_A_CONT,
	VZ_A_BACK_STEP,
	VZ_A_BACK_NEXT,
	VZ_A_PAGE_DOWN,
	VZ_A_PAGE_UP,
	VZ_A_MILESTONE_NEXT,
	VZ_A_MILESTONE_PREV,
	VZ_A_FIRST,
	VZ_A_LAST,
	VZ_A_PLAY,
	VZ_A_FASTER,
	VZ_A_SLOWER,
	VZ_A_BREAK,
	VZ_A_CLEAR_BREAKS,
	VZ_A_RUN_TO,
	VZ_A_FOCUS_NEXT,
	VZ_A_FOCUS_PREV,
	VZ_A_HOST,
	VZ_A_INSPECTOR,
	VZ_A_PRESENT,
	VZ_A_REL_SEQ,
	VZ_A_THEME,
	VZ_A_ASCII,
	VZ_A_MENU,
	VZ_A_SAVE,
	VZ_A_EXPORT_SEQ,
	VZ_A_EXPORT_PCAP,
	VZ_A_HELP,
	VZ_A_QUIT,
	VZ_A__COUNT
};

#define VZ_KEYROW_BINDS	8

/* One line of the help: the keys it is about and what they do. */
struct vz_keyrow {
	const char	*keys;		/* the ? screen's key column; NULL: a heading */
	const char	*help;		/* the ? screen's words (or the heading) */
	const char	*doc_keys;	/* the guide's key cell (Markdown) */
	const char	*doc;		/* the guide's words */
	int		bar;		/* place in the key bar from 1; 0: not there */
	const char	*bar_keys, *bar_words;	/* what the key bar says */
	struct {
		int	key;		/* a curses key code; 0 ends the list */
		int	action;		/* enum vz_action */
	} bind[VZ_KEYROW_BINDS];
};

/* The table, in the ? screen's order. */
const struct vz_keyrow *vz_keymap(int *n);
/* The action a key runs outside overlays (VZ_A_NONE: none). */
int vz_key_action(int key);
/* The key bar's rows in order (bar 1, 2, ...); returns how many. */
int vz_keymap_bar(const struct vz_keyrow **rows, int max);
/* docs/student-guide.md's "## Keys" table, Markdown. */
void vz_keymap_write_md(FILE *f);

#endif
