/**
 * The flags of the Go programs the images run, as their sources define them, parsed the way
 * each program parses them (go-flags.ts): traefik/whoami and hashicorp/http-echo use Go's flag
 * package, agnhost's subcommands are cobra commands (pflag). A parse error is the program
 * exiting with status 2 before it listens (images.ts: the container does not run).
 */
import { parseGoFlags, parsePflags, type FlagSet, type Parsed } from './go-flags.ts';

/** traefik/whoami main.go: port (a string, "80"), name, cert, key, cacert, verbose. */
const WHOAMI: FlagSet = {
  port: { type: 'string', def: '80' }, name: { type: 'string', def: '' }, cert: { type: 'string', def: '' },
  key: { type: 'string', def: '' }, cacert: { type: 'string', def: '' }, verbose: { type: 'bool', def: 'false' },
};

/** hashicorp/http-echo 1.0 main.go: listen, text, status-code, version. */
const HTTP_ECHO: FlagSet = {
  listen: { type: 'string', def: ':5678' }, text: { type: 'string', def: 'hello-world' },
  'status-code': { type: 'int', def: '200' }, version: { type: 'bool', def: 'false' },
};

/** agnhost's subcommands that serve (test/images/agnhost/netexec, serve-hostname). */
const AGNHOST: Readonly<Record<string, FlagSet>> = {
  netexec: {
    'http-port': { type: 'int', def: '8080' }, 'udp-port': { type: 'int', def: '8081' }, 'sctp-port': { type: 'int', def: '-1' },
    'delay-shutdown': { type: 'int', def: '0' }, 'http-override': { type: 'string', def: '' },
    certFile: { type: 'string', def: '' }, privKeyFile: { type: 'string', def: '' },
  },
  'serve-hostname': {
    tcp: { type: 'bool', def: 'false' }, udp: { type: 'bool', def: 'false' }, http: { type: 'bool', def: 'true' },
    close: { type: 'bool', def: 'false' }, port: { type: 'int', def: '9376' },
  },
};

/** whoami's flags from its arguments. */
export const whoamiFlags = (args: readonly string[]): Parsed => parseGoFlags(args, WHOAMI);

/** http-echo's flags from its arguments. */
export const httpEchoFlags = (args: readonly string[]): Parsed => parseGoFlags(args, HTTP_ECHO);

/**
 * An agnhost subcommand's flags (`args[0]` names it); undefined for subcommands that serve
 * nothing here. serve-hostname refuses --tcp/--udp with HTTP still on (its main: "Can't serve
 * TCP/UDP mode and HTTP mode at the same time") and takes no arguments (cobra MaximumNArgs(0)).
 */
export function agnhostFlags(args: readonly string[]): Parsed | undefined {
  const set = AGNHOST[args[0] ?? ''];
  if (!set) return undefined;
  const p = parsePflags(args.slice(1), set);
  if ('error' in p || args[0] !== 'serve-hostname') return p;
  if (p.args.length) return { error: `accepts at most 0 arg(s), received ${p.args.length}` };
  if (p.values.http === 'true' && (p.values.tcp === 'true' || p.values.udp === 'true')) return { error: "Can't serve TCP/UDP mode and HTTP mode at the same time" };
  return p;
}
