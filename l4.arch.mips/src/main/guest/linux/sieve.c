/*
 * The CPU-bound guest program: ROUNDS sieves of Eratosthenes over 64 Ki flags (argv[1], default
 * 2000: about 2.1 billion instructions), a running checksum, the result written to fd 1, exit 0.
 * Freestanding Linux n64 ABI, so the same binary runs under qemu-mips64el and under l4:exec.
 */
#include "linux.h"

#define N 65536

static unsigned char composite[N];

static unsigned long sieve(void)
{
    unsigned long primes = 0;
    for (long i = 0; i < N; i++) composite[i] = 0;
    for (long i = 2; i < N; i++) {
        if (composite[i]) continue;
        primes++;
        for (long j = i * i; j < N; j += i) composite[j] = 1;
    }
    return primes;
}

int main(int argc, char **argv)
{
    unsigned long rounds = 2000;
    if (argc > 1) {
        rounds = 0;
        for (const char *s = argv[1]; *s >= '0' && *s <= '9'; s++) rounds = rounds * 10 + (unsigned long) (*s - '0');
    }
    unsigned long sum = 0, primes = 0;
    for (unsigned long r = 0; r < rounds; r++) {
        primes = sieve();
        sum = sum * 31 + primes + r;
    }
    linux_puts(1, "primes below 65536: ");
    linux_putu(1, primes);
    linux_puts(1, "\nchecksum: ");
    linux_putu(1, sum);
    linux_puts(1, "\n");
    return 0;
}
