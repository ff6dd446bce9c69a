/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * drop.c - names and descriptions of the drop reasons in drop.h.
 */
#include <string.h>

#include "drop.h"

static const char *const drop_names[DROP_MAX] = {
#define DROP_NAME_(sym, name, desc) [DROP_##sym] = name,
	DROP_REASONS(DROP_NAME_)
#undef DROP_NAME_
};

static const char *const drop_descs[DROP_MAX] = {
#define DROP_DESC_(sym, name, desc) [DROP_##sym] = desc,
	DROP_REASONS(DROP_DESC_)
#undef DROP_DESC_
};

/**
 * drop_name() - User-visible name of a reason
 * @r:		Reason
 *
 * Return: name such as "tx-full", or "unknown" for out-of-range values
 */
const char *drop_name(enum drop_reason r)
{
	return (unsigned int)r < DROP_MAX ? drop_names[r] : "unknown";
}

/**
 * drop_desc() - One-line description of a reason
 * @r:		Reason
 *
 * Return: description, or "unknown" for out-of-range values
 */
const char *drop_desc(enum drop_reason r)
{
	return (unsigned int)r < DROP_MAX ? drop_descs[r] : "unknown";
}

/**
 * drop_from_name() - Reverse lookup
 * @name:	User-visible name
 *
 * Return: reason, or -1 if @name is not a reason
 */
int drop_from_name(const char *name)
{
	int i;

	for (i = 0; i < DROP_MAX; i++)
		if (strcmp(drop_names[i], name) == 0)
			return i;
	return -1;
}
