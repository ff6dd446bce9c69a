/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vhost_port.c - vhost-user port backend on DPDK's rte_vhost.
 *
 * vswitchd is either the vhost-user server (it creates the socket, QEMU
 * connects) or the client (QEMU created the socket with server=on; rte_vhost
 * reconnects every second for as long as the port exists). rte_vhost's event
 * thread reports guests coming and going through the callbacks below; the
 * PMD that owns the port dequeues from the guest's TX ring and any PMD may
 * enqueue to its RX ring (rte_vhost serializes enqueues per virtqueue).
 */
#include <errno.h>
#include <grp.h>
#include <linux/virtio_net.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_malloc.h>
#include <rte_vhost.h>

#include "log.h"
#include "vhost_port.h"

/* Queue indexes seen from the guest: we dequeue its TX, enqueue its RX. */
#define VHOST_RXQ	0
#define VHOST_TXQ	1

/* Offloads a pure L2 switch cannot honour yet: every frame is complete. */
#define VHOST_UNSUPPORTED_FEATURES					\
	((1ULL << VIRTIO_NET_F_HOST_TSO4) | (1ULL << VIRTIO_NET_F_HOST_TSO6) | \
	 (1ULL << VIRTIO_NET_F_HOST_ECN) | (1ULL << VIRTIO_NET_F_HOST_UFO) | \
	 (1ULL << VIRTIO_NET_F_CSUM) | (1ULL << VIRTIO_NET_F_GUEST_CSUM) | \
	 (1ULL << VIRTIO_NET_F_GUEST_TSO4) | (1ULL << VIRTIO_NET_F_GUEST_TSO6) | \
	 (1ULL << VIRTIO_NET_F_GUEST_ECN) | (1ULL << VIRTIO_NET_F_GUEST_UFO))

/**
 * struct vhost_port - Backend state of one vhost-user port
 * @port:	Generic port
 * @vid:	rte_vhost device id while a guest is attached, else -1
 * @next:	List of all vhost ports, for the callbacks' path lookup
 */
struct vhost_port {
	struct vsw_port *port;
	int vid;
	struct vhost_port *next;
};

static struct rte_mempool *vhost_pool;
static struct rte_rcu_qsbr *vhost_qsv;
static pthread_mutex_t vhost_list_lock = PTHREAD_MUTEX_INITIALIZER;
static struct vhost_port *vhost_list;

/**
 * vhost_port_init() - Set the pool and RCU variable all ports use
 * @pool:	mbufs for frames dequeued from guests
 * @qsv:	PMD threads' quiescent-state variable
 *
 * Return: 0
 */
int vhost_port_init(struct rte_mempool *pool, struct rte_rcu_qsbr *qsv)
{
	vhost_pool = pool;
	vhost_qsv = qsv;
	return 0;
}

/* Find a port by socket path; caller holds vhost_list_lock. */
static struct vhost_port *vhost_find_locked(const char *path)
{
	struct vhost_port *vp;

	for (vp = vhost_list; vp != NULL; vp = vp->next)
		if (strcmp(vp->port->conf.path, path) == 0)
			return vp;
	return NULL;
}

static struct vhost_port *vhost_find_vid(int vid, char *path, size_t size)
{
	struct vhost_port *vp;

	if (rte_vhost_get_ifname(vid, path, size) != 0)
		return NULL;
	pthread_mutex_lock(&vhost_list_lock);
	vp = vhost_find_locked(path);
	pthread_mutex_unlock(&vhost_list_lock);
	return vp;
}

/* rte_vhost callback: a guest's virtio device is ready. */
static int vhost_new_device(int vid)
{
	char path[PATH_MAX];
	struct vhost_port *vp = vhost_find_vid(vid, path, sizeof(path));
	uint16_t q, nq;

	if (vp == NULL) {
		VLOG_WARN("vhost: new device on unknown socket %s", path);
		return -1;
	}
	/* We poll: the guest need not kick us. */
	nq = rte_vhost_get_vring_num(vid);
	for (q = 0; q < nq; q++)
		rte_vhost_enable_guest_notification(vid, q, 0);
	__atomic_store_n(&vp->vid, vid, __ATOMIC_RELEASE);
	VLOG_INFO("port %s: guest connected (%s, %u queues)", vp->port->conf.name,
		 path, nq / 2);
	return 0;
}

/*
 * Wait until no PMD can still be using an old vid. rte_vhost may call
 * destroy_device with the virtqueue locks held while a PMD waits for one of
 * them inside rte_vhost_enqueue_burst(), so wait with a bound instead of
 * rte_rcu_qsbr_synchronize(): in that case the PMD only touches a stopped
 * (not yet freed) queue once we return.
 */
