// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * discxfer monitor [--json]: one line (or JSON object) per drive event, with
 * the values read when the event arrived, until SIGINT or SIGTERM.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "discxfer.h"
#include "commands.h"

static void print_event(struct discxfer_event *ev, bool json)
{
	enum discxfer_event_type type = discxfer_event_get_type(ev);
	struct discxfer_drive *drive = discxfer_event_get_drive(ev);
	struct discxfer_limits l = { .size = sizeof(l) };
	int r = drive ? discxfer_drive_get_limits(drive, &l) : -ENODEV;

	if (json) {
		printf("{\"event\":\"%s\",\"scsi_address\":",
		       discxfer_event_type_to_string(type));
		discxfer_json_string(stdout, discxfer_event_get_scsi_address(ev));
		if (drive) {
			printf(",\"block_node\":");
			if (discxfer_drive_get_block_node(drive))
				discxfer_json_string(stdout, discxfer_drive_get_block_node(drive));
			else
				printf("null");
			printf(",\"generic_node\":");
			if (discxfer_drive_get_generic_node(drive))
				discxfer_json_string(stdout, discxfer_drive_get_generic_node(drive));
			else
				printf("null");
		}
		if (r == 0)
			printf(",\"source\":\"%s\",\"max_page_aligned_transfer_bytes\":%" PRIu32
			       ",\"max_non_page_aligned_transfer_bytes\":%" PRIu32,
			       discxfer_source_to_string((enum discxfer_source)l.source),
			       l.max_page_aligned_transfer_bytes,
			       l.max_non_page_aligned_transfer_bytes);
		else if (drive)
			printf(",\"error\":\"%s\"", discxfer_strerror(r));
		printf("}\n");
	} else {
		printf("%-8s %s", discxfer_event_type_to_string(type),
		       discxfer_event_get_scsi_address(ev));
		if (r == 0)
			printf(" page-aligned=%" PRIu32 " non-page-aligned=%" PRIu32 " source=%s",
			       l.max_page_aligned_transfer_bytes,
			       l.max_non_page_aligned_transfer_bytes,
			       discxfer_source_to_string((enum discxfer_source)l.source));
		else if (drive)
			printf(" error=\"%s\"", discxfer_strerror(r));
		printf("\n");
	}
	fflush(stdout);
}

int discxfer_cmd_monitor(struct discxfer_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct discxfer_monitor *mon = NULL;
	struct pollfd pfd[2];
	sigset_t mask;
	bool json = false;
	int c, r, sfd, rc = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			printf("Usage: discxfer monitor [--json]\n");
			return 0;
		default:
			fprintf(stderr, "Try 'discxfer monitor --help'.\n");
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "discxfer monitor: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	r = discxfer_monitor_new(ctx, &mon);
	if (r < 0) {
		fprintf(stderr, "discxfer: cannot listen to udev events: %s\n", strerror(-r));
		return 1;
	}
	/* SIGINT/SIGTERM end the loop cleanly, through a signalfd. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sfd < 0) {
		fprintf(stderr, "discxfer: signalfd: %s\n", strerror(errno));
		discxfer_monitor_unref(mon);
		return 1;
	}
	pfd[0].fd = discxfer_monitor_get_fd(mon);
	pfd[0].events = POLLIN;
	pfd[1].fd = sfd;
	pfd[1].events = POLLIN;
	for (;;) {
		struct discxfer_event *ev;

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "discxfer: poll: %s\n", strerror(errno));
			rc = 1;
			break;
		}
		if (pfd[1].revents)
			break;
		while ((r = discxfer_monitor_receive(mon, &ev)) == 0) {
			print_event(ev, json);
			discxfer_event_unref(ev);
		}
		if (r != -EAGAIN) {
			fprintf(stderr, "discxfer: receiving events: %s\n", strerror(-r));
			rc = 1;
			break;
		}
	}
	close(sfd);
	discxfer_monitor_unref(mon);
	return rc;
}
