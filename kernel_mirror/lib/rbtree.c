// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: lib/rbtree.c — the navigation half of the rbtree API over an
 * ordered binary tree without rebalancing (see include/linux/rbtree.h).
 */
#include <linux/rbtree.h>

static void set_parent(struct rb_node *n, struct rb_node *p)
{
	n->__rb_parent_color = (unsigned long)p;
}

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_left)
		n = n->rb_left;
	return n;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_right)
		n = n->rb_right;
	return n;
}

struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_right)
		node = parent;
	return parent;
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_left)
		node = parent;
	return parent;
}

static void replace_child(struct rb_node *old, struct rb_node *new,
			  struct rb_node *parent, struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
	if (new)
		set_parent(new, parent);
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *parent = rb_parent(node);

	if (!node->rb_left) {
		replace_child(node, node->rb_right, parent, root);
	} else if (!node->rb_right) {
		replace_child(node, node->rb_left, parent, root);
	} else {
		/* Two children: splice in the in-order successor. */
		struct rb_node *succ = node->rb_right;

		while (succ->rb_left)
			succ = succ->rb_left;
		if (rb_parent(succ) != node) {
			replace_child(succ, succ->rb_right, rb_parent(succ), root);
			succ->rb_right = node->rb_right;
			set_parent(succ->rb_right, succ);
		}
		replace_child(node, succ, parent, root);
		succ->rb_left = node->rb_left;
		set_parent(succ->rb_left, succ);
	}
	RB_CLEAR_NODE(node);
}