static void vhost_quiesce(const char *name)
{
	uint64_t deadline = rte_get_timer_cycles() + rte_get_timer_hz();
	uint64_t token = rte_rcu_qsbr_start(vhost_qsv);

	while (!rte_rcu_qsbr_check(vhost_qsv, token, false)) {
		if (rte_get_timer_cycles() > deadline) {
			VLOG_DEBUG("port %s: PMDs busy on the queue lock", name);
			return;
		}
		rte_pause();
	}
}

/* rte_vhost callback: the guest went away or stopped its device. */
static void vhost_destroy_device(int vid)
{
	char path[PATH_MAX];
	struct vhost_port *vp = vhost_find_vid(vid, path, sizeof(path));

	if (vp == NULL)
		return;
	__atomic_store_n(&vp->vid, -1, __ATOMIC_RELEASE);
	vhost_quiesce(vp->port->conf.name);
	VLOG_INFO("port %s: guest disconnected", vp->port->conf.name);
}

static const struct rte_vhost_device_ops vhost_ops = {
	.new_device = vhost_new_device,
	.destroy_device = vhost_destroy_device,
};

static uint16_t vhost_rx(struct vsw_port *port, struct rte_mbuf **pkts,
			 uint16_t n)
{
	struct vhost_port *vp = port->priv;
	int vid = __atomic_load_n(&vp->vid, __ATOMIC_ACQUIRE);

	if (vid < 0)
		return 0;
	return rte_vhost_dequeue_burst(vid, VHOST_TXQ, vhost_pool, pkts, n);
}

static uint16_t vhost_tx(struct vsw_port *port, struct rte_mbuf **pkts,
			 uint16_t n)
{
	struct vhost_port *vp = port->priv;
	int vid = __atomic_load_n(&vp->vid, __ATOMIC_ACQUIRE);
	uint16_t sent = 0, k;

	if (vid < 0)
		return 0;
	/* rte_vhost copies into guest memory: the mbufs stay ours. */
	while (sent < n) {
		k = rte_vhost_enqueue_burst(vid, VHOST_RXQ, pkts + sent, n - sent);
		if (k == 0)
			break;
		sent += k;
	}
	rte_pktmbuf_free_bulk(pkts, sent);
	return sent;
}

static bool vhost_link_up(const struct vsw_port *port)
{
	const struct vhost_port *vp = port->priv;

	return __atomic_load_n(&vp->vid, __ATOMIC_ACQUIRE) >= 0;
}

static void vhost_destroy(struct vsw_port *port)
{
	struct vhost_port *vp = port->priv, **pp;
	int ret;

	/* Disconnects the guest (destroy_device runs first) and, for server
	 * ports, removes the socket file. */
	ret = rte_vhost_driver_unregister(port->conf.path);
	if (ret != 0)
		VLOG_WARN("port %s: rte_vhost_driver_unregister failed (%d)",
			 port->conf.name, ret);
	pthread_mutex_lock(&vhost_list_lock);
	for (pp = &vhost_list; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == vp) {
			*pp = vp->next;
			break;
		}
	}
	pthread_mutex_unlock(&vhost_list_lock);
	if (port->conf.type == PORT_VHOST_USER)
		unlink(port->conf.path);
	free(vp);
	port->priv = NULL;
}

static const struct port_ops vhost_port_ops = {
	.rx = vhost_rx,
	.tx = vhost_tx,
	.link_up = vhost_link_up,
	.destroy = vhost_destroy,
};

/**
 * vhost_port_check_path() - Check a socket path before creating a port
 * @path:	Socket path
 * @server:	true if vswitchd creates the socket
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * A server socket may replace only a stale socket (one nobody listens on),
 * never a regular file or a live socket; its directory must exist.
 *
 * Return: 0 if usable, -errno otherwise
 */
int vhost_port_check_path(const char *path, bool server, char *err,
			  size_t errsize)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char dir[PATH_MAX], *slash;
	struct stat st;
	int fd, ret;

	if (path[0] != '/') {
		snprintf(err, errsize, "socket path '%s' is not absolute", path);
		return -EINVAL;
	}
	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errsize, "socket path longer than %zu bytes",
			 sizeof(sa.sun_path) - 1);
		return -ENAMETOOLONG;
	}
	if (!server)
		return 0;	/* QEMU creates it; rte_vhost retries until then */
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errsize, "directory %s does not exist", dir);
		return -ENOENT;
	}
	if (lstat(path, &st) != 0)
		return 0;
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(err, errsize, "%s exists and is not a socket", path);
		return -EEXIST;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errsize, "socket: %s", strerror(errno));
		return -errno;
	}
	ret = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	close(fd);
	if (ret == 0) {
		snprintf(err, errsize, "%s is in use by another process", path);
		return -EADDRINUSE;
	}
	unlink(path);	/* stale socket from a previous run */
	return 0;
}

