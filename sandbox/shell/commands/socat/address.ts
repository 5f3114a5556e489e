/**
 * socat's address syntax (socat(1) ADDRESS SPECIFICATIONS): `TYPE:param:param,option,...`,
 * the type case-insensitive, `-` for STDIO. SCTP client addresses need a host and a port
 * (socat: `wrong number of parameters (1 instead of 2)`); address options are not modelled.
 */

/** A parsed address the simulator can run. */
export type SocatAddress = { kind: 'stdio' } | { kind: 'sctp'; host: string; port: number };

/** Address types socat has that the simulator does not run (they get an honest message). */
const KNOWN = new Set(['TCP', 'TCP4', 'TCP6', 'TCP-CONNECT', 'TCP-LISTEN', 'TCP-L', 'TCP4-LISTEN', 'UDP', 'UDP4', 'UDP-CONNECT', 'UDP-LISTEN',
  'UDP-L', 'UDP-SENDTO', 'UDP-RECVFROM', 'SCTP-LISTEN', 'SCTP-L', 'SCTP4-LISTEN', 'SCTP6', 'SCTP6-CONNECT', 'EXEC', 'SYSTEM', 'OPEN', 'FILE',
  'GOPEN', 'CREATE', 'PIPE', 'PTY', 'UNIX-CONNECT', 'UNIX-LISTEN', 'UNIX-CLIENT', 'OPENSSL', 'OPENSSL-LISTEN', 'IP', 'IP4', 'INTERFACE',
  'PROXY', 'SOCKS4', 'SOCKS5', 'READLINE', 'TUN', 'VSOCK-CONNECT', 'VSOCK-LISTEN', 'ABSTRACT-CONNECT', 'FD', 'STDERR']);
const STDIO = new Set(['-', 'STDIO', 'STDIN', 'STDOUT']);
const SCTP = new Set(['SCTP', 'SCTP4', 'SCTP-CONNECT', 'SCTP4-CONNECT']);

/** An address word, or why it cannot run (`unknown`: socat itself refuses it). */
export function parseAddress(word: string): SocatAddress | { error: string; unknown: boolean } {
  const [head = ''] = word.split(',');
  const parts = head.split(':');
  const type = (parts[0] ?? '').toUpperCase();
  if (STDIO.has(type) && parts.length === 1) return { kind: 'stdio' };
  if (SCTP.has(type)) {
    const params = parts.slice(1);
    if (params.length !== 2) return { error: `${word}: wrong number of parameters (${params.length} instead of 2)`, unknown: true };
    const port = params[1]!;
    if (!/^\d+$/.test(port) || Number(port) > 65535) return { error: `socat service name ${port} is not simulated`, unknown: false };
    return { kind: 'sctp', host: params[0]!, port: Number(port) };
  }
  if (KNOWN.has(type) || STDIO.has(type)) return { error: `socat address type ${type} is not simulated`, unknown: false };
  return { error: `unknown device/address "${head}"`, unknown: true };
}
