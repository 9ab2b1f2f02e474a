/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: include/linux/cred.h and capability.h — who the task is. */
#ifndef _KM_LINUX_CRED_H
#define _KM_LINUX_CRED_H

#include <linux/types.h>

#define CAP_NET_BIND_SERVICE	10
#define CAP_NET_BROADCAST	11
#define CAP_NET_ADMIN		12
#define CAP_NET_RAW		13
#define CAP_SYS_ADMIN		21

#define KM_NGROUPS_MAX		8

struct cred {
	kuid_t		uid, euid, fsuid;
	kgid_t		gid, egid, fsgid;
	unsigned long long cap_effective;
	int		ngroups;
	kgid_t		groups[KM_NGROUPS_MAX];
};

#define GLOBAL_ROOT_UID ((kuid_t){ 0 })
#define GLOBAL_ROOT_GID ((kgid_t){ 0 })

static inline uid_t __kuid_val(kuid_t uid) { return uid.val; }
static inline gid_t __kgid_val(kgid_t gid) { return gid.val; }
static inline kuid_t make_kuid_km(uid_t u) { kuid_t k = { u }; return k; }
static inline kgid_t make_kgid_km(gid_t g) { kgid_t k = { g }; return k; }
static inline bool gid_lte(kgid_t a, kgid_t b) { return a.val <= b.val; }
static inline bool gid_gte(kgid_t a, kgid_t b) { return a.val >= b.val; }
static inline bool uid_eq(kuid_t a, kuid_t b) { return a.val == b.val; }

const struct cred *current_cred(void);
kuid_t current_fsuid(void);
kgid_t current_fsgid(void);
bool capable(int cap);
struct user_namespace;
bool ns_capable(struct user_namespace *ns, int cap);
void current_euid_egid(kuid_t *uid, kgid_t *gid);

#endif
