/**
 * curl's progress meter (tool_progress.c, shown when output is not a terminal) and the
 * `-w/--write-out` variables tutorials use.
 */
import { formatIpv4 } from '../../../wire/index.ts';
import type { HttpResponse } from '../../../wire/http-response.ts';
import type { TcpSocket } from '../../../net/datapath/types.ts';

/** The meter's header and its first, empty line (no newline: curl rewrites it with \r). */
export const meterStart = (): string =>
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
  '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
  '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0';

/** max5data: a number in at most 5 characters (k, M suffixes). */
function max5(n: number): string {
  if (n < 100000) return String(Math.round(n));
  if (n < 10000 * 1024) return `${Math.floor(n / 1024)}k`;
  return `${Math.floor(n / 1024 / 1024)}M`;
}

/** The final meter line after `bytes` arrived in `ms` virtual milliseconds. */
export function meterEnd(bytes: number, ms: number): string {
  const speed = max5(bytes / Math.max(ms / 1000, 0.001));
  return `\r100 ${max5(bytes).padStart(5)}  100 ${max5(bytes).padStart(5)}    0     0 ${speed.padStart(6)}      0 --:--:-- --:--:-- --:--:-- ${speed.padStart(5)}\n`;
}

/** What -w can refer to. */
interface WriteOutInput {
  code: number;
  response?: HttpResponse;
  sock?: TcpSocket;
  addr?: number;
  started: number;
}

/** Expands a -w format (`%{http_code}`, `%{remote_ip}` ..., `\n`). */
export function writeOut(format: string, o: WriteOutInput, now: number): string {
  const secs = ((now - o.started) / 1000).toFixed(6);
  const vars: Record<string, string> = {
    http_code: String(o.response?.status ?? 0).padStart(3, '0'),
    response_code: String(o.response?.status ?? 0).padStart(3, '0'),
    remote_ip: o.addr !== undefined ? formatIpv4(o.addr) : '',
    remote_port: o.sock ? String(o.sock.rport) : '',
    local_ip: o.sock ? formatIpv4(o.sock.laddr) : '',
    local_port: o.sock ? String(o.sock.lport) : '',
    size_download: String(o.response?.body.length ?? 0),
    time_total: secs,
    time_connect: secs,
    exitcode: String(o.code),
  };
  return format
    .replace(/%\{([a-z_]+)\}/g, (all, name: string) => vars[name] ?? all)
    .replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\r/g, '\r');
}
