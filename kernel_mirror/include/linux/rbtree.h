/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/rbtree.h — the rbtree API the TCP retransmit queue
 * uses (rb_first, rb_next, rb_link_node, rb_insert_color, rb_erase).
 *
 * Deliberate simplification: the tree is an ordinary binary search tree
 * kept in order by the caller's insertion walk (exactly as in the kernel),
 * but never rebalanced — rb_insert_color does nothing. Ordering and every
 * observable result are the same; only the worst-case depth differs, which
 * does not matter for the handful of segments a handshake queues.
 */
#ifndef _KM_LINUX_RBTREE_H
#define _KM_LINUX_RBTREE_H

#include <linux/types.h>
#include <linux/kernel.h>

struct rb_node {
	unsigned long	__rb_parent_color;
	struct rb_node	*rb_right;
	struct rb_node	*rb_left;
} __attribute__((aligned(sizeof(long))));

struct rb_root {
	struct rb_node	*rb_node;
};

#define RB_ROOT		(struct rb_root) { NULL, }
#define rb_parent(r)	((struct rb_node *)((r)->__rb_parent_color & ~3UL))
#define rb_entry(ptr, type, member) container_of(ptr, type, member)
#define rb_entry_safe(ptr, type, member) \
	({ __typeof__(ptr) ____ptr = (ptr); \
	   ____ptr ? rb_entry(____ptr, type, member) : NULL; })
#define RB_EMPTY_ROOT(root)	((root)->rb_node == NULL)
#define RB_EMPTY_NODE(node)	((node)->__rb_parent_color == (unsigned long)(node))
#define RB_CLEAR_NODE(node)	((node)->__rb_parent_color = (unsigned long)(node))

static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **rb_link)
{
	node->__rb_parent_color = (unsigned long)parent;
	node->rb_left = node->rb_right = NULL;
	*rb_link = node;
}

static inline void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	(void)node;
	(void)root;	/* no rebalancing: see the header comment */
}

struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);
void rb_erase(struct rb_node *node, struct rb_root *root);

#endif
