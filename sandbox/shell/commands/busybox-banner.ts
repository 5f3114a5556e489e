/**
 * The first line of every BusyBox applet's usage text, as the busybox the sandbox's busybox
 * applets are checked against prints it (Debian 12's busybox 1.35.0).
 */
export const BUSYBOX_BANNER = 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.';
