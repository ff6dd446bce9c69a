/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * log.h - daemon logging: one line per event, rate-limited on the packet path.
 *
 * Control and service code log directly; PMD threads use LOG_RL() so a guest
 * that sends garbage cannot flood the log.
 */
#ifndef VSW_LOG_H
#define VSW_LOG_H

#include <stdbool.h>
#include <stdint.h>

enum log_level { LOG_LVL_ERR, LOG_LVL_WARN, LOG_LVL_INFO, LOG_LVL_DEBUG };

void log_init(enum log_level level, bool use_syslog);
int log_level_parse(const char *str, enum log_level *level);
enum log_level log_get_level(void);
void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *log_last_error(void);
bool log_ratelimit(uint64_t *last_tsc, uint32_t *suppressed);

#define VLOG_ERR(...)	log_msg(LOG_LVL_ERR, __VA_ARGS__)
#define VLOG_WARN(...)	log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define VLOG_INFO(...)	log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define VLOG_DEBUG(...)	log_msg(LOG_LVL_DEBUG, __VA_ARGS__)

/* At most one line per call site per second; suppressed lines are counted. */
#define VLOG_RL(level, fmt, ...) do {					\
	static __thread uint64_t log_rl_last_;				\
	static __thread uint32_t log_rl_supp_;				\
	if (log_ratelimit(&log_rl_last_, &log_rl_supp_)) {		\
		log_msg(level, fmt " (%u similar suppressed)",		\
			##__VA_ARGS__, log_rl_supp_);			\
		log_rl_supp_ = 0;					\
	}								\
} while (0)

#endif /* VSW_LOG_H */
