// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: the keymap (keymap.h). Stepping keys follow gdb (s, n, f,
 * c, and capitals to go back); PgDn/PgUp suit presenter clickers. Each
 * row is one line of the `?` screen, one row of the student guide's key
 * table and perhaps a place in the key bar; its bindings are what the key
 * handler runs. Add a key here
 * and all three follow (tests: check_viz_keys, check_cli's doc check).
 */
#include <stdio.h>
#include <curses.h>
#include "keymap.h"
#include "vzutil.h"

#define HEADING(words)	{ NULL, words, NULL, NULL, NOBAR, { { 0, 0 } } }
/* not in the key bar at the bottom */
#define NOBAR		0, NULL, NULL

static const struct vz_keyrow keymap[] = {
	HEADING("Stepping (like gdb)"),
	{ "s", "the next step point, on any host or context",
	  "`s`", "**step**: the next step point, wherever it happens — on the "
	  "other host, in a softirq, in a timer",
	  2, "s", "step",
	  { { 's', VZ_A_STEP } } },
	{ "n", "the next step here or in a caller (steps over calls)",
	  "`n`", "**next**: the next step in this function or its callers; "
	  "calls are stepped over, and other tasks and hosts run meanwhile "
	  "(like gdb's `next`)",
	  3, "n", "next",
	  { { 'n', VZ_A_NEXT } } },
	{ "f", "run until this function returns",
	  "`f`", "**finish**: run until the current function returns; the "
	  "cursor rests on its return",
	  4, "f", "finish",
	  { { 'f', VZ_A_FINISH } } },
	{ "c", "continue to the next breakpoint (or the end)",
	  "`c`", "**continue** to the next breakpoint (or to the end)",
	  5, "c", "cont",
	  { { 'c', VZ_A_CONT } } },
	{ "S  N", "back: the previous step / the previous n",
	  "`S` / `N`", "step back / next back. Every step is recorded: going "
	  "back is instant and exact",
	  9, "S/N", "back",
	  { { 'S', VZ_A_BACK_STEP }, { 'N', VZ_A_BACK_NEXT } } },
	{ "PgDn  PgUp", "n / N; in presentation: next / previous milestone",
	  "`PgDn` / `PgUp`", "like `n` / `N`; in the presentation layout, the "
	  "next / previous milestone",
	  10, "PgDn", "next",
	  { { KEY_NPAGE, VZ_A_PAGE_DOWN }, { KEY_PPAGE, VZ_A_PAGE_UP } } },
	{ "]  [", "next / previous milestone: packet, state, return",
	  "`]` / `[`", "the next / previous milestone: a packet sent or "
	  "received, a state change, a system call returning",
	  6, "]", "next milestone",
	  { { ']', VZ_A_MILESTONE_NEXT }, { '[', VZ_A_MILESTONE_PREV } } },
	{ "g  G", "the first step / the end",
	  "`g` / `G`", "the first step / the end",
	  NOBAR,
	  { { 'g', VZ_A_FIRST }, { KEY_HOME, VZ_A_FIRST },
	    { 'G', VZ_A_LAST }, { KEY_END, VZ_A_LAST } } },
	{ "space", "play / pause; + and - change the speed",
	  "`space`", "play / pause: one step at a time on its own; `+` / `-` "
	  "change the speed",
	  11, "space", "play",
	  { { ' ', VZ_A_PLAY }, { '+', VZ_A_FASTER }, { '=', VZ_A_FASTER },
	    { '-', VZ_A_SLOWER } } },
	HEADING("Breakpoints"),
	{ "b", "break on a function or a state (type to filter)",
	  "`b`", "breakpoints: type part of a function name to filter, "
	  "`Enter` sets or clears; the list also has \"state reached: "
	  "TCP_ESTABLISHED\" and the like",
	  7, "b", "break",
	  { { 'b', VZ_A_BREAK } } },
	{ "t", "run to a state: TCP_ESTABLISHED, SS_CONNECTED ...",
	  "`t`", "run to a state (`TCP_ESTABLISHED`, `SS_CONNECTED`, ...)",
	  NOBAR,
	  { { 't', VZ_A_RUN_TO } } },
	{ "B", "clear all breakpoints",
	  "`B`", "clear all breakpoints",
	  NOBAR,
	  { { 'B', VZ_A_CLEAR_BREAKS } } },
	HEADING("Views"),
	{ "Tab", "the next pane (Shift-Tab: the previous)",
	  "`Tab` / `Shift-Tab`", "focus the next / previous pane",
	  NOBAR,
	  { { '\t', VZ_A_FOCUS_NEXT }, { KEY_BTAB, VZ_A_FOCUS_PREV } } },
	{ "arrows j k", "scroll; in Structures move the cursor",
	  "`↑` `↓` (`j` `k`)", "scroll the focused pane (move the cursor in "
	  "Structures)",
	  NOBAR,
	  { { KEY_UP, VZ_A_PANE_UP }, { 'k', VZ_A_PANE_UP },
	    { KEY_DOWN, VZ_A_PANE_DOWN }, { 'j', VZ_A_PANE_DOWN } } },
	/* h, l and o: the same as ← → Enter, for vi hands */
	{ "Enter → ←", "Structures: open / close a struct or group",
	  "`Enter` `→` `←`", "Structures: open / close a struct or group",
	  NOBAR,
	  { { '\n', VZ_A_PANE }, { '\r', VZ_A_PANE }, { KEY_ENTER, VZ_A_PANE },
	    { KEY_RIGHT, VZ_A_PANE }, { KEY_LEFT, VZ_A_PANE },
	    { 'l', VZ_A_PANE }, { 'h', VZ_A_PANE }, { 'o', VZ_A_PANE } } },
	{ "E", "Structures: open everything (again: default)",
	  "`E`", "Structures: open everything (again: back to the default)",
	  NOBAR,
	  { { 'E', VZ_A_PANE } } },
	{ "H", "Structures: which host (follows the step)",
	  "`H`", "which host's structures (follow the step, client, server)",
	  NOBAR,
	  { { 'H', VZ_A_HOST } } },
	{ "v", "Structures or sk_buff in the lower left pane",
	  "`v`", "Structures or sk_buff in the lower-left pane",
	  NOBAR,
	  { { 'v', VZ_A_INSPECTOR } } },
	{ "p", "presentation layout: packets, states, sentence",
	  "`p`", "the presentation layout",
	  NOBAR,
	  { { 'p', VZ_A_PRESENT } } },
	{ "r", "sequence numbers relative to the ISN / absolute",
	  "`r`", "sequence numbers relative / absolute",
	  NOBAR,
	  { { 'r', VZ_A_REL_SEQ } } },
	{ "T", "theme: colour, colour-blind safe, monochrome",
	  "`T`", "theme: colour, colour-blind safe, monochrome",
	  NOBAR,
	  { { 'T', VZ_A_THEME } } },
	{ "a", "ASCII or Unicode lines",
	  "`a`", "ASCII or Unicode lines",
	  NOBAR,
	  { { 'a', VZ_A_ASCII } } },
	/* the mouse comes as KEY_MOUSE events: vz_mouse() */
	{ "mouse", "wheel scrolls the pane under it; click focuses",
	  "mouse wheel", "scroll the pane under the mouse; a click focuses a "
	  "pane",
	  NOBAR,
	  { { 0, 0 } } },
	HEADING("Files and scenarios"),
	{ "m", "the scenario menu (runs another scenario)",
	  "`m`", "the scenario menu: run another scenario with the same options",
	  12, "m", "scenarios",
	  { { 'm', VZ_A_MENU } } },
	{ "w", "save the recording (kmirror viz --replay FILE)",
	  "`w`", "save the recording to a file",
	  NOBAR,
	  { { 'w', VZ_A_SAVE } } },
	{ "e", "export the sequence diagram as text",
	  "`e`", "export the sequence diagram as text",
	  NOBAR,
	  { { 'e', VZ_A_EXPORT_SEQ } } },
	{ "P", "export the packets as pcap",
	  "`P`", "export the packets as pcapng, each once, per host (open it "
	  "in Wireshark)",
	  NOBAR,
	  { { 'P', VZ_A_EXPORT_PCAP } } },
	{ "?", "this help (Esc closes)",
	  "`?`", "help; `Esc` closes it",
	  1, "?", "help",
	  { { '?', VZ_A_HELP }, { KEY_F(1), VZ_A_HELP } } },
	{ "q", "quit",
	  "`q`", "quit",
	  8, "q", "quit",
	  { { 'q', VZ_A_QUIT } } },
};

const struct vz_keyrow *vz_keymap(int *n)
{
	*n = (int)VZ_ARRAY_SIZE(keymap);
	return keymap;
}

int vz_key_action(int key)
{
	size_t i, b;

	if (!key)
		return VZ_A_NONE;
	for (i = 0; i < VZ_ARRAY_SIZE(keymap); i++)
		for (b = 0; b < VZ_KEYROW_BINDS && keymap[i].bind[b].key; b++)
			if (keymap[i].bind[b].key == key)
				return keymap[i].bind[b].action;
	return VZ_A_NONE;
}

int vz_keymap_bar(const struct vz_keyrow **rows, int max)
{
	int place, n = 0;
	size_t i;

	for (place = 1; n < max; place++) {
		for (i = 0; i < VZ_ARRAY_SIZE(keymap) && keymap[i].bar != place; i++)
			;
		if (i == VZ_ARRAY_SIZE(keymap))
			break;
		rows[n++] = &keymap[i];
	}
	return n;
}

void vz_keymap_write_md(FILE *f)
{
	size_t i;

	fprintf(f, "| key | |\n| --- | --- |\n");
	for (i = 0; i < VZ_ARRAY_SIZE(keymap); i++)
		if (keymap[i].keys)
			fprintf(f, "| %s | %s |\n", keymap[i].doc_keys, keymap[i].doc);
}
