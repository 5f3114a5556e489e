/**
 * Reverse lookups that `iptables -L` (without -n) can answer: /etc/hosts of the machine
 * (gethostbyaddr through nss "files"). DNS is not consulted (see list.ts).
 */
import { parseIpv4, type Ipv4 } from '../../../wire/index.ts';

/** A lookup from address to the first name /etc/hosts gives it. */
export function hostsLookup(text: string | undefined): (a: Ipv4) => string | undefined {
  const names = new Map<Ipv4, string>();
  for (const line of (text ?? '127.0.0.1\tlocalhost\n').split('\n')) {
    const [ip, name] = line.replace(/#.*/, '').trim().split(/\s+/);
    const a = ip ? parseIpv4(ip) : undefined;
    if (a !== undefined && name && !names.has(a)) names.set(a, name);
  }
  return (a) => names.get(a);
}
