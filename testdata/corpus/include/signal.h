/* Stand-in for signal.h (the C library as used by L4Env's signal server) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_SIGNAL_H
#define L4IDL_STANDIN_SIGNAL_H

/*
 * Information about a signal.  The C library's siginfo_t has unions; this
 * stand-in keeps a flat selection of its members.
 */
typedef struct {
    int           si_signo;
    int           si_errno;
    int           si_code;
    int           si_pid;
    unsigned int  si_uid;
    int           si_status;
    unsigned long si_addr;
    long          si_value;
} siginfo_t;

#endif /* !L4IDL_STANDIN_SIGNAL_H */
