/* Stand-in for arch_types.h (VERNER video player for L4Env) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_ARCH_TYPES_H
#define L4IDL_STANDIN_ARCH_TYPES_H

/* Description of a media stream / frame passed between VERNER components. */
typedef struct frame_ctrl {
    unsigned long type;
    unsigned long format;
    unsigned long framesize;
    unsigned long keyframe;
    unsigned long width;
    unsigned long height;
    double        framerate;
    unsigned long samplerate;
    unsigned long channels;
    unsigned long bits_per_sample;
    double        length;
} frame_ctrl_t;

#endif /* !L4IDL_STANDIN_ARCH_TYPES_H */
