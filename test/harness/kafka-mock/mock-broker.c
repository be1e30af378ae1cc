/*
 * mock-broker: a Kafka-protocol broker for tests, built on librdkafka's mock cluster
 * (Debian's librdkafka-dev, `librdkafka/rdkafka_mock.h`). The test harness compiles it on first
 * use (see build-mock-broker.ts) and talks to it through the control port.
 *
 *   mock-broker [--brokers N] [--control-port P] [--exit-with-parent] [topic:partitions ...]
 *
 * On start it prints, one per line on stdout:
 *   bootstrap 127.0.0.1:P1,127.0.0.1:P2,...
 *   control 127.0.0.1:P
 *   controller <id>            (or "controller-unset <reason>" if the fix below could not apply)
 *   ready
 *
 * Commands are lines on stdin or on the TCP control port, each answered "ok" or "error <why>":
 *   ping
 *   broker <id> down | broker <id> up
 *   rtt <id> <ms>
 *   push_errors <apikey> <errcode> [<errcode>...]
 *   clear_errors <apikey>
 *   create_topic <name> <partitions> [<replication>]
 *   leader <topic> <partition> <broker id>
 *   controller <broker id>
 *
 * stdin reaching EOF does not stop it (so it can run detached); SIGTERM or SIGINT does.
 * --exit-with-parent makes it stop when the process that started it dies, even by SIGKILL,
 * so a crashed test run never leaves a broker behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#define MAX_BROKERS 16
#define MAX_CLIENTS 32
#define LINE_MAX_LEN 1024
#define MAX_ARGS 64

typedef struct {
        int fd;
        size_t len;
        char buf[LINE_MAX_LEN];
} line_reader_t;

static volatile sig_atomic_t stop_requested = 0;

static rd_kafka_mock_cluster_t *mcluster;
static int broker_cnt = 3;
static int broker_up[MAX_BROKERS + 1];
/* Points into librdkafka's private cluster struct; NULL when the layout check failed. */
static int32_t *controller_field;

static void on_signal(int sig) {
        (void)sig;
        stop_requested = 1;
}

static int replication_for(int requested) {
        if (requested > 0)
                return requested < broker_cnt ? requested : broker_cnt;
        return broker_cnt < 3 ? broker_cnt : 3;
}

/*
 * librdkafka 2.0.2's mock cluster answers Metadata with ControllerId = mcluster->controller_id,
 * a field it never assigns, so clients see controller 0 while brokers are numbered from 1.
 * kafkajs sends InitProducerId (idempotent producer) and admin requests to the controller and
 * fails. The struct is private (rdkafka_mock_int.h is not installed); its head has been stable
 * since the mock cluster was added:
 *
 *   struct rd_kafka_mock_cluster_s {
 *           char id[32];
 *           rd_kafka_t *rk;
 *           int32_t controller_id;
 *           TAILQ_HEAD(, rd_kafka_mock_broker_s) brokers;   (first, last-pointer)
 *           int broker_cnt;
 *           ...
 *
 * Rather than trusting fixed offsets we find `rk` by value (we know it), then only accept the
 * candidate if every neighbour holds what it must: a 0 controller id, a non-NULL first broker
 * whose id is in 1..broker_cnt, and broker_cnt itself. Any mismatch leaves the struct alone and
 * reports "controller-unset" so a different librdkafka fails loudly instead of corrupting memory.
 */
static size_t align_up(size_t value, size_t alignment) {
        return (value + alignment - 1) / alignment * alignment;
}

