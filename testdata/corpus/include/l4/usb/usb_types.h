/* Stand-in for l4/usb/usb_types.h (DDE USB for L4Env) written for l4idl's corpus tests: declares only what the corpus IDL uses. Not the original header. */
#ifndef L4IDL_STANDIN_L4_USB_USB_TYPES_H
#define L4IDL_STANDIN_L4_USB_USB_TYPES_H

#include <l4/sys/l4int.h>

/* Which USB devices a driver wants (like Linux's usb_device_id). */
typedef struct ddeusb_usb_device_id {
    l4_uint16_t match_flags;
    l4_uint16_t id_vendor;
    l4_uint16_t id_product;
    l4_uint16_t bcd_device_lo;
    l4_uint16_t bcd_device_hi;
    l4_uint8_t  device_class;
    l4_uint8_t  device_subclass;
    l4_uint8_t  device_protocol;
    l4_uint8_t  interface_class;
    l4_uint8_t  interface_subclass;
    l4_uint8_t  interface_protocol;
} ddeusb_usb_device_id;

#endif /* !L4IDL_STANDIN_L4_USB_USB_TYPES_H */
