// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: themes. Meaning never rests on colour alone: every style
 * has its attributes (bold, underline, reverse, dim) in the monochrome
 * theme, and the colour themes add colour on top of the same attributes.
 *
 *   colour  the default
 *   cb      colour-blind safe: the Okabe-Ito palette (blue/orange/
 *           vermillion, no red-green pairs) on 256-colour terminals,
 *           blue/yellow/magenta on 8-colour ones
 *   mono    attributes only; the default when NO_COLOR is set
 */
#include <stdlib.h>
#include <string.h>
#include <curses.h>
#include "theme.h"
#include "vzutil.h"

struct vz_look {
	short	fg, bg;		/* -1: the terminal's default */
	int	attr;
};

/* The attributes every theme uses; colour themes add colours. */
static const int base_attr[VZ_ST__COUNT] = {
	[VZ_ST_NORMAL] = A_NORMAL,
	[VZ_ST_DIM] = A_DIM,
	[VZ_ST_BORDER] = A_NORMAL,
	[VZ_ST_BORDER_FOCUS] = A_BOLD,
	[VZ_ST_TITLE] = A_BOLD,
	[VZ_ST_TITLE_FOCUS] = A_BOLD | A_REVERSE,
	[VZ_ST_HEADER] = A_REVERSE,
	[VZ_ST_STATUS] = A_REVERSE,
	[VZ_ST_KEY] = A_BOLD,
	[VZ_ST_SENTENCE] = A_BOLD,
	[VZ_ST_CURLINE] = A_REVERSE,
	[VZ_ST_LINENO] = A_DIM,
	[VZ_ST_CODE] = A_NORMAL,
	[VZ_ST_NAME] = A_NORMAL,
	[VZ_ST_VALUE] = A_NORMAL,
	[VZ_ST_CHANGED] = A_BOLD | A_UNDERLINE,
	[VZ_ST_GROUP] = A_BOLD,
	[VZ_ST_SELECT] = A_REVERSE,
	[VZ_ST_STATE_CUR] = A_REVERSE | A_BOLD,
	[VZ_ST_STATE_SEEN] = A_BOLD | A_UNDERLINE,
	[VZ_ST_STATE_OFF] = A_DIM,
	[VZ_ST_LANE_A] = A_NORMAL,
	[VZ_ST_LANE_B] = A_BOLD,
	[VZ_ST_LOST] = A_BOLD | A_UNDERLINE,
	[VZ_ST_HDR_IP] = A_NORMAL,
	[VZ_ST_HDR_TCP] = A_UNDERLINE,
	[VZ_ST_HDR_OPT] = A_BOLD,
	[VZ_ST_HDR_DATA] = A_NORMAL,
	[VZ_ST_ROOM] = A_DIM,
	[VZ_ST_ERROR] = A_BOLD | A_REVERSE,
	[VZ_ST_OVERLAY] = A_NORMAL,
};

#define D	-1
/* 8 colours */
static const short colour8[VZ_ST__COUNT][2] = {
	[VZ_ST_NORMAL] = { D, D },
	[VZ_ST_DIM] = { D, D },
	[VZ_ST_BORDER] = { COLOR_BLUE, D },
	[VZ_ST_BORDER_FOCUS] = { COLOR_CYAN, D },
	[VZ_ST_TITLE] = { COLOR_CYAN, D },
	[VZ_ST_TITLE_FOCUS] = { COLOR_CYAN, D },
	[VZ_ST_HEADER] = { COLOR_BLUE, COLOR_WHITE },
	[VZ_ST_STATUS] = { COLOR_CYAN, COLOR_BLACK },
	[VZ_ST_KEY] = { COLOR_YELLOW, D },
	[VZ_ST_SENTENCE] = { D, D },
	[VZ_ST_CURLINE] = { COLOR_YELLOW, COLOR_BLACK },
	[VZ_ST_LINENO] = { COLOR_BLUE, D },
	[VZ_ST_CODE] = { D, D },
	[VZ_ST_NAME] = { COLOR_CYAN, D },
	[VZ_ST_VALUE] = { D, D },
	[VZ_ST_CHANGED] = { COLOR_YELLOW, D },
	[VZ_ST_GROUP] = { COLOR_MAGENTA, D },
	[VZ_ST_SELECT] = { D, D },
	[VZ_ST_STATE_CUR] = { COLOR_GREEN, COLOR_BLACK },
	[VZ_ST_STATE_SEEN] = { COLOR_GREEN, D },
	[VZ_ST_STATE_OFF] = { D, D },
	[VZ_ST_LANE_A] = { COLOR_CYAN, D },
	[VZ_ST_LANE_B] = { COLOR_MAGENTA, D },
	[VZ_ST_LOST] = { COLOR_RED, D },
	[VZ_ST_HDR_IP] = { COLOR_BLUE, D },
	[VZ_ST_HDR_TCP] = { COLOR_GREEN, D },
	[VZ_ST_HDR_OPT] = { COLOR_YELLOW, D },
	[VZ_ST_HDR_DATA] = { D, D },
	[VZ_ST_ROOM] = { D, D },
	[VZ_ST_ERROR] = { COLOR_RED, COLOR_WHITE },
	[VZ_ST_OVERLAY] = { D, D },
};

/* Okabe-Ito on 256 colours: sky blue 74, orange 214, blue 25,
 * vermillion 166, reddish purple 175, yellow 227, bluish green 36. */