static const char *locate_controller_field(rd_kafka_t *rk) {
        unsigned char *base = (unsigned char *)mcluster;
        size_t off;

        for (off = 0; off <= 128; off += sizeof(void *)) {
                rd_kafka_t *candidate;
                int32_t controller;
                void *first_broker;
                int cnt;
                int32_t first_id;
                size_t controller_off = off + sizeof(void *);
                size_t brokers_off = align_up(controller_off + sizeof(int32_t), sizeof(void *));
                size_t cnt_off = brokers_off + 2 * sizeof(void *);

                memcpy(&candidate, base + off, sizeof candidate);
                if (candidate != rk)
                        continue;
                /* The cluster id (char[32]) precedes rk and is a NUL-terminated string. */
                if (off != 32 || memchr(base, '\0', 32) == NULL)
                        return "rk found at an unexpected offset";
                memcpy(&controller, base + controller_off, sizeof controller);
                memcpy(&first_broker, base + brokers_off, sizeof first_broker);
                memcpy(&cnt, base + cnt_off, sizeof cnt);
                if (controller != 0 && controller != -1)
                        return "controller id already set";
                if (cnt != broker_cnt)
                        return "broker count does not match";
                if (first_broker == NULL)
                        return "broker list is empty";
                /* Broker struct: TAILQ_ENTRY link (two pointers), then int32_t id. */
                memcpy(&first_id, (unsigned char *)first_broker + 2 * sizeof(void *), sizeof first_id);
                if (first_id < 1 || first_id > broker_cnt)
                        return "first broker id out of range";
                controller_field = (int32_t *)(base + controller_off);
                return NULL;
        }
        return "rk pointer not found in the cluster struct";
}

static void set_controller(int32_t id) {
        /* An aligned int32 store; the mock thread only reads it when building Metadata. */
        __atomic_store_n(controller_field, id, __ATOMIC_SEQ_CST);
}

/* Like a real cluster, a controller that goes down hands over to the lowest live broker. */
static void move_controller_off(int32_t down_id) {
        int id;
        if (controller_field == NULL || __atomic_load_n(controller_field, __ATOMIC_SEQ_CST) != down_id)
                return;
        for (id = 1; id <= broker_cnt; id++) {
                if (broker_up[id]) {
                        set_controller(id);
                        return;
                }
        }
}

static int parse_int(const char *text, long min, long max, long *out) {
        char *end;
        long value;
        errno = 0;
        value = strtol(text, &end, 10);
        if (errno != 0 || end == text || *end != '\0' || value < min || value > max)
                return -1;
        *out = value;
        return 0;
}

static void reply(char *out, size_t out_size, const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(out, out_size, fmt, ap);
        va_end(ap);
}

static void reply_err(char *out, size_t out_size, rd_kafka_resp_err_t err) {
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
                reply(out, out_size, "ok");
        else
                reply(out, out_size, "error %s", rd_kafka_err2str(err));
}

static int parse_broker(const char *text, char *out, size_t out_size) {
        long id;
        if (parse_int(text, 1, broker_cnt, &id) != 0) {
                reply(out, out_size, "error broker id must be 1..%d", broker_cnt);
                return -1;
        }
        return (int)id;
}

static void cmd_broker(int argc, char **argv, char *out, size_t out_size) {
        int id;
        if (argc != 3 || (strcmp(argv[2], "down") != 0 && strcmp(argv[2], "up") != 0)) {
                reply(out, out_size, "error usage: broker <id> down|up");
                return;
        }
        if ((id = parse_broker(argv[1], out, out_size)) < 0)
                return;
        if (strcmp(argv[2], "down") == 0) {
                rd_kafka_resp_err_t err = rd_kafka_mock_broker_set_down(mcluster, id);
                if (!err) {
                        broker_up[id] = 0;
                        move_controller_off(id);
                }
                reply_err(out, out_size, err);
        } else {
                rd_kafka_resp_err_t err = rd_kafka_mock_broker_set_up(mcluster, id);
                if (!err)
                        broker_up[id] = 1;
                reply_err(out, out_size, err);
        }
}

static void cmd_rtt(int argc, char **argv, char *out, size_t out_size) {
        int id;
        long ms;
        if (argc != 3) {
                reply(out, out_size, "error usage: rtt <id> <ms>");
                return;
        }
        if ((id = parse_broker(argv[1], out, out_size)) < 0)
                return;
        if (parse_int(argv[2], 0, 600000, &ms) != 0) {
                reply(out, out_size, "error rtt must be 0..600000 ms");
                return;
        }
        reply_err(out, out_size, rd_kafka_mock_broker_set_rtt(mcluster, id, (int)ms));
}

