/* Wine-only test-harness shim (tools/windows/wine/make_shims.sh); never shipped. */
/* Complex-math functions that Wine 8.0's ucrtbase.dll only stubs (numpy/scipy call them).
   Exported under their ucrtbase names by ucrtbase.def; everything else forwards to ucrtwine.dll
   (an unmodified copy of Wine's own ucrtbase.dll). MSVC ABI: _Dcomplex/_Lcomplex = {double,double}
   (16 bytes: by hidden pointer), _Fcomplex = {float,float} (8 bytes: in a register) - GCC's
   x86_64-w64-mingw32 struct ABI matches. */
#include <complex.h>
#include <math.h>
#define CMPLX(x, y) __builtin_complex((double)(x), (double)(y))
#define CMPLXF(x, y) __builtin_complex((float)(x), (float)(y))
typedef struct { double re, im; } dcx;
typedef struct { float re, im; } fcx;
static inline double _Complex D(dcx z) { return CMPLX(z.re, z.im); }
static inline dcx DD(double _Complex z) { dcx r = { creal(z), cimag(z) }; return r; }
static inline float _Complex F(fcx z) { return CMPLXF(z.re, z.im); }
static inline fcx FF(float _Complex z) { fcx r = { crealf(z), cimagf(z) }; return r; }
#define C2C(n) dcx s_##n(dcx z) { return DD(n(D(z))); } \
               fcx s_##n##f(fcx z) { return FF(n##f(F(z))); } \
               dcx s_##n##l(dcx z) { return DD(n(D(z))); }
#define C2R(n) double s_##n(dcx z) { return n(D(z)); } \
               float s_##n##f(fcx z) { return n##f(F(z)); } \
               double s_##n##l(dcx z) { return n(D(z)); }
C2C(cexp) C2C(clog) C2C(csqrt) C2C(csin) C2C(ccos) C2C(ctan) C2C(csinh) C2C(ccosh) C2C(ctanh)
C2C(casin) C2C(cacos) C2C(catan) C2C(casinh) C2C(cacosh) C2C(catanh) C2C(conj) C2C(cproj)
C2R(cabs) C2R(carg) C2R(creal) C2R(cimag)
dcx s_clog10(dcx z) { return DD(clog(D(z)) / log(10.0)); }
fcx s_clog10f(fcx z) { return FF(clogf(F(z)) / logf(10.0f)); }
dcx s_clog10l(dcx z) { return s_clog10(z); }
dcx s_cpow(dcx a, dcx b) { return DD(cpow(D(a), D(b))); }
fcx s_cpowf(fcx a, fcx b) { return FF(cpowf(F(a), F(b))); }
dcx s_cpowl(dcx a, dcx b) { return s_cpow(a, b); }
dcx s__Cbuild(double re, double im) { dcx r = { re, im }; return r; }
fcx s__FCbuild(float re, float im) { fcx r = { re, im }; return r; }
dcx s__LCbuild(double re, double im) { dcx r = { re, im }; return r; }
dcx s__Cmulcc(dcx a, dcx b) { return DD(D(a) * D(b)); }
fcx s__FCmulcc(fcx a, fcx b) { return FF(F(a) * F(b)); }
dcx s__LCmulcc(dcx a, dcx b) { return s__Cmulcc(a, b); }
dcx s__Cmulcr(dcx a, double b) { dcx r = { a.re * b, a.im * b }; return r; }
fcx s__FCmulcr(fcx a, float b) { fcx r = { a.re * b, a.im * b }; return r; }
dcx s__LCmulcr(dcx a, double b) { return s__Cmulcr(a, b); }