static const short cb256[VZ_ST__COUNT][2] = {
	[VZ_ST_NORMAL] = { D, D },
	[VZ_ST_DIM] = { D, D },
	[VZ_ST_BORDER] = { 25, D },
	[VZ_ST_BORDER_FOCUS] = { 74, D },
	[VZ_ST_TITLE] = { 74, D },
	[VZ_ST_TITLE_FOCUS] = { 74, D },
	[VZ_ST_HEADER] = { 25, 255 },
	[VZ_ST_STATUS] = { 74, 16 },
	[VZ_ST_KEY] = { 214, D },
	[VZ_ST_SENTENCE] = { D, D },
	[VZ_ST_CURLINE] = { 227, 16 },
	[VZ_ST_LINENO] = { 74, D },
	[VZ_ST_CODE] = { D, D },
	[VZ_ST_NAME] = { 74, D },
	[VZ_ST_VALUE] = { D, D },
	[VZ_ST_CHANGED] = { 214, D },
	[VZ_ST_GROUP] = { 175, D },
	[VZ_ST_SELECT] = { D, D },
	[VZ_ST_STATE_CUR] = { 74, 16 },
	[VZ_ST_STATE_SEEN] = { 74, D },
	[VZ_ST_STATE_OFF] = { D, D },
	[VZ_ST_LANE_A] = { 74, D },
	[VZ_ST_LANE_B] = { 214, D },
	[VZ_ST_LOST] = { 166, D },
	[VZ_ST_HDR_IP] = { 74, D },
	[VZ_ST_HDR_TCP] = { 214, D },
	[VZ_ST_HDR_OPT] = { 175, D },
	[VZ_ST_HDR_DATA] = { D, D },
	[VZ_ST_ROOM] = { D, D },
	[VZ_ST_ERROR] = { 166, 255 },
	[VZ_ST_OVERLAY] = { D, D },
};

/* The same idea on 8 colours: blue and yellow, magenta for loss. */
static const short cb8[VZ_ST__COUNT][2] = {
	[VZ_ST_NORMAL] = { D, D },
	[VZ_ST_DIM] = { D, D },
	[VZ_ST_BORDER] = { COLOR_BLUE, D },
	[VZ_ST_BORDER_FOCUS] = { COLOR_CYAN, D },
	[VZ_ST_TITLE] = { COLOR_CYAN, D },
	[VZ_ST_TITLE_FOCUS] = { COLOR_CYAN, D },
	[VZ_ST_HEADER] = { COLOR_BLUE, COLOR_WHITE },
	[VZ_ST_STATUS] = { COLOR_CYAN, COLOR_BLACK },
	[VZ_ST_KEY] = { COLOR_YELLOW, D },
	[VZ_ST_SENTENCE] = { D, D },
	[VZ_ST_CURLINE] = { COLOR_YELLOW, COLOR_BLACK },
	[VZ_ST_LINENO] = { COLOR_CYAN, D },
	[VZ_ST_CODE] = { D, D },
	[VZ_ST_NAME] = { COLOR_CYAN, D },
	[VZ_ST_VALUE] = { D, D },
	[VZ_ST_CHANGED] = { COLOR_YELLOW, D },
	[VZ_ST_GROUP] = { COLOR_MAGENTA, D },
	[VZ_ST_SELECT] = { D, D },
	[VZ_ST_STATE_CUR] = { COLOR_CYAN, COLOR_BLACK },
	[VZ_ST_STATE_SEEN] = { COLOR_CYAN, D },
	[VZ_ST_STATE_OFF] = { D, D },
	[VZ_ST_LANE_A] = { COLOR_CYAN, D },
	[VZ_ST_LANE_B] = { COLOR_YELLOW, D },
	[VZ_ST_LOST] = { COLOR_MAGENTA, D },
	[VZ_ST_HDR_IP] = { COLOR_CYAN, D },
	[VZ_ST_HDR_TCP] = { COLOR_YELLOW, D },
	[VZ_ST_HDR_OPT] = { COLOR_MAGENTA, D },
	[VZ_ST_HDR_DATA] = { D, D },
	[VZ_ST_ROOM] = { D, D },
	[VZ_ST_ERROR] = { COLOR_MAGENTA, COLOR_WHITE },
	[VZ_ST_OVERLAY] = { D, D },
};
#undef D

static const char *const theme_names[VZ_THEME__COUNT] = { "colour", "cb", "mono" };

const char *vz_theme_name(int theme)
{
	return theme >= 0 && theme < VZ_THEME__COUNT ? theme_names[theme] : "?";
}

int vz_theme_by_name(const char *name)
{
	int i;

	if (!strcmp(name, "color"))
		return VZ_THEME_COLOUR;
	if (!strcmp(name, "colour-blind") || !strcmp(name, "colorblind"))
		return VZ_THEME_CB;
	if (!strcmp(name, "monochrome") || !strcmp(name, "none"))
		return VZ_THEME_MONO;
	for (i = 0; i < VZ_THEME__COUNT; i++)
		if (!strcmp(name, theme_names[i]))
			return i;
	return -1;
}

int vz_theme_default(void)
{
	const char *nc = getenv("NO_COLOR");

	return nc && *nc ? VZ_THEME_MONO : VZ_THEME_COLOUR;
}

int vz_theme_attrs(int theme, int attr[VZ_ST__COUNT])
{
	const short (*tab)[2] = NULL;
	int i, has_colour = has_colors();

	if (has_colour && theme != VZ_THEME_MONO) {
		start_color();
		use_default_colors();
		if (theme == VZ_THEME_CB)
			tab = COLORS >= 256 ? cb256 : cb8;
		else
			tab = colour8;
	}
	for (i = 0; i < VZ_ST__COUNT; i++) {
		attr[i] = base_attr[i];
		if (tab && i + 1 < COLOR_PAIRS &&
		    (tab[i][0] != -1 || tab[i][1] != -1)) {
			init_pair((short)(i + 1), tab[i][0], tab[i][1]);
			attr[i] |= COLOR_PAIR(i + 1);
		}
	}
	return has_colour;
}
