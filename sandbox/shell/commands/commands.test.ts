/**
 * The shell's own programs where real-tool comparison (fidelity.test.ts) cannot reach:
 * things that depend on the simulated machine (hostname -I, ls of /proc/sys and /run/netns,
 * which on a pod, ssh flags), awk features and limits, grep -r, tail -f and sleep with
 * Ctrl-C, and ls's terminal columns.
 */
import { describe, expect, it } from 'vitest';
import { createShell, type Shell } from '../session.ts';
import { testWorld } from '../test-world.ts';
import { columns } from './ls/index.ts';

async function run(sh: Shell, line: string): Promise<{ out: string; err: string; status: number }> {
  let out = '';
  let err = '';
  const r = await sh.exec(line, (c) => {
    if (c.stream === 'stdout') out += c.text;
    else err += c.text;
  });
  return { out, err, status: r.status };
}

const node = () => createShell(testWorld(), 'node-1');

describe('hostname', () => {
  it('prints the name, refuses a pod rename, renames a node', async () => {
    const sh = node();
    expect((await run(sh, 'hostname; hostname -s')).out).toBe('node-1\nnode-1\n');
    expect((await run(sh, 'hostname -i')).out).toBe('10.0.16.11 \n');
    expect(await run(sh, 'hostname bad_name!')).toEqual({ out: '', err: 'hostname: the specified hostname is invalid\n', status: 1 });
    await run(sh, 'hostname renamed');
    expect(sh.prompt()).toBe('root@renamed:~# ');
    const pod = createShell(testWorld(), 'default/web/nginx');
    expect(await run(pod, 'hostname other')).toEqual({ out: '', err: 'hostname: you must be root to change the host name\n', status: 1 });
  });
});

describe('ls', () => {
  it('lays out names in columns on the terminal and one per line into a pipe', async () => {
    const sh = node();
    expect((await run(sh, 'ls /etc')).out).toBe('hostname  hosts  resolv.conf\n');
    expect((await run(sh, 'ls /etc | cat')).out).toBe('hostname\nhosts\nresolv.conf\n');
    expect(await run(sh, 'ls /nope')).toEqual({ out: '', err: "ls: cannot access '/nope': No such file or directory\n", status: 2 });
  });
  it('fills columns top to bottom within 80 characters', () => {
    const names = Array.from({ length: 30 }, (_, i) => `name-${String(i).padStart(2, '0')}`);
    const lines = columns(names).split('\n').filter((l) => l !== '');
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(lines[0]?.startsWith('name-00  name-')).toBe(true);
    expect(lines.length).toBe(Math.ceil(30 / (lines[0]?.split(/\s+/).length ?? 1)));
  });
  it('lists /proc/sys from the namespace state', async () => {
    const sh = node();
    expect((await run(sh, 'ls /proc/sys/net/ipv4/conf | cat')).out).toBe('all\ndefault\nlo\n');
  });
});

describe('which, type, env', () => {
  it('finds programs and builtins as bash and debianutils do', async () => {
    const sh = node();
    expect(await run(sh, 'which grep nosuch')).toEqual({ out: '/usr/bin/grep\n', err: '', status: 1 });
    expect((await run(sh, 'type cd grep')).out).toBe('cd is a shell builtin\ngrep is /usr/bin/grep\n');
    expect((await run(sh, 'env -i A=1 printenv')).out).toBe('A=1\n');
    expect((await run(sh, 'env X=2 sh -c "echo \\$X"')).out).toBe('2\n');
    expect((await run(sh, 'env nosuch')).err).toBe("env: 'nosuch': No such file or directory\n");
  });
});

describe('awk beyond the fidelity cases', () => {
  it('prints mawk syntax errors for what it does not support', async () => {
    const sh = node();
    expect(await run(sh, `echo x | awk 'function f() { return 1 } { print f() }'`)).toEqual({ out: '', err: 'awk: line 1: syntax error at or near function\n', status: 2 });
    expect(await run(sh, `echo x | awk '{ print $1 +}'`)).toEqual({ out: '', err: 'awk: line 1: syntax error at or near }\n', status: 2 });
  });
  it('reports division by zero at run time as mawk does', async () => {
    const sh = node();
    expect(await run(sh, `echo 1 | awk '{ print 1/0 }'`)).toEqual({ out: '', err: 'awk: run time error: division by zero\n\tFILENAME="" FNR=1 NR=1\n', status: 2 });
  });
  it('writes files with > and reads -f programs and ENVIRON', async () => {
    const sh = node();
    await run(sh, `printf 'a 1\\nb 2\\n' | awk '{ print $2 > "/tmp/col" }'`);
    expect((await run(sh, 'cat /tmp/col')).out).toBe('1\n2\n');
    await run(sh, `echo '{ print NR ": " $0 }' > /tmp/p.awk`);
    expect((await run(sh, 'printf "x\\ny\\n" | awk -f /tmp/p.awk')).out).toBe('1: x\n2: y\n');
    expect((await run(sh, `HOME=/h awk 'BEGIN { print ENVIRON["HOME"] }'`)).out).toBe('/h\n');
  });
});

describe('grep -r and files', () => {
  it('searches a directory tree', async () => {
    const sh = node();
    await run(sh, 'echo "nameserver 10.96.0.10" > /etc/cni.conf');
    expect((await run(sh, 'grep -r nameserver /etc')).out).toBe('/etc/cni.conf:nameserver 10.96.0.10\n/etc/resolv.conf:nameserver 10.0.16.1\n');
    expect((await run(sh, 'cd /etc; grep -rl nameserver')).out).toBe('cni.conf\nresolv.conf\n');
  });
});

describe('waiting commands', () => {
  it('tail -f waits until Ctrl-C', async () => {
    const world = testWorld();
    let sh: Shell | undefined;
    let waits = 0;
    sh = createShell(world, 'node-1', {
      async wait(ms, interrupted) {
        if (++waits === 3) sh?.interrupt();
        return interrupted() ? 0 : ms;
      },
    });
    const r = await run(sh, 'tail -f /etc/hostname');
    expect(r).toEqual({ out: 'node-1\n', err: '', status: 130 });
    expect(world.clock.ms).toBe(2000);
  });
  it('sleep rejects bad intervals like coreutils', async () => {
    const sh = node();
    expect(await run(sh, 'sleep 1x')).toEqual({ out: '', err: "sleep: invalid time interval ‘1x’\nTry 'sleep --help' for more information.\n", status: 1 });
  });
});

describe('ssh options', () => {
  it('accepts common flags and -l, and reports unknown ones', async () => {
    const sh = node();
    expect((await run(sh, 'ssh -o StrictHostKeyChecking=no -p 22 -t node-2 hostname')).out).toBe('node-2\n');
    expect((await run(sh, 'ssh 10.0.16.12 hostname')).status).toBe(255);
    const r = await run(sh, 'ssh -Z node-2');
    expect(r.status).toBe(255);
    expect(r.err.startsWith('unknown option -- Z\nusage: ssh')).toBe(true);
  });
});
