/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * log.c - daemon logging to stderr (foreground) or syslog (daemonized).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>

#include <rte_cycles.h>

#include "log.h"

static enum log_level log_level_cur = LOG_LVL_INFO;
static bool log_syslog;
static char log_last_err[1024];

static const char *const log_names[] = {
	[LOG_LVL_ERR] = "error", [LOG_LVL_WARN] = "warn",
	[LOG_LVL_INFO] = "info", [LOG_LVL_DEBUG] = "debug",
};

/**
 * log_init() - Set the level and the sink
 * @level:	Most verbose level printed
 * @use_syslog:	true to log to syslog (daemon mode), false for stderr
 */
void log_init(enum log_level level, bool use_syslog)
{
	log_level_cur = level;
	log_syslog = use_syslog;
	if (use_syslog)
		openlog("vswitchd", LOG_PID, LOG_DAEMON);
}

/**
 * log_level_parse() - Parse a level name
 * @str:	"error", "warn", "info" or "debug"
 * @level:	Output
 *
 * Return: 0 on success, -1 for unknown names
 */
int log_level_parse(const char *str, enum log_level *level)
{
	unsigned int i;

	for (i = 0; i < sizeof(log_names) / sizeof(log_names[0]); i++) {
		if (strcasecmp(str, log_names[i]) == 0) {
			*level = (enum log_level)i;
			return 0;
		}
	}
	return -1;
}

/**
 * log_get_level() - Current level
 *
 * Return: the most verbose level printed
 */
enum log_level log_get_level(void)
{
	return log_level_cur;
}

/**
 * log_msg() - Log one line
 * @level:	Severity
 * @fmt:	printf format, without trailing newline
 */
void log_msg(enum log_level level, const char *fmt, ...)
{
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	char line[1024];
	struct timespec ts;
	struct tm tm;
	va_list ap;

	if (level > log_level_cur && level != LOG_LVL_ERR)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (level == LOG_LVL_ERR)
		snprintf(log_last_err, sizeof(log_last_err), "%s", line);
	if (log_syslog) {
		syslog(prio[level], "%s", line);
		return;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	fprintf(stderr, "%04d-%02d-%02dT%02d:%02d:%02d.%03ld vswitchd %s: %s\n",
		tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000, log_names[level], line);
}

/**
 * log_last_error() - The most recent error-level line
 *
 * Used to report a start-up failure to the parent of a daemonizing vswitchd.
 *
 * Return: the line, or "" if none was logged
 */
const char *log_last_error(void)
{
	return log_last_err;
}

/**
 * log_ratelimit() - Decide whether a rate-limited call site may log now
 * @last_tsc:	Per call site: TSC of the last line printed
 * @suppressed:	Per call site: lines dropped since; reset when one is allowed
 *
 * Return: true at most once per second per call site
 */
bool log_ratelimit(uint64_t *last_tsc, uint32_t *suppressed)
{
	uint64_t now = rte_get_tsc_cycles();

	if (*last_tsc != 0 && now - *last_tsc < rte_get_tsc_hz()) {
		(*suppressed)++;
		return false;
	}
	*last_tsc = now;
	return true;
}
