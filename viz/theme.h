/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror viz: styles and themes. A style says what a cell means; a
 * theme says how each style looks (ncurses attributes and colours).
 */
#ifndef _VZ_THEME_H
#define _VZ_THEME_H

enum vz_style {
	VZ_ST_NORMAL,
	VZ_ST_DIM,		/* secondary text */
	VZ_ST_BORDER,
	VZ_ST_BORDER_FOCUS,
	VZ_ST_TITLE,
	VZ_ST_TITLE_FOCUS,
	VZ_ST_HEADER,		/* the top bar */
	VZ_ST_STATUS,		/* the bottom bar */
	VZ_ST_KEY,		/* a key name in hints and help */
	VZ_ST_SENTENCE,		/* the step's sentence */
	VZ_ST_CURLINE,		/* the line about to run */
	VZ_ST_LINENO,
	VZ_ST_CODE,
	VZ_ST_NAME,		/* a field name */
	VZ_ST_VALUE,
	VZ_ST_CHANGED,		/* a field the last move changed */
	VZ_ST_GROUP,		/* a struct or group heading */
	VZ_ST_SELECT,		/* the cursor line of a list */
	VZ_ST_STATE_CUR,	/* the state a sock is in */
	VZ_ST_STATE_SEEN,	/* a state it went through */
	VZ_ST_STATE_OFF,
	VZ_ST_LANE_A,		/* packets sent by the left host */
	VZ_ST_LANE_B,		/* ... by the right one */
	VZ_ST_LOST,
	VZ_ST_HDR_IP,
	VZ_ST_HDR_TCP,
	VZ_ST_HDR_OPT,
	VZ_ST_HDR_DATA,
	VZ_ST_ROOM,		/* headroom, tailroom */
	VZ_ST_ERROR,
	VZ_ST_OVERLAY,
	VZ_ST__COUNT
};

enum vz_theme { VZ_THEME_COLOUR, VZ_THEME_CB, VZ_THEME_MONO, VZ_THEME__COUNT };

const char *vz_theme_name(int theme);
int vz_theme_by_name(const char *name);	/* -1: unknown */
int vz_theme_default(void);		/* mono when NO_COLOR is set */
/*
 * The ncurses attributes of every style in a theme (after initscr or
 * newterm: it starts colours and sets the colour pairs). Returns whether
 * the terminal has colours.
 */
int vz_theme_attrs(int theme, int attr[VZ_ST__COUNT]);

#endif
