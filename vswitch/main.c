/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * main.c - vswitchd: start-up, the control loop, and orderly shutdown.
 *
 * Start: options -> run/state dirs and the run-dir lock -> state file read
 * (refuse to start if corrupt) -> daemonize -> EAL -> mbuf pool, RCU, FDB ->
 * restore state -> PMD threads -> control socket. The main lcore then runs
 * the control loop: control clients, signals, the clock and FDB aging.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "capture.h"
#include "ctl.h"
#include "dhcp_svc.h"
#include "eth_port.h"
#include "hostif.h"
#include "log.h"
#include "opts.h"
#include "pmd.h"
#include "state.h"
#include "state_file.h"
#include "switch.h"
#include "tap_port.h"
#include "vhost_port.h"

#define PID_FILE_NAME	"vswitchd.pid"

static struct vsw sw;
static struct ctl ctl;

/* Create a directory and its parents. */
static int mkdir_p(const char *path, mode_t mode)
{
	char tmp[256], *p;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(tmp, mode) != 0 && errno != EEXIST)
		return -errno;
	return 0;
}

/* Take the run-dir lock; returns the fd or -1 with a message printed. */
static int lock_run_dir(const char *run_dir)
{
	char path[300], buf[32] = "";
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", run_dir, PID_FILE_NAME);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "vswitchd: cannot open %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		n = pread(fd, buf, sizeof(buf) - 1, 0);
		buf[n > 0 ? n : 0] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		fprintf(stderr, "vswitchd: another vswitchd (pid %s) is already "
			"running with run dir %s\n", buf[0] ? buf : "?", run_dir);
		close(fd);
		return -1;
	}
	return fd;
}

static void write_pid(int fd)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());

	if (ftruncate(fd, 0) != 0 || pwrite(fd, buf, (size_t)len, 0) != len)
		VLOG_WARN("cannot write pid file");
}

/* Fork; the parent waits for the child's start-up result and exits with it. */
static int daemonize(int *notify_fd)
{
	int pfd[2];
	pid_t pid;
	char c = 1;

	if (pipe(pfd) != 0)
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid > 0) {
		char msg[600];
		ssize_t n;

		close(pfd[1]);
		if (read(pfd[0], &c, 1) != 1)
			c = 1;		/* child died before reporting */
		n = read(pfd[0], msg, sizeof(msg) - 1);
		if (c != 0 && n > 0) {
			msg[n] = '\0';
			fprintf(stderr, "vswitchd: %s\n", msg);
		} else if (c != 0) {
			fprintf(stderr, "vswitchd: start-up failed (see syslog)\n");
		}
		_exit(c);
	}
	close(pfd[0]);
	setsid();
	*notify_fd = pfd[1];
	return 0;
}

/* Tell a waiting parent the start-up result; on failure, the last error. */
static void notify_parent(int *fd, char status)
{
	const char *msg = log_last_error();

	if (*fd < 0)
		return;
	if (write(*fd, &status, 1) != 1 ||
	    (status != 0 && write(*fd, msg, strlen(msg)) < 0))
		VLOG_WARN("cannot notify parent");
	close(*fd);
	*fd = -1;
}

static void detach_stdio(void)
{
	int fd = open("/dev/null", O_RDWR);

	if (fd < 0)
		return;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}

