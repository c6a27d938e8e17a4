/*
 * CPU-bound guest program for the guest-CPU benchmark (l4.bench.GuestMips): ROUNDS sieves of
 * Eratosthenes over 64 Ki odd/even flags, a running checksum, the result printed with write(1),
 * then exit(0). Freestanding Linux n64 ABI: no libc, only the write and exit system calls, so the
 * same binary runs under qemu-mips64el and on the simulator's minimal harness.
 */
#define N 65536
#ifndef ROUNDS
#define ROUNDS 1000
#endif

static unsigned char composite[N];

static long syscall3(long number, long a0, long a1, long a2)
{
    register long v0 __asm__("$2") = number;
    register long r4 __asm__("$4") = a0;
    register long r5 __asm__("$5") = a1;
    register long r6 __asm__("$6") = a2;
    register long r7 __asm__("$7");
    __asm__ volatile("syscall"
                     : "+r"(v0), "=r"(r7), "+r"(r4), "+r"(r5), "+r"(r6)
                     :
                     : "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$24", "$25",
                       "hi", "lo", "memory");
    return r7 ? -v0 : v0;
}

static void put(const char *s, long n) { syscall3(5001, 1, (long) s, n); }

static void put_number(const char *label, unsigned long v)
{
    char buf[64];
    int i = sizeof buf;
    buf[--i] = '\n';
    do {
        buf[--i] = '0' + v % 10;
        v /= 10;
    } while (v);
    for (; *label; label++) put(label, 1);
    put(buf + i, sizeof buf - i);
}

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

void __start(void)
{
    unsigned long sum = 0, primes = 0;
    for (int r = 0; r < ROUNDS; r++) {
        primes = sieve();
        sum = sum * 31 + primes + r;
    }
    put_number("primes below 65536: ", primes);
    put_number("checksum: ", sum);
    syscall3(5058, 0, 0, 0);
    for (;;) ;
}
