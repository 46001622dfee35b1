/*
 * hpmud-client: drives HPLIP's libhpmud (Debian's libhpmud0) against a USB 1284.4/MLC peripheral, the way
 * HPLIP's own tools and backend do, so usb-e2e can check dot4j's peripheral with HP's host stack.
 *
 *   hpmud-client URI MODE print FILE      open PRINT, write FILE, close; "print: N bytes in S s"
 *   hpmud-client URI MODE scan BYTES      open HP-SCAN, send "SCAN BYTES\n", read BYTES and check them
 *                                         against dot4j's scan pattern (ScanService.patternByte)
 *   hpmud-client URI MODE pml             open HP-MESSAGE, read hrDeviceStatus with hpmud_get_pml
 *
 * MODE: dot4, phoenix, gusher, miser (HPMUD_DOT4_MODE, HPMUD_DOT4_PHOENIX_MODE, HPMUD_MLC_GUSHER_MODE,
 * HPMUD_MLC_MISER_MODE). Exit status 0 only if every step succeeded; errors name the hpmud call and result.
 */
#include <hpmud.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHUNK 16384
#define TIMEOUT_S 45

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int fail(const char *what, enum HPMUD_RESULT r)
{
    fprintf(stderr, "hpmud-client: %s failed: hpmud result %d\n", what, r);
    return 1;
}

/* Byte INDEX of the sim's test image: 1024-byte rows, each starting with its big-endian row number. */
static unsigned char pattern_byte(long index)
{
    long row = index / 1024;
    int column = (int) (index % 1024);
    if (column < 4)
        return (unsigned char) (row >> (8 * (3 - column)));
    return (unsigned char) (column + row);
}

static int do_print(HPMUD_DEVICE dd, const char *file)
{
    HPMUD_CHANNEL cd;
    enum HPMUD_RESULT r;
    static char buf[CHUNK];
    long total = 0;
    size_t n;
    int written;
    double t0 = now();
    FILE *in = fopen(file, "rb");
    if (!in) {
        perror(file);
        return 1;
    }
    if ((r = hpmud_open_channel(dd, HPMUD_S_PRINT_CHANNEL, &cd)) != HPMUD_R_OK)
        return fail("hpmud_open_channel(PRINT)", r);
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
        if ((r = hpmud_write_channel(dd, cd, buf, (int) n, TIMEOUT_S, &written)) != HPMUD_R_OK || written != (int) n) {
            fprintf(stderr, "hpmud-client: write at byte %ld: %d of %zu bytes written\n", total, written, n);
            return fail("hpmud_write_channel(PRINT)", r);
        }
        total += n;
    }
    fclose(in);
    if ((r = hpmud_close_channel(dd, cd)) != HPMUD_R_OK)
        return fail("hpmud_close_channel(PRINT)", r);
    double s = now() - t0;
    printf("print: %ld bytes in %.2f s (%.3f MB/s)\n", total, s, total / s / 1e6);
    return 0;
}

static int do_scan(HPMUD_DEVICE dd, long bytes)
{
    HPMUD_CHANNEL cd;
    enum HPMUD_RESULT r;
    static unsigned char buf[HPMUD_BUFFER_SIZE];
    char request[64];
    long got = 0;
    int n, written;
    double t0 = now();
    if ((r = hpmud_open_channel(dd, HPMUD_S_SCAN_CHANNEL, &cd)) != HPMUD_R_OK)
        return fail("hpmud_open_channel(HP-SCAN)", r);
    snprintf(request, sizeof request, "SCAN %ld\n", bytes);
    if ((r = hpmud_write_channel(dd, cd, request, (int) strlen(request), TIMEOUT_S, &written)) != HPMUD_R_OK)
        return fail("hpmud_write_channel(HP-SCAN request)", r);
    while (got < bytes) {
        if ((r = hpmud_read_channel(dd, cd, buf, sizeof buf, TIMEOUT_S, &n)) != HPMUD_R_OK) {
            fprintf(stderr, "hpmud-client: scan read after %ld of %ld bytes\n", got, bytes);
            return fail("hpmud_read_channel(HP-SCAN)", r);
        }
        for (int i = 0; i < n; i++) {
            if (got + i >= bytes || buf[i] != pattern_byte(got + i)) {
                fprintf(stderr, "hpmud-client: scan byte %ld is 0x%02x, expected 0x%02x\n", got + i, buf[i],
                        got + i < bytes ? pattern_byte(got + i) : 0);
                return 1;
            }
        }
        got += n;
    }
    if ((r = hpmud_close_channel(dd, cd)) != HPMUD_R_OK)
        return fail("hpmud_close_channel(HP-SCAN)", r);
    double s = now() - t0;
    printf("scan: %ld bytes match the pattern, in %.2f s (%.3f MB/s)\n", got, s, got / s / 1e6);
    return 0;
}

