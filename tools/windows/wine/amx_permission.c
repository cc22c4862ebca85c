/* Wine-only test-harness shim (LD_PRELOAD into Wine's Linux processes); never shipped.
   On Linux a process must ask the kernel before it may use AMX tile registers
   (arch_prctl ARCH_REQ_XCOMP_PERM, XTILEDATA); Windows grants them to every process. A Windows
   program under Wine therefore dies with SIGILL ("illegal instruction") the first time its
   oneDNN/OpenVINO kernels use AMX on a CPU that has it (Sapphire Rapids and later), e.g. SegDesk's
   cpu-bf16 engine. This constructor asks on the program's behalf. */
#include <sys/syscall.h>
#include <unistd.h>
#define ARCH_REQ_XCOMP_PERM 0x1023
#define XFEATURE_XTILEDATA 18
__attribute__((constructor)) static void request_amx(void) {
    syscall(SYS_arch_prctl, ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA);  /* fails harmlessly without AMX */
}
