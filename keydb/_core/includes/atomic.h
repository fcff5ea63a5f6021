/* Relaxed and sequentially consistent atomics over GCC builtins, typed so
 * Cython can declare them. Counters use relaxed order; flags that publish
 * state between threads use acquire/release. */
#ifndef KEYDB_ATOMIC_H
#define KEYDB_ATOMIC_H
#include <stdint.h>
static inline long long atomic_add_ll(long long *p, long long v) { return __atomic_add_fetch(p, v, __ATOMIC_RELAXED); }
static inline long long atomic_get_ll(long long *p) { return __atomic_load_n(p, __ATOMIC_RELAXED); }
static inline void atomic_set_ll(long long *p, long long v) { __atomic_store_n(p, v, __ATOMIC_RELAXED); }
static inline int atomic_get_int(int *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static inline void atomic_set_int(int *p, int v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
static inline int atomic_add_int(int *p, int v) { return __atomic_add_fetch(p, v, __ATOMIC_ACQ_REL); }
static inline uint64_t atomic_incr_u64(uint64_t *p) { return __atomic_add_fetch(p, 1, __ATOMIC_RELAXED); }
#endif
