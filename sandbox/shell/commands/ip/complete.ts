/**
 * Tab completion for `ip`: objects, each object's subcommands, keywords, device names of
 * the namespace in effect, named namespaces, link types. Candidates are filtered by prefix
 * by the shell.
 */
import type { Place } from '../../types.ts';
import type { World } from '../../../fabric/world.ts';

const OBJECTS = ['address', 'link', 'neighbour', 'netns', 'route', 'rule'];
const SUBS: Record<string, string[]> = {
  address: ['add', 'change', 'del', 'flush', 'replace', 'show'],
  link: ['add', 'del', 'set', 'show'],
  neighbour: ['add', 'change', 'del', 'flush', 'replace', 'show'],
  netns: ['add', 'delete', 'exec', 'identify', 'list'],
  route: ['add', 'append', 'change', 'del', 'flush', 'get', 'replace', 'show'],
  rule: ['show'],
};
const KEYWORDS: Record<string, string[]> = {
  address: ['dev', 'brd', 'scope', 'label', 'up'],
  link: ['dev', 'up', 'down', 'mtu', 'address', 'master', 'nomaster', 'netns', 'name', 'type'],
  neighbour: ['dev', 'lladdr', 'nud'],
  route: ['via', 'dev', 'src', 'metric', 'proto', 'scope', 'table', 'onlink'],
};

/** Candidates for `partial` after `words` (argv[0] excluded). */
export function completeIp(words: string[], partial: string, place: Place & { world: World }): string[] {
  let ns = place.netns;
  let i = 0;
  while (i < words.length && words[i]!.startsWith('-')) {
    if (words[i] === '-n' || words[i] === '-netns') {
      const id = place.machine.namedNetns.get(words[i + 1] ?? '');
      const target = id === undefined ? undefined : place.world.netns.get(id);
      if (target) ns = target;
      i++;
    }
    i++;
  }
  const prev = words[words.length - 1];
  if (prev === '-n' || prev === '-netns') return [...place.machine.namedNetns.keys()];
  const devices = [...ns.links.values()].map((l) => l.name);
  if (i >= words.length) return partial.startsWith('-') ? ['-4', '-6', '-br', '-d', '-n', '-o', '-s'] : OBJECTS;
  const obj = OBJECTS.find((o) => o.startsWith(words[i]!)) ?? '';
  const rest = words.slice(i + 1);
  if (rest.length === 0) return SUBS[obj] ?? [];
  if (prev === 'dev' || prev === 'master' || (obj === 'link' && rest.length === 1 && rest[0] !== 'add')) return devices;
  if (prev === 'netns' || (obj === 'netns' && rest.length === 1 && rest[0] !== 'add')) return [...place.machine.namedNetns.keys()];
  if (prev === 'type') return ['bridge', 'dummy', 'veth', 'vxlan'];
  if (prev === 'nud') return ['delay', 'failed', 'incomplete', 'noarp', 'permanent', 'probe', 'reachable', 'stale'];
  if (prev === 'scope') return ['global', 'host', 'link'];
  if (prev === 'table') return ['all', 'default', 'local', 'main'];
  if (prev === 'proto') return ['boot', 'dhcp', 'kernel', 'static'];
  return KEYWORDS[obj] ?? [];
}