static void cmd_push_errors(int argc, char **argv, char *out, size_t out_size) {
        rd_kafka_resp_err_t errs[MAX_ARGS];
        long apikey, code;
        int i;
        if (argc < 3) {
                reply(out, out_size, "error usage: push_errors <apikey> <errcode> [<errcode>...]");
                return;
        }
        if (parse_int(argv[1], 0, 32767, &apikey) != 0) {
                reply(out, out_size, "error bad apikey '%s'", argv[1]);
                return;
        }
        for (i = 2; i < argc; i++) {
                if (parse_int(argv[i], -32768, 32767, &code) != 0) {
                        reply(out, out_size, "error bad error code '%s'", argv[i]);
                        return;
                }
                errs[i - 2] = (rd_kafka_resp_err_t)code;
        }
        rd_kafka_mock_push_request_errors_array(mcluster, (int16_t)apikey, (size_t)(argc - 2), errs);
        reply(out, out_size, "ok");
}

static void cmd_clear_errors(int argc, char **argv, char *out, size_t out_size) {
        long apikey;
        if (argc != 2 || parse_int(argv[1], 0, 32767, &apikey) != 0) {
                reply(out, out_size, "error usage: clear_errors <apikey>");
                return;
        }
        rd_kafka_mock_clear_request_errors(mcluster, (int16_t)apikey);
        reply(out, out_size, "ok");
}

static rd_kafka_resp_err_t create_topic(const char *name, int partitions, int replication) {
        return rd_kafka_mock_topic_create(mcluster, name, partitions, replication_for(replication));
}

static void cmd_create_topic(int argc, char **argv, char *out, size_t out_size) {
        long partitions, replication = 0;
        if (argc != 3 && argc != 4) {
                reply(out, out_size, "error usage: create_topic <name> <partitions> [<replication>]");
                return;
        }
        if (parse_int(argv[2], 1, 100000, &partitions) != 0 ||
            (argc == 4 && parse_int(argv[3], 1, broker_cnt, &replication) != 0)) {
                reply(out, out_size, "error bad partition count or replication factor");
                return;
        }
        reply_err(out, out_size, create_topic(argv[1], (int)partitions, (int)replication));
}

static void cmd_leader(int argc, char **argv, char *out, size_t out_size) {
        long partition;
        int id;
        if (argc != 4 || parse_int(argv[2], 0, 100000, &partition) != 0) {
                reply(out, out_size, "error usage: leader <topic> <partition> <broker id>");
                return;
        }
        if ((id = parse_broker(argv[3], out, out_size)) < 0)
                return;
        reply_err(out, out_size, rd_kafka_mock_partition_set_leader(mcluster, argv[1], (int32_t)partition, id));
}

static void cmd_controller(int argc, char **argv, char *out, size_t out_size) {
        int id;
        if (argc != 2) {
                reply(out, out_size, "error usage: controller <broker id>");
                return;
        }
        if ((id = parse_broker(argv[1], out, out_size)) < 0)
                return;
        if (controller_field == NULL) {
                reply(out, out_size, "error controller id cannot be set with this librdkafka");
                return;
        }
        set_controller(id);
        reply(out, out_size, "ok");
}

static void run_command(char *line, char *out, size_t out_size) {
        char *argv[MAX_ARGS];
        int argc = 0;
        char *save = NULL;
        char *tok;

        for (tok = strtok_r(line, " \t\r", &save); tok && argc < MAX_ARGS; tok = strtok_r(NULL, " \t\r", &save))
                argv[argc++] = tok;
        if (argc == 0)
                reply(out, out_size, "error empty command");
        else if (strcmp(argv[0], "ping") == 0)
                reply(out, out_size, "ok");
        else if (strcmp(argv[0], "broker") == 0)
                cmd_broker(argc, argv, out, out_size);
        else if (strcmp(argv[0], "rtt") == 0)
                cmd_rtt(argc, argv, out, out_size);
        else if (strcmp(argv[0], "push_errors") == 0)
                cmd_push_errors(argc, argv, out, out_size);
        else if (strcmp(argv[0], "clear_errors") == 0)
                cmd_clear_errors(argc, argv, out, out_size);
        else if (strcmp(argv[0], "create_topic") == 0)
                cmd_create_topic(argc, argv, out, out_size);
        else if (strcmp(argv[0], "leader") == 0)
                cmd_leader(argc, argv, out, out_size);
        else if (strcmp(argv[0], "controller") == 0)
                cmd_controller(argc, argv, out, out_size);
        else
                reply(out, out_size, "error unknown command '%s'", argv[0]);
}

