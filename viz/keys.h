/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror viz: the key handler and the actions keys run (keys.c). Which
 * key runs which action is the keymap's business (keymap.h).
 */
#ifndef _VZ_KEYS_H
#define _VZ_KEYS_H

struct vz_app;

void vz_key(struct vz_app *a, int key);
void vz_tick(struct vz_app *a);		/* autoplay: one step */
void vz_goto(struct vz_app *a, int pos);
int vz_mouse(struct vz_app *a, int y, int x, int wheel);	/* wheel: -1 up, 1 down, 0 click */
/* Run a scenario into the app's recording (the menu); 0 or an error. */
int vz_load_scenario(struct vz_app *a, const char *name);

#endif
