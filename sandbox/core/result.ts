/**
 * Errno-like results. Simulator operations never throw for a learner's mistake: they return a
 * `Result`, and the command that called them turns the errno into the real tool's message.
 * A thrown exception is always a simulator bug.
 */

/** The kernel's errno names that the simulator reports (see errno(3)). */
export type Errno =
  | 'EEXIST' | 'ENOENT' | 'ENODEV' | 'ESRCH' | 'EINVAL' | 'EPERM' | 'EBUSY' | 'ENOTEMPTY'
  | 'ERANGE' | 'EOPNOTSUPP' | 'ENETUNREACH' | 'EHOSTUNREACH' | 'ECONNREFUSED' | 'ETIMEDOUT'
  | 'EADDRINUSE' | 'EADDRNOTAVAIL' | 'ELOOP' | 'ENOBUFS' | 'EAFNOSUPPORT' | 'ECONNRESET' | 'EACCES'
  | 'EMSGSIZE' | 'EPIPE';

/** Success with a value, or failure with an errno and an optional detail for the message. */
export type Result<T = void> = { ok: true; value: T } | { ok: false; errno: Errno; detail?: string };

/** Wraps a value as a success. */
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** Builds a failure; `detail` carries what the tool's message needs (a device name ...). */
export const fail = (errno: Errno, detail?: string): { ok: false; errno: Errno; detail?: string } =>
  detail === undefined ? { ok: false, errno } : { ok: false, errno, detail };
