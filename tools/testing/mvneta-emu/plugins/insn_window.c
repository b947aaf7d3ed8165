/*
 * insn_window - count guest instructions over a window the host marks
 *
 *   -plugin insn_window.so,sock=/path/to/control
 *
 * The plugin listens on a Unix stream socket; each line is a command:
 *   start   zero the counters and start counting
 *   stop    stop counting; answers "<total> <vcpu0> <vcpu1> ..."
 *   read    answers the same without stopping
 *   dump F  writes "<guest pc> <instructions>" for every translation block
 *           that ran in the last window to file F (a profile), answers ok
 *
 * Counting is per translation block executed, in a per-vCPU counter, so
 * no two threads write the same word.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <glib.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MAX_VCPUS 64

typedef struct {
    uint64_t insns;
    char pad[56];       /* one cache line each */
} VcpuCount;

static VcpuCount counts[MAX_VCPUS];
static volatile int counting;

/* One per guest PC a block starts at; hits kept per vCPU, race-free. */
typedef struct {
    uint64_t pc;
    uint64_t n_insns;
    uint64_t hits[MAX_VCPUS];
} BlockRec;

static GHashTable *blocks;      /* pc -> BlockRec */
static GMutex blocks_lock;
static int listen_fd = -1;
static char sock_path[108];

static void tb_exec(unsigned int vcpu, void *udata)
{
    BlockRec *b = udata;

    if (counting && vcpu < MAX_VCPUS) {
        counts[vcpu].insns += b->n_insns;
        b->hits[vcpu]++;
    }
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    uint64_t pc = qemu_plugin_tb_vaddr(tb);
    uint64_t n = qemu_plugin_tb_n_insns(tb);
    uint64_t key = pc ^ (n << 56);
    BlockRec *b;

    g_mutex_lock(&blocks_lock);
    b = g_hash_table_lookup(blocks, &key);
    if (!b) {
        b = g_new0(BlockRec, 1);
        b->pc = pc;
        b->n_insns = n;
        g_hash_table_insert(blocks, g_memdup2(&key, sizeof(key)), b);
    }
    g_mutex_unlock(&blocks_lock);
    qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS,
                                         b);
}

static void clear_hits(gpointer key, gpointer value, gpointer data)
{
    BlockRec *b = value;

    memset(b->hits, 0, sizeof(b->hits));
}

static void dump_block(gpointer key, gpointer value, gpointer data)
{
    BlockRec *b = value;
    uint64_t hits = 0;
    int i;

    for (i = 0; i < MAX_VCPUS; i++) {
        hits += b->hits[i];
    }
    if (hits) {
        fprintf(data, "%" PRIx64 " %" PRIu64 "\n", b->pc, hits * b->n_insns);
    }
}

static int dump(const char *path)
{
    FILE *f = fopen(path, "w");

    if (!f) {
        return -1;
    }
    g_mutex_lock(&blocks_lock);
    g_hash_table_foreach(blocks, dump_block, f);
    g_mutex_unlock(&blocks_lock);
    return fclose(f);
}

static int report(char *buf, size_t len)
{
    uint64_t total = 0;
    int i, n;

    for (i = 0; i < MAX_VCPUS; i++) {
        total += counts[i].insns;
    }
    n = snprintf(buf, len, "%" PRIu64, total);
    for (i = 0; i < MAX_VCPUS && n < (int)len - 24; i++) {
        if (counts[i].insns) {
            n += snprintf(buf + n, len - n, " %" PRIu64, counts[i].insns);
        }
    }
    n += snprintf(buf + n, len - n, "\n");
    return n;
}

static void serve(int fd)
{
    char line[512], out[2048];
    size_t used = 0;
    ssize_t r;

    while ((r = read(fd, line + used, sizeof(line) - 1 - used)) > 0) {
        char *nl;

        used += r;
        line[used] = 0;
        while ((nl = strchr(line, '\n'))) {
            int n = 0;

            *nl = 0;
            if (!strcmp(line, "start")) {
                counting = 0;
                memset(counts, 0, sizeof(counts));
                g_mutex_lock(&blocks_lock);
                g_hash_table_foreach(blocks, clear_hits, NULL);
                g_mutex_unlock(&blocks_lock);
                counting = 1;
                n = snprintf(out, sizeof(out), "ok\n");
            } else if (!strcmp(line, "stop")) {
                counting = 0;
                n = report(out, sizeof(out));
            } else if (!strcmp(line, "read")) {
                n = report(out, sizeof(out));
            } else if (!strncmp(line, "dump ", 5)) {
                n = snprintf(out, sizeof(out), dump(line + 5) ?
                             "error: cannot write the profile\n" : "ok\n");
            } else {
                n = snprintf(out, sizeof(out), "error: unknown command\n");
            }
            if (write(fd, out, n) != n) {
                return;
            }
            used -= nl + 1 - line;
            memmove(line, nl + 1, used + 1);
        }
        if (used == sizeof(line) - 1) {
            used = 0;       /* overlong line: drop it */
        }
    }
}

static void *control_thread(void *arg)
{
    for (;;) {
        int fd = accept(listen_fd, NULL, NULL);

        if (fd < 0) {
            return NULL;
        }
        serve(fd);
        close(fd);
    }
}

static void plugin_exit(qemu_plugin_id_t id, void *p)
{
    if (listen_fd >= 0) {
        close(listen_fd);
        unlink(sock_path);
    }
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    pthread_t th;
    int i;

    for (i = 0; i < argc; i++) {
        if (g_str_has_prefix(argv[i], "sock=")) {
            g_strlcpy(sock_path, argv[i] + 5, sizeof(sock_path));
        }
    }
    if (!sock_path[0]) {
        fprintf(stderr, "insn_window: sock=PATH is required\n");
        return -1;
    }
    if (info->system_emulation && info->system.max_vcpus > MAX_VCPUS) {
        fprintf(stderr, "insn_window: at most %d vCPUs\n", MAX_VCPUS);
        return -1;
    }
    unlink(sock_path);
    g_strlcpy(sa.sun_path, sock_path, sizeof(sa.sun_path));
    listen_fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&sa, sizeof(sa)) ||
        listen(listen_fd, 1)) {
        perror("insn_window: control socket");
        return -1;
    }
    if (pthread_create(&th, NULL, control_thread, NULL)) {
        return -1;
    }
    pthread_detach(th);
    blocks = g_hash_table_new(g_int64_hash, g_int64_equal);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