/* Apply --owner/--group/--mode to a server socket. */
static int vhost_set_perms(const struct vsw_port *port, char *err,
			   size_t errsize)
{
	uid_t uid = (uid_t)-1;
	gid_t gid = (gid_t)-1;

	if (port->conf.owner[0] != '\0') {
		struct passwd *pw = getpwnam(port->conf.owner);

		if (pw == NULL) {
			snprintf(err, errsize, "unknown user '%s'", port->conf.owner);
			return -EINVAL;
		}
		uid = pw->pw_uid;
	}
	if (port->conf.group[0] != '\0') {
		struct group *gr = getgrnam(port->conf.group);

		if (gr == NULL) {
			snprintf(err, errsize, "unknown group '%s'", port->conf.group);
			return -EINVAL;
		}
		gid = gr->gr_gid;
	}
	if ((uid != (uid_t)-1 || gid != (gid_t)-1) &&
	    chown(port->conf.path, uid, gid) != 0) {
		snprintf(err, errsize, "chown %s: %s", port->conf.path, strerror(errno));
		return -errno;
	}
	if (port->conf.mode >= 0 && chmod(port->conf.path, (mode_t)port->conf.mode) != 0) {
		snprintf(err, errsize, "chmod %s: %s", port->conf.path, strerror(errno));
		return -errno;
	}
	return 0;
}

/**
 * vhost_port_create() - Register the vhost-user socket of a port
 * @port:	Port with name, type, path and permissions filled in
 * @err:	Error message on failure
 * @errsize:	Size of @err
 *
 * On success the port's ops/priv are set; a server port's socket exists and
 * a client port is trying to connect. The port is not on the packet path yet.
 *
 * Context: control thread
 * Return: 0 on success, -errno on failure (nothing left behind)
 */
int vhost_port_create(struct vsw_port *port, char *err, size_t errsize)
{
	bool server = port->conf.type == PORT_VHOST_USER;
	uint64_t flags = server ? 0 : RTE_VHOST_USER_CLIENT;
	struct vhost_port *vp;
	int ret;

	ret = vhost_port_check_path(port->conf.path, server, err, errsize);
	if (ret != 0)
		return ret;
	pthread_mutex_lock(&vhost_list_lock);
	if (vhost_find_locked(port->conf.path) != NULL) {
		pthread_mutex_unlock(&vhost_list_lock);
		snprintf(err, errsize, "socket %s is used by another port",
			 port->conf.path);
		return -EEXIST;
	}
	vp = calloc(1, sizeof(*vp));
	if (vp == NULL) {
		pthread_mutex_unlock(&vhost_list_lock);
		snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	vp->port = port;
	vp->vid = -1;
	vp->next = vhost_list;
	vhost_list = vp;
	pthread_mutex_unlock(&vhost_list_lock);
	port->priv = vp;
	port->ops = &vhost_port_ops;

	if (rte_vhost_driver_register(port->conf.path, flags) != 0) {
		snprintf(err, errsize, "cannot register vhost-user socket %s",
			 port->conf.path);
		ret = -EIO;
		goto fail_list;
	}
	if (rte_vhost_driver_disable_features(port->conf.path,
					      VHOST_UNSUPPORTED_FEATURES) != 0 ||
	    rte_vhost_driver_callback_register(port->conf.path, &vhost_ops) != 0) {
		snprintf(err, errsize, "cannot configure vhost-user socket %s",
			 port->conf.path);
		ret = -EIO;
		goto fail_reg;
	}
	if (rte_vhost_driver_start(port->conf.path) != 0) {
		snprintf(err, errsize, "cannot %s vhost-user socket %s",
			 server ? "listen on" : "start client for", port->conf.path);
		ret = -EIO;
		goto fail_reg;
	}
	if (server) {
		ret = vhost_set_perms(port, err, errsize);
		if (ret != 0)
			goto fail_reg;
	}
	return 0;

fail_reg:
	rte_vhost_driver_unregister(port->conf.path);
	if (server)
		unlink(port->conf.path);
fail_list:
	pthread_mutex_lock(&vhost_list_lock);
	if (vhost_list == vp)	/* only the control thread adds: still first */
		vhost_list = vp->next;
	pthread_mutex_unlock(&vhost_list_lock);
	free(vp);
	port->priv = NULL;
	port->ops = NULL;
	return ret;
}
