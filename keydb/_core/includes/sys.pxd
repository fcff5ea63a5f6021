# POSIX and Linux declarations the core uses: sockets, epoll, eventfd,
# signalfd, pthreads, CPU affinity, clocks. Declarations only.
from libc.stdint cimport uint32_t, uint64_t, uint16_t, uint8_t
from posix.types cimport pid_t

cdef extern from "<sys/types.h>" nogil:
    ctypedef unsigned int socklen_t
    ctypedef unsigned short sa_family_t

cdef extern from "<sys/socket.h>" nogil:
    struct sockaddr:
        sa_family_t sa_family
    struct sockaddr_storage:
        sa_family_t ss_family
    enum: AF_INET, AF_INET6, AF_UNIX, AF_UNSPEC
    enum: SOCK_STREAM, SOCK_NONBLOCK, SOCK_CLOEXEC
    enum: SOL_SOCKET, SO_REUSEADDR, SO_REUSEPORT, SO_KEEPALIVE, SO_ERROR
    enum: SHUT_RDWR, MSG_NOSIGNAL
    int socket(int domain, int type, int protocol)
    int bind(int fd, const sockaddr* addr, socklen_t len)
    int listen(int fd, int backlog)
    int accept4(int fd, sockaddr* addr, socklen_t* len, int flags)
    int setsockopt(int fd, int level, int name, const void* val, socklen_t len)
    int getsockname(int fd, sockaddr* addr, socklen_t* len)
    int getpeername(int fd, sockaddr* addr, socklen_t* len)
    int shutdown(int fd, int how)
    ssize_t send(int fd, const void* buf, size_t n, int flags)
    ssize_t recv(int fd, void* buf, size_t n, int flags)

cdef extern from "<netinet/in.h>" nogil:
    enum: IPPROTO_TCP, IPPROTO_IPV6, IPV6_V6ONLY
    struct in_addr:
        uint32_t s_addr
    struct in6_addr:
        pass
    struct sockaddr_in:
        sa_family_t sin_family
        uint16_t sin_port
        in_addr sin_addr
    struct sockaddr_in6:
        sa_family_t sin6_family
        uint16_t sin6_port
        in6_addr sin6_addr
    uint16_t htons(uint16_t)
    uint16_t ntohs(uint16_t)

cdef extern from "<netinet/tcp.h>" nogil:
    enum: TCP_NODELAY, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT

cdef extern from "<arpa/inet.h>" nogil:
    int inet_pton(int af, const char* src, void* dst)
    const char* inet_ntop(int af, const void* src, char* dst, socklen_t size)
    enum: INET6_ADDRSTRLEN

cdef extern from "<sys/un.h>" nogil:
    struct sockaddr_un:
        sa_family_t sun_family
        char sun_path[108]

cdef extern from "<sys/epoll.h>" nogil:
    enum: EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP, EPOLLRDHUP
    enum: EPOLL_CTL_ADD, EPOLL_CTL_MOD, EPOLL_CTL_DEL, EPOLL_CLOEXEC
    union epoll_data_t:
        void* ptr
        int fd
        uint64_t u64
    struct epoll_event:
        uint32_t events
        epoll_data_t data
    int epoll_create1(int flags)
    int epoll_ctl(int epfd, int op, int fd, epoll_event* ev)
    int epoll_wait(int epfd, epoll_event* events, int maxevents, int timeout)

cdef extern from "<sys/eventfd.h>" nogil:
    enum: EFD_NONBLOCK, EFD_CLOEXEC
    int eventfd(unsigned int initval, int flags)

cdef extern from "<signal.h>" nogil:
    ctypedef struct sigset_t:
        pass
    enum: SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIG_BLOCK
    int sigemptyset(sigset_t* s)
    int sigaddset(sigset_t* s, int sig)
    int pthread_sigmask(int how, const sigset_t* s, sigset_t* old)

cdef extern from "<sys/signalfd.h>" nogil:
    enum: SFD_NONBLOCK, SFD_CLOEXEC
    struct signalfd_siginfo:
        uint32_t ssi_signo
    int signalfd(int fd, const sigset_t* mask, int flags)

cdef extern from "<pthread.h>" nogil:
    ctypedef unsigned long pthread_t
    ctypedef struct pthread_mutex_t:
        pass
    ctypedef struct pthread_mutexattr_t:
        pass
    int pthread_mutex_init(pthread_mutex_t* m, const pthread_mutexattr_t* a)
    int pthread_mutex_lock(pthread_mutex_t* m)
    int pthread_mutex_trylock(pthread_mutex_t* m)
    int pthread_mutex_unlock(pthread_mutex_t* m)
    pthread_t pthread_self()

cdef extern from "<sched.h>" nogil:
    ctypedef struct cpu_set_t:
        pass
    void CPU_ZERO(cpu_set_t* s)
    void CPU_SET(int cpu, cpu_set_t* s)
    int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t* s)
    int sched_yield()

cdef extern from "<sys/random.h>" nogil:
    ssize_t getrandom(void* buf, size_t n, unsigned int flags)

cdef extern from "<time.h>" nogil:
    ctypedef long time_t
    struct timespec:
        time_t tv_sec
        long tv_nsec
    enum: CLOCK_REALTIME, CLOCK_MONOTONIC
    int clock_gettime(int clk, timespec* ts)
    int nanosleep(const timespec* req, timespec* rem)
    struct tm:
        int tm_year
        int tm_mon
        int tm_mday
        int tm_hour
        int tm_min
        int tm_sec
    tm* localtime_r(const time_t* t, tm* out)
    size_t strftime(char* s, size_t max, const char* fmt, const tm* t)

cdef extern from "<sys/resource.h>" nogil:
    struct timeval:
        long tv_sec
        long tv_usec
    struct rusage:
        timeval ru_utime
        timeval ru_stime
    enum: RUSAGE_SELF
    int getrusage(int who, rusage* r)

cdef extern from "<dlfcn.h>" nogil:
    void* RTLD_DEFAULT
    void* dlsym(void* handle, const char* name)

cdef extern from * nogil:
    void __builtin_prefetch(const void* p)      # a hint: start loading p's cache line