static unsigned int allowed_cpus(unsigned int *cpus, unsigned int max)
{
	cpu_set_t set;
	unsigned int i, n = 0;

	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return 0;
	for (i = 0; i < CPU_SETSIZE && n < max; i++)
		if (CPU_ISSET(i, &set))
			cpus[n++] = i;
	return n;
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Control loop; returns on SIGTERM/SIGINT. */
static void control_loop(int sfd)
{
	struct pollfd pfds[3 + CTL_MAX_CLIENTS];	/* signals, rtnetlink, ctl */
	uint64_t start = mono_ms(), last_age = start, last_poll = 0;
	struct nl_sock *mon = hostif_monitor_open();
	bool changed = false;

	if (mon == NULL)
		VLOG_WARN("cannot watch rtnetlink; interface changes are seen "
			  "within a second");
	for (;;) {
		unsigned int n;
		uint64_t now;

		pfds[0] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		pfds[1] = (struct pollfd){ .fd = mon ? hostif_monitor_fd(mon) : -1,
					   .events = POLLIN };
		n = ctl_pollfds(&ctl, pfds + 2);
		if (poll(pfds, n + 2, 100) < 0 && errno != EINTR) {
			VLOG_ERR("poll: %s", strerror(errno));
			hostif_monitor_close(mon);
			return;
		}
		now = mono_ms();
		__atomic_store_n(&sw.now, (uint32_t)((now - start) / 1000) + 1,
				 __ATOMIC_RELAXED);
		if (pfds[0].revents & POLLIN) {
			struct signalfd_siginfo si;

			if (read(sfd, &si, sizeof(si)) == sizeof(si) &&
			    (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT)) {
				VLOG_INFO("signal %u: shutting down", si.ssi_signo);
				hostif_monitor_close(mon);
				return;
			}
		}
		/* a link or forwarding change: let the ports look now, or as
		 * soon as 100 ms have passed since they last did */
		if ((pfds[1].revents & POLLIN) && hostif_monitor_drain(mon))
			changed = true;
		if (changed && now - last_poll >= 100) {
			sw_poll_ports(&sw);
			last_poll = now;
			changed = false;
		}
		ctl_process(&ctl, &sw, pfds + 2, n);
		capture_poll(&sw, ctl_event, &ctl);
		if (now - last_age >= 1000) {
			unsigned int aged = fdb_age(sw.fdb, sw.now);

			if (aged)
				VLOG_DEBUG("fdb: %u entries aged out", aged);
			sw_poll_ports(&sw);
			last_poll = now;
			changed = false;
			last_age = now;
		}
	}
}

int main(int argc, char **argv)
{
	unsigned int cpus[1024], n_cpus, i, lcore;
	int lock_fd, notify_fd = -1, sfd, ret;
	struct opts o;
	struct opts_eal eal;
	char err[512];
	json_t *state;
	sigset_t mask;

	ret = opts_parse(argc, argv, &o, err, sizeof(err));
	if (ret != 0) {
		if (ret > 0)
			return 0;
		fprintf(stderr, "vswitchd: %s\n", err);
		return 2;
	}
	n_cpus = allowed_cpus(cpus, 1024);
	if (o.n_pmds == 0) {
		o.pmd_cpus[0] = n_cpus ? cpus[n_cpus - 1] : 0;
		o.n_pmds = 1;
	}
	for (i = 0; i < o.n_pmds; i++) {
		unsigned int j;
		bool ok = false;

		for (j = 0; j < n_cpus; j++)
			ok |= cpus[j] == o.pmd_cpus[i];
		if (!ok) {
			fprintf(stderr, "vswitchd: --pmd-cores: CPU %u is not "
				"available to this process\n", o.pmd_cpus[i]);
			return 2;
		}
	}
	log_init(o.log_level, !o.foreground);
	if (mkdir_p(o.run_dir, 0755) != 0 || mkdir_p(o.state_dir, 0750) != 0) {
		fprintf(stderr, "vswitchd: cannot create %s or %s: %s\n",
			o.run_dir, o.state_dir, strerror(errno));
		return 1;
	}
	lock_fd = lock_run_dir(o.run_dir);
	if (lock_fd < 0)
		return 1;
	if (state_file_read(o.state_dir, STATE_FILE_NAME, &state, err,
			    sizeof(err)) != 0) {
		fprintf(stderr, "vswitchd: %s\nvswitchd: refusing to start; the "
			"file was left untouched (fix it, or move it away to "
			"start empty)\n", err);
		return 1;
	}
	if (!o.foreground) {
		if (daemonize(&notify_fd) != 0) {
			fprintf(stderr, "vswitchd: cannot daemonize\n");
			return 1;
		}
		detach_stdio();
	}
	write_pid(lock_fd);

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &mask, NULL);	/* threads inherit it */
	signal(SIGPIPE, SIG_IGN);

	sw.hugepages = o.hugepages == OPTS_HP_ON ||
		       (o.hugepages == OPTS_HP_AUTO &&
			opts_hugepages_available(256));
	if (o.hugepages == OPTS_HP_ON && !opts_hugepages_available(256)) {
		VLOG_ERR("--hugepages on: no hugetlbfs mount with 256 MB free");
		goto fail_early;
	}
	if (opts_eal_args(&o, sw.hugepages, cpus, n_cpus, &eal) != 0) {
		VLOG_ERR("EAL arguments too long");
		goto fail_early;
	}
	if (rte_eal_init(eal.argc, eal.argv) < 0) {
		VLOG_ERR("DPDK EAL initialization failed: %s",
			rte_strerror(rte_errno));
		goto fail_early;
	}
	snprintf(sw.run_dir, sizeof(sw.run_dir), "%s", o.run_dir);
	snprintf(sw.state_dir, sizeof(sw.state_dir), "%s", o.state_dir);
	sw.started = time(NULL);
	sw.now = 1;
	sw.n_pmds = o.n_pmds;
	sw.pci = o.pci;
	memcpy(sw.pmd_cpus, o.pmd_cpus, sizeof(sw.pmd_cpus));
	sw.running = true;

	sw.pool = rte_pktmbuf_pool_create("vsw_mbuf", o.mbufs, 256, 0,
					  RTE_MBUF_DEFAULT_BUF_SIZE,
					  rte_socket_id());
	sw.qsv = rte_zmalloc("vsw_rcu", rte_rcu_qsbr_get_memsize(o.n_pmds),
			     RTE_CACHE_LINE_SIZE);
	if (sw.pool == NULL || sw.qsv == NULL ||
	    rte_rcu_qsbr_init(sw.qsv, o.n_pmds) != 0) {
		VLOG_ERR("cannot allocate %u mbufs (try --memory or --mbufs)",
			o.mbufs);
		goto fail_eal;
	}
	sw.fdb = fdb_create("vsw_fdb", VSW_FDB_CAPACITY, (int)rte_socket_id(),
			    sw.qsv);
	sw.pmds = rte_zmalloc("vsw_pmds", sizeof(*sw.pmds) * o.n_pmds,
			   RTE_CACHE_LINE_SIZE);
	tap_port_init(sw.pool);
	eth_port_init(sw.pool, sw.qsv, o.n_pmds, o.pci);
	if (sw.fdb == NULL || sw.pmds == NULL || vhost_port_init(sw.pool, sw.qsv) ||
	    dhcp_svc_init(&sw, err, sizeof(err)) != 0 ||
	    capture_init(&sw, err, sizeof(err)) != 0 || sw_init(&sw) != 0) {
		VLOG_ERR("out of memory during start-up");
		goto fail_eal;
	}
	if (state != NULL) {
		sw.restoring = true;
		ret = state_restore(&sw, state, err, sizeof(err));
		sw.restoring = false;
		json_decref(state);
		if (ret != 0) {
			VLOG_ERR("cannot restore %s/%s: %s; refusing to start, the "
				"file was left untouched", o.state_dir,
				STATE_FILE_NAME, err);
			sw_fini(&sw);
			goto fail_eal;
		}
		VLOG_INFO("restored %u network(s) and %u port(s) from %s",
			 sw.n_nets, sw.n_ports, o.state_dir);
	}
	if (dhcp_svc_load(&sw, err, sizeof(err)) != 0) {
		VLOG_ERR("%s; refusing to start, the file was left untouched "
			 "(fix it, or move it away to forget the leases)", err);
		dhcp_svc_stop(&sw);
		sw_fini(&sw);
		goto fail_eal;
	}
	if (dhcp_svc_start(&sw, err, sizeof(err)) != 0) {
		VLOG_ERR("%s", err);
		dhcp_svc_stop(&sw);
		sw_fini(&sw);
		goto fail_eal;
	}
	i = 0;
	RTE_LCORE_FOREACH_WORKER(lcore) {
		if (i >= o.n_pmds)
			break;
		sw.pmds[i].sw = &sw;
		sw.pmds[i].idx = i;
		sw.pmds[i].lcore = lcore;
		rte_eal_remote_launch(pmd_main, &sw.pmds[i], lcore);
		i++;
	}
	if (ctl_open(&ctl, o.run_dir, err, sizeof(err)) != 0) {
		VLOG_ERR("%s", err);
		goto fail_pmds;
	}
	sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0) {
		VLOG_ERR("signalfd: %s", strerror(errno));
		goto fail_ctl;
	}
	VLOG_INFO("vswitchd %s ready: run dir %s, state dir %s, %u PMD(s), %s, "
		 "%u mbufs", VSW_VERSION, o.run_dir, o.state_dir, o.n_pmds,
		 sw.hugepages ? "hugepages" : "no hugepages (memfd)", o.mbufs);
	notify_parent(&notify_fd, 0);

	control_loop(sfd);

	close(sfd);
	ret = state_save(&sw, err, sizeof(err));
	if (ret != 0)
		VLOG_WARN("final state save failed: %s", err);
	ctl_close(&ctl);
	__atomic_store_n(&sw.running, false, __ATOMIC_RELAXED);
	rte_eal_mp_wait_lcore();
	capture_fini(&sw);
	dhcp_svc_stop(&sw);
	sw_fini(&sw);
	fdb_free(sw.fdb);
	snprintf(err, sizeof(err), "%s", rte_eal_get_runtime_dir());
	rte_eal_cleanup();
	rmdir(err);	/* EAL leaves its (empty) runtime dir behind */
	VLOG_INFO("stopped");
	snprintf(err, sizeof(err), "%s/%s", o.run_dir, PID_FILE_NAME);
	unlink(err);
	return 0;

fail_ctl:
	ctl_close(&ctl);
fail_pmds:
	__atomic_store_n(&sw.running, false, __ATOMIC_RELAXED);
	rte_eal_mp_wait_lcore();
	dhcp_svc_stop(&sw);
	sw_fini(&sw);
fail_eal:
	snprintf(err, sizeof(err), "%s", rte_eal_get_runtime_dir());
	rte_eal_cleanup();
	rmdir(err);
fail_early:
	notify_parent(&notify_fd, 1);
	return 1;
}