static void write_all(int fd, const char *data, size_t len) {
        while (len > 0) {
                ssize_t n = fd == STDOUT_FILENO ? write(fd, data, len) : send(fd, data, len, MSG_NOSIGNAL);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        return; /* The peer went away; nothing useful to do. */
                data += n;
                len -= (size_t)n;
        }
}

/* Reads what is available; runs each complete line. Returns -1 on EOF or error. */
static int pump_lines(line_reader_t *reader, int reply_fd) {
        ssize_t n = read(reader->fd, reader->buf + reader->len, sizeof reader->buf - reader->len - 1);
        char *start, *nl;
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
                return 0;
        if (n <= 0)
                return -1;
        reader->len += (size_t)n;
        reader->buf[reader->len] = '\0';
        start = reader->buf;
        while ((nl = strchr(start, '\n')) != NULL) {
                char out[512];
                *nl = '\0';
                run_command(start, out, sizeof out - 1);
                strcat(out, "\n");
                write_all(reply_fd, out, strlen(out));
                start = nl + 1;
        }
        reader->len -= (size_t)(start - reader->buf);
        memmove(reader->buf, start, reader->len);
        if (reader->len == sizeof reader->buf - 1)
                reader->len = 0; /* An over-long line is dropped rather than wedging the reader. */
        return 0;
}

static int open_control_port(int port, int *bound_port) {
        struct sockaddr_in addr;
        socklen_t addr_len = sizeof addr;
        int one = 1;
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        memset(&addr, 0, sizeof addr);
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons((uint16_t)port);
        if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 16) != 0 ||
            getsockname(fd, (struct sockaddr *)&addr, &addr_len) != 0) {
                close(fd);
                return -1;
        }
        *bound_port = ntohs(addr.sin_port);
        return fd;
}

static void usage(void) {
        fprintf(stderr,
                "usage: mock-broker [--brokers N] [--control-port P] [--exit-with-parent] "
                "[topic:partitions ...]\n");
}

static void serve(int listen_fd, int exit_with_parent) {
        line_reader_t stdin_reader = {STDIN_FILENO, 0, {0}};
        line_reader_t clients[MAX_CLIENTS];
        int client_cnt = 0;
        int stdin_open = 1;
        pid_t parent = getppid();

        while (!stop_requested) {
                struct pollfd fds[2 + MAX_CLIENTS];
                int nfds = 0, listen_idx, stdin_idx = -1, first_client, i;

                listen_idx = nfds;
                fds[nfds++] = (struct pollfd){listen_fd, POLLIN, 0};
                if (stdin_open) {
                        stdin_idx = nfds;
                        fds[nfds++] = (struct pollfd){STDIN_FILENO, POLLIN, 0};
                }
                first_client = nfds;
                for (i = 0; i < client_cnt; i++)
                        fds[nfds++] = (struct pollfd){clients[i].fd, POLLIN, 0};

                /* The timeout bounds how late we notice a dead parent. */
                if (poll(fds, (nfds_t)nfds, 200) < 0 && errno != EINTR)
                        break;
                if (exit_with_parent && getppid() != parent)
                        break;

                if (stdin_idx >= 0 && fds[stdin_idx].revents) {
                        /* EOF on stdin only stops reading it: detached runs have no stdin. */
                        if (pump_lines(&stdin_reader, STDOUT_FILENO) < 0)
                                stdin_open = 0;
                }
                for (i = client_cnt - 1; i >= 0; i--) {
                        if (fds[first_client + i].revents && pump_lines(&clients[i], clients[i].fd) < 0) {
                                close(clients[i].fd);
                                clients[i] = clients[--client_cnt];
                        }
                }
                if (fds[listen_idx].revents & POLLIN) {
                        int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
                        if (fd >= 0 && client_cnt < MAX_CLIENTS) {
                                clients[client_cnt].fd = fd;
                                clients[client_cnt].len = 0;
                                client_cnt++;
                        } else if (fd >= 0) {
                                write_all(fd, "error too many control connections\n", 36);
                                close(fd);
                        }
                }
        }
        for (int i = 0; i < client_cnt; i++)
                close(clients[i].fd);
}

