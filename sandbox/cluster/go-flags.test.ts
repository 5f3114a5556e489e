/**
 * Flags as Go programs parse them: Go's flag package (src/flag/flag.go parseOne, whoami and
 * http-echo) and spf13/pflag under cobra (agnhost), as the images' containers receive them.
 */
import { describe, expect, it } from 'vitest';
import { parseGoFlags, parsePflags, type FlagSet } from './go-flags.ts';
import { agnhostFlags, httpEchoFlags, whoamiFlags } from './image-flags.ts';
import { IMAGES } from './images.ts';

const SET: FlagSet = { udp: { type: 'bool', def: 'false' }, port: { type: 'int', def: '9376' }, text: { type: 'string', def: '' } };
const values = (p: ReturnType<typeof parseGoFlags>) => ('values' in p ? p.values : p.error);

describe("Go's flag package", () => {
  it('reads -flag and --flag alike, =value and a separate value, a boolean alone as true', () => {
    expect(values(parseGoFlags(['--udp', '-port', '53', '--text=hi'], SET))).toEqual({ udp: 'true', port: '53', text: 'hi' });
    expect(values(parseGoFlags(['-udp=false', '--port=80'], SET))).toEqual({ udp: 'false', port: '80', text: '' });
    expect(values(parseGoFlags(['-udp=T'], SET))).toMatchObject({ udp: 'true' });
  });
  it('never takes a boolean\'s value from the next argument, and stops at the first non-flag', () => {
    const p = parseGoFlags(['--udp', 'false', '-port', '1'], SET);
    expect(p).toEqual({ values: { udp: 'true', port: '9376', text: '' }, args: ['false', '-port', '1'] });
    expect(parseGoFlags(['--', '-udp'], SET)).toMatchObject({ args: ['-udp'] });
    expect(parseGoFlags(['-', '-udp'], SET)).toMatchObject({ args: ['-', '-udp'] });
  });
  it('fails as flag.ExitOnError programs do', () => {
    expect(values(parseGoFlags(['-nope'], SET))).toBe('flag provided but not defined: -nope');
    expect(values(parseGoFlags(['-port'], SET))).toBe('flag needs an argument: -port');
    expect(values(parseGoFlags(['-port=x'], SET))).toBe('invalid value "x" for flag -port: parse error');
    expect(values(parseGoFlags(['-udp=maybe'], SET))).toBe('invalid boolean value "maybe" for flag -udp: parse error');
    expect(values(parseGoFlags(['---udp'], SET))).toBe('bad flag syntax: ---udp');
  });
});

describe('pflag (cobra)', () => {
  it('takes long flags with two dashes, interspersed with arguments, a boolean alone as true', () => {
    expect(parsePflags(['x', '--udp', '--port', '53', 'y'], SET)).toEqual({ values: { udp: 'true', port: '53', text: '' }, args: ['x', 'y'] });
    expect(values(parsePflags(['--udp=false'], SET))).toMatchObject({ udp: 'false' });
  });
  it('treats one dash as shorthands, which agnhost does not define', () => {
    expect(values(parsePflags(['-port', '53'], SET))).toBe("unknown shorthand flag: 'p' in -port");
    expect(values(parsePflags(['--nope'], SET))).toBe('unknown flag: --nope');
  });
});

describe("the images' programs", () => {
  const listen = (image: string, args: string[]) => IMAGES[image]!.listeners(args, { pod: 'p', namespace: 'default', container: 'c' }).map((l) => `${l.proto}/${l.port}`);
  it('agnhost serve-hostname: --udp alone still serves HTTP, so it refuses; --udp --http=false serves UDP', () => {
    expect(agnhostFlags(['serve-hostname', '--udp'])).toEqual({ error: "Can't serve TCP/UDP mode and HTTP mode at the same time" });
    expect(IMAGES.agnhost!.exit([], ['serve-hostname', '--udp'])).toBe(1);
    expect(listen('agnhost', ['serve-hostname', '--udp', '--http=false', '--port', '53'])).toEqual(['udp/53']);
    expect(listen('agnhost', ['serve-hostname'])).toEqual(['tcp/9376']);
    expect(listen('agnhost', ['netexec', '--http-port', '9000', '--udp-port=9001'])).toEqual(['tcp/9000', 'udp/9001']);
  });
  it('whoami and http-echo take -flag and --flag, with = or a separate value', () => {
    expect(listen('traefik/whoami', ['--port', '8080'])).toEqual(['tcp/8080']);
    expect(listen('traefik/whoami', ['-port=8081'])).toEqual(['tcp/8081']);
    expect(httpEchoFlags(['-listen', ':8080', '--text', 'hi'])).toMatchObject({ values: { listen: ':8080', text: 'hi' } });
    expect(IMAGES['hashicorp/http-echo']!.exit([], ['-nope'])).toBe(2);
    expect(whoamiFlags(['-verbose', '-port', '1'])).toMatchObject({ values: { verbose: 'true', port: '1' } });
  });
});
