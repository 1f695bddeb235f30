/* Stand-in for rtos/types.h (OKL4 RTOS test suite) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_RTOS_TYPES_H
#define L4IDL_STANDIN_RTOS_TYPES_H

/* Measurements of the producer/consumer test. */
typedef struct pc_results {
    int nb_produced;
    int nb_consumed;
    int max_queue_length;
    int nb_blocked_producers;
    int nb_blocked_consumers;
} pc_results_t;

#endif /* !L4IDL_STANDIN_RTOS_TYPES_H */
