/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Subcommands of the discxfer tool that live in their own files. */
#ifndef DISCXFER_TOOLS_COMMANDS_H
#define DISCXFER_TOOLS_COMMANDS_H

#include <stdbool.h>
#include <stdio.h>

struct discxfer_ctx;
struct discxfer_drive;
struct discxfer_limits;

int discxfer_cmd_list(struct discxfer_ctx *ctx, int argc, char **argv);
int discxfer_cmd_monitor(struct discxfer_ctx *ctx, int argc, char **argv);
int discxfer_cmd_udev_import(struct discxfer_ctx *ctx, int argc, char **argv);
int discxfer_cmd_udev_trigger(struct discxfer_ctx *ctx, int argc, char **argv);

/* Shared helpers from discxfer.c. */
const char *discxfer_strerror(int r);
int discxfer_open_drive(struct discxfer_ctx *ctx, const char *device,
			struct discxfer_drive **drive);

/* json.c: the command's JSON. */
void discxfer_json_string(FILE *f, const char *s);
void discxfer_json_limits(FILE *f, struct discxfer_drive *drive,
			  const struct discxfer_limits *l);

#endif
