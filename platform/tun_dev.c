// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror platform: the TUN backend — a mirror host's device whose other
 * end is the machine's own Linux kernel.
 *
 * The device itself is an ordinary test wire (runtime/wire.c) with a
 * transmit hook: every frame the mirrored stack hands to the driver is
 * written to /dev/net/tun, where the real kernel receives it as if it had
 * come in on kmtun0. In the other direction the world loop, now running
 * on the real clock, calls tun_poll() whenever it has nothing to do before
 * its next timer: we sleep in ppoll() on the TUN descriptor until a frame
 * comes or the timer is due, and queue what we read for delivery at the
 * current world time, i.e. the device's receive interrupt (km_dev_rx).
 *
 * IFF_NO_PI: no packet-information header, so a frame is exactly the IPv4
 * packet — the same bytes the pcap writer records (LINKTYPE_RAW).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/if.h>
#include <linux/if_tun.h>

#include <kmapi/km.h>
#include <kmapi/wire.h>
#include <kmapi/tun.h>
#include <kmplat/platform.h>

/* Frames are at most the device MTU; a generous buffer costs nothing. */
#define TUN_FRAME_MAX	65536
/* Frames taken per wake-up before the world gets to run again. */
#define TUN_READ_BURST	64

struct km_tun {
	struct km_world	*world;
	struct km_wire	*wire;
	int		fd;		/* -1 once detached */
	bool		busy_poll;
	long long	origin;		/* monotonic ns at world time 0 */
	unsigned long	frames[2];
	unsigned long	write_errors;
	unsigned long	not_ipv4;	/* frames read and dropped */
	unsigned char	buf[TUN_FRAME_MAX];
};

int km_tun_open(const char *ifname)
{
	struct ifreq ifr;
	size_t n = strlen(ifname);
	int fd;

	if (!n || n >= IFNAMSIZ)
		return -EINVAL;
	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	memcpy(ifr.ifr_name, ifname, n);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		int err = errno;

		close(fd);
		return -err;
	}
	return fd;
}

int km_tun_set_persist(int fd, bool persist)
{
	return ioctl(fd, TUNSETPERSIST, persist ? 1UL : 0UL) < 0 ? -errno : 0;
}

/* World time now, by the real clock. */
static long long tun_now(const struct km_tun *t)
{
	return km_plat_monotonic_ns() - t->origin;
}

/* The driver's transmit: one frame, one write(). */
static void tun_tx(void *ctx, struct km_wire *w, const unsigned char *frame,
		   size_t len)
{
	struct km_tun *t = ctx;
	ssize_t n = -1;
	int tries;

	(void)w;
	if (t->fd < 0) {
		t->write_errors++;
		return;
	}
	for (tries = 0; tries < 4; tries++) {
		n = write(t->fd, frame, len);
		if (n >= 0 || errno != EINTR)
			break;
	}
	if (n == (ssize_t)len)
		t->frames[0]++;
	else
		t->write_errors++;
}

/*
 * Take what the kernel has queued for us, without waiting: up to `max`
 * frames, stopping at the first empty read.
 */
static int tun_drain(struct km_tun *t, int max)
{
	int got = 0;

	while (t->fd >= 0 && got < max) {
		ssize_t n = read(t->fd, t->buf, sizeof(t->buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if ((t->buf[0] >> 4) != 4) {
			t->not_ipv4++;	/* the mirror is IPv4 only */
			continue;
		}
		t->frames[1]++;
		/* Delivered by the world loop once its clock has caught up
		 * with the real one: the frame's arrival time is now. */
		km_wire_inject_at(t->wire, 0, t->buf, (size_t)n);
		got++;
	}
	return got;
}

/*
 * The world's idle hook: wait for a frame from the kernel, but not past
 * world time `until` (the next timer). Returns the number of frames.
 */
static int tun_poll(void *ctx, long long until)
{
	struct km_tun *t = ctx;
	long long wait;
	/* One frame is enough to give the world something to do; the next
	 * idle call reads on. (Draining until EAGAIN would cost one more
	 * read() per wake-up, on the handshake's critical path.) */
	int got = tun_drain(t, 1);

	if (got)
		return got;
	wait = until - tun_now(t);
	if (wait <= 0)
		return 0;
	if (t->busy_poll && t->fd >= 0) {
		/* Spin (bounded by `until`): no wake-up latency. */
		while (tun_now(t) < until) {
			got = tun_drain(t, 1);
			if (got)
				return got;
		}
		return 0;
	}
	{
		struct pollfd p = { .fd = t->fd, .events = POLLIN };
		struct timespec ts = {
			.tv_sec = wait / 1000000000LL,
			.tv_nsec = wait % 1000000000LL,
		};

		/* fd -1 is ignored by ppoll(): a detached device just sleeps. */
		if (ppoll(&p, 1, &ts, NULL) > 0 && (p.revents & POLLIN))
			got = tun_drain(t, TUN_READ_BURST);
	}
	return got;
}

void km_tun_detach(struct km_tun *t)
{
	if (t && t->fd >= 0) {
		close(t->fd);
		t->fd = -1;
	}
}

static void tun_free(void *ctx)
{
	struct km_tun *t = ctx;

	km_tun_detach(t);
	km_plat_free(t);
}

struct km_tun *km_tun_attach(struct km_world *w, struct host *h,
			     const char *dev, unsigned int mtu, int fd)
{
	struct km_tun *t;

	if (!w || !h || !dev || fd < 0)
		return NULL;
	t = km_plat_alloc(sizeof(*t));
	t->world = w;
	t->fd = fd;
	t->wire = km_wire_new(h, dev, mtu ? mtu : 1500);
	if (!t->wire) {
		km_plat_free(t);
		return NULL;
	}
	km_wire_set_keep(t->wire, false);
	km_wire_set_tx_hook(t->wire, tun_tx, t);
	/* Cleanups run after the hosts closed their files (their last FIN or
	 * RST still goes out through tun_tx) and before the wire is freed. */
	km_world_add_cleanup(w, tun_free, t);
	km_world_set_realtime(w, tun_poll, t);
	t->origin = km_plat_monotonic_ns() - km_world_now_ns(w);
	return t;
}

struct km_wire *km_tun_wire(const struct km_tun *t)
{
	return t->wire;
}

unsigned long km_tun_frames(const struct km_tun *t, int dir)
{
	return t->frames[dir ? 1 : 0];
}

unsigned long km_tun_write_errors(const struct km_tun *t)
{
	return t->write_errors;
}

void km_tun_set_busy_poll(struct km_tun *t, bool on)
{
	t->busy_poll = on;
}