int main(int argc, char **argv) {
        char errstr[512];
        rd_kafka_conf_t *conf;
        rd_kafka_t *rk;
        const char *controller_problem;
        int control_port = 0, bound_port = 0, exit_with_parent = 0;
        int listen_fd, i, first_topic;
        struct sigaction sa;

        for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
                long value;
                if (strcmp(argv[i], "--brokers") == 0 && i + 1 < argc &&
                    parse_int(argv[i + 1], 1, MAX_BROKERS, &value) == 0) {
                        broker_cnt = (int)value;
                        i++;
                } else if (strcmp(argv[i], "--control-port") == 0 && i + 1 < argc &&
                           parse_int(argv[i + 1], 0, 65535, &value) == 0) {
                        control_port = (int)value;
                        i++;
                } else if (strcmp(argv[i], "--exit-with-parent") == 0) {
                        exit_with_parent = 1;
                } else {
                        usage();
                        return 2;
                }
        }
        first_topic = i;

        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal; /* No SA_RESTART: poll() must wake up on a signal. */
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        signal(SIGPIPE, SIG_IGN);

        conf = rd_kafka_conf_new();
        /* The handle only hosts the mock cluster; keep its own logging to warnings and worse. */
        rd_kafka_conf_set(conf, "log_level", "4", errstr, sizeof errstr);
        rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
        if (!rk) {
                fprintf(stderr, "mock-broker: rd_kafka_new: %s\n", errstr);
                return 1;
        }
        mcluster = rd_kafka_mock_cluster_new(rk, broker_cnt);
        if (!mcluster) {
                fprintf(stderr, "mock-broker: could not create the mock cluster\n");
                rd_kafka_destroy(rk);
                return 1;
        }
        for (i = 1; i <= broker_cnt; i++)
                broker_up[i] = 1;

        controller_problem = locate_controller_field(rk);
        if (controller_problem == NULL)
                set_controller(1);

        for (i = first_topic; i < argc; i++) {
                /* Topic names may contain ':' in principle, so split on the last one. */
                char *colon = strrchr(argv[i], ':');
                long partitions = 0;
                rd_kafka_resp_err_t err;
                if (colon == NULL || colon == argv[i] || parse_int(colon + 1, 1, 100000, &partitions) != 0) {
                        fprintf(stderr, "mock-broker: bad topic spec '%s' (want name:partitions)\n", argv[i]);
                        goto fail;
                }
                *colon = '\0';
                err = create_topic(argv[i], (int)partitions, 0);
                if (err) {
                        fprintf(stderr, "mock-broker: create topic %s: %s\n", argv[i], rd_kafka_err2str(err));
                        goto fail;
                }
        }

        listen_fd = open_control_port(control_port, &bound_port);
        if (listen_fd < 0) {
                fprintf(stderr, "mock-broker: control port %d: %s\n", control_port, strerror(errno));
                goto fail;
        }

        printf("bootstrap %s\n", rd_kafka_mock_cluster_bootstraps(mcluster));
        printf("control 127.0.0.1:%d\n", bound_port);
        if (controller_problem == NULL)
                printf("controller 1\n");
        else
                printf("controller-unset %s\n", controller_problem);
        printf("ready\n");
        fflush(stdout);

        serve(listen_fd, exit_with_parent);

        close(listen_fd);
        rd_kafka_mock_cluster_destroy(mcluster);
        rd_kafka_destroy(rk);
        return 0;

fail:
        rd_kafka_mock_cluster_destroy(mcluster);
        rd_kafka_destroy(rk);
        return 1;
}