static int do_pml(HPMUD_DEVICE dd)
{
    HPMUD_CHANNEL cd;
    enum HPMUD_RESULT r;
    unsigned char value[64];
    int len = 0, type = 0, result = 0;
    if ((r = hpmud_open_channel(dd, HPMUD_S_PML_CHANNEL, &cd)) != HPMUD_R_OK)
        return fail("hpmud_open_channel(HP-MESSAGE)", r);
    /* hrDeviceStatus, as HPLIP's status.py asks for it (pml.OID_DEVICE_STATUS) */
    if ((r = hpmud_get_pml(dd, cd, "1.3.6.1.2.1.25.3.2.1.5.1", value, sizeof value, &len, &type, &result)) != HPMUD_R_OK)
        return fail("hpmud_get_pml(hrDeviceStatus)", r);
    if ((r = hpmud_close_channel(dd, cd)) != HPMUD_R_OK)
        return fail("hpmud_close_channel(HP-MESSAGE)", r);
    printf("pml: hrDeviceStatus type 0x%02x outcome 0x%02x length %d value %d\n", type, result, len, len > 0 ? value[len - 1] : -1);
    return type == 0x04 && result == 0 && len == 1 && value[0] == 2 ? 0 : 1;
}

int main(int argc, char **argv)
{
    static const struct { const char *name; enum HPMUD_IO_MODE mode; } modes[] = {
        {"dot4", HPMUD_DOT4_MODE}, {"phoenix", HPMUD_DOT4_PHOENIX_MODE},
        {"gusher", HPMUD_MLC_GUSHER_MODE}, {"miser", HPMUD_MLC_MISER_MODE},
    };
    enum HPMUD_IO_MODE mode = HPMUD_UNI_MODE;
    int found = 0, status;
    HPMUD_DEVICE dd;
    enum HPMUD_RESULT r;

    if (argc < 4) {
        fprintf(stderr, "usage: hpmud-client URI dot4|phoenix|gusher|miser print FILE | scan BYTES | pml\n");
        return 2;
    }
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
        if (strcmp(argv[2], modes[i].name) == 0) {
            mode = modes[i].mode;
            found = 1;
        }
    if (!found) {
        fprintf(stderr, "hpmud-client: unknown mode %s\n", argv[2]);
        return 2;
    }
    if ((r = hpmud_open_device(argv[1], mode, &dd)) != HPMUD_R_OK)
        return fail("hpmud_open_device", r);
    if (strcmp(argv[3], "print") == 0 && argc == 5)
        status = do_print(dd, argv[4]);
    else if (strcmp(argv[3], "scan") == 0 && argc == 5)
        status = do_scan(dd, atol(argv[4]));
    else if (strcmp(argv[3], "pml") == 0)
        status = do_pml(dd);
    else {
        fprintf(stderr, "hpmud-client: unknown command %s\n", argv[3]);
        status = 2;
    }
    if ((r = hpmud_close_device(dd)) != HPMUD_R_OK && status == 0)
        status = fail("hpmud_close_device", r);
    return status;
}
