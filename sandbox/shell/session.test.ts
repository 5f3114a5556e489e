/**
 * The interactive session: prompts, the place stack (ssh, nested shells, exit), pod shells
 * with a reduced set of binaries, redirection into the machine's files and /proc/sys,
 * Ctrl-C, virtual time, history and tab completion.
 */
import { describe, expect, it } from 'vitest';
import { createShell, type Shell } from './session.ts';
import { testWorld } from './test-world.ts';
import type { World } from '../fabric/world.ts';
import { getSysctl } from '../net/sysctl.ts';

async function run(sh: Shell, line: string): Promise<{ out: string; err: string; status: number }> {
  let out = '';
  let err = '';
  const r = await sh.exec(line, (c) => {
    if (c.stream === 'stdout') out += c.text;
    else err += c.text;
  });
  return { out, err, status: r.status };
}

function start(on = 'node-1'): { world: World; sh: Shell } {
  const world = testWorld();
  return { world, sh: createShell(world, on) };
}

describe('prompt and place stack', () => {
  it('shows root@host:cwd# and follows cd', async () => {
    const { sh } = start();
    expect(sh.prompt()).toBe('root@node-1:~# ');
    await run(sh, 'cd /etc');
    expect(sh.prompt()).toBe('root@node-1:/etc# ');
    await run(sh, 'cd');
    expect(sh.prompt()).toBe('root@node-1:~# ');
  });
  it('ssh moves the shell, exit comes back with ssh messages', async () => {
    const { sh } = start();
    expect(await run(sh, 'ssh node-2')).toEqual({ out: '', err: '', status: 0 });
    expect(sh.prompt()).toBe('root@node-2:~# ');
    expect(sh.depth()).toBe(2);
    expect((await run(sh, 'hostname')).out).toBe('node-2\n');
    expect(await run(sh, 'exit 3')).toEqual({ out: '', err: 'logout\nConnection to node-2 closed.\n', status: 3 });
    expect(sh.prompt()).toBe('root@node-1:~# ');
    expect((await run(sh, 'echo $?')).out).toBe('3\n');
  });
  it('runs a remote command with ssh HOST CMD', async () => {
    const { sh } = start();
    expect(await run(sh, `ssh root@node-2 'hostname; exit 4'`)).toEqual({ out: 'node-2\n', err: '', status: 4 });
    expect(sh.depth()).toBe(1);
  });
  it('refuses unknown hosts and pods like the ssh client', async () => {
    const { sh } = start();
    expect(await run(sh, 'ssh nowhere')).toEqual({ out: '', err: 'ssh: Could not resolve hostname nowhere: Name or service not known\n', status: 255 });
    expect((await run(sh, 'ssh web')).status).toBe(255);
    expect(sh.depth()).toBe(1);
  });
  it('exit at the bottom says logout and keeps the session usable', async () => {
    const { sh } = start();
    await run(sh, 'X=kept');
    expect(await run(sh, 'exit')).toEqual({ out: '', err: 'logout\n', status: 0 });
    expect(sh.depth()).toBe(1);
    expect((await run(sh, 'echo $X')).out).toBe('kept\n');
  });
  it('exit stops the rest of the line', async () => {
    const { sh } = start();
    await run(sh, 'ssh node-2');
    expect((await run(sh, 'exit; echo not-here')).out).toBe('');
  });
  it('a nested bash and sh are entered and left with exit', async () => {
    const { sh } = start();
    await run(sh, 'export KEEP=1; LOCAL=2');
    await run(sh, 'sh');
    expect(sh.prompt()).toBe('# ');
    expect((await run(sh, 'echo $KEEP-$LOCAL')).out).toBe('1-\n');
    expect(await run(sh, 'nosuch')).toEqual({ out: '', err: 'sh: 1: nosuch: not found\n', status: 127 });
    await run(sh, 'exit');
    expect(sh.prompt()).toBe('root@node-1:~# ');
  });
});

describe('pod shells', () => {
  it('use busybox sh messages and the image binaries only', async () => {
    const { sh } = start('default/web/nginx');
    expect(sh.prompt()).toBe('/ # ');
    expect(await run(sh, 'curl -s x')).toEqual({ out: '', err: 'sh: curl: not found\n', status: 127 });
    expect((await run(sh, 'echo $KUBERNETES_SERVICE_HOST; hostname')).out).toBe('10.96.0.1\nweb\n');
    expect((await run(sh, 'printenv HOSTNAME')).out).toBe('web\n');
    expect((await run(sh, 'which cat; which tcpdump; echo $?')).out).toBe('/usr/bin/cat\n1\n');
    expect(await run(sh, 'echo a | | b')).toMatchObject({ err: 'sh: syntax error: unexpected "|"\n', status: 2 });
  });
  it('bash is missing where the image has none', async () => {
    const { sh } = start('default/web/nginx');
    expect((await run(sh, 'bash')).err).toBe('sh: bash: not found\n');
  });
});

describe('commands, files and state', () => {
  it('answers unknown commands like bash', async () => {
    const { sh } = start();
    expect(await run(sh, 'foo --bar')).toEqual({ out: '', err: 'bash: foo: command not found\n', status: 127 });
    expect(await run(sh, './script.sh')).toEqual({ out: '', err: 'bash: ./script.sh: No such file or directory\n', status: 127 });
    expect((await run(sh, '/usr/bin/hostname')).out).toBe('node-1\n');
  });
  it('writes, appends and reads machine files', async () => {
    const { world, sh } = start();
    await run(sh, 'echo a > /tmp/f; echo b >> /tmp/f; echo c 2>/dev/null >> /tmp/f');
    expect(world.machines.get('node-1')?.files.get('/tmp/f')).toBe('a\nb\nc\n');
    expect(await run(sh, 'echo x > /nodir/f')).toEqual({ out: '', err: 'bash: /nodir/f: No such file or directory\n', status: 1 });
    expect(await run(sh, 'echo x > /etc')).toEqual({ out: '', err: 'bash: /etc: Is a directory\n', status: 1 });
    expect((await run(sh, 'cat /etc/hosts | grep -c node')).out).toBe('2\n');
  });
  it('reads and writes sysctls through /proc/sys', async () => {
    const { world, sh } = start();
    const ns = world.netns.get(world.machines.get('node-1')?.netns ?? -1);
    expect((await run(sh, 'cat /proc/sys/net/ipv4/ip_forward')).out).toBe('1\n');
    await run(sh, 'echo 0 > /proc/sys/net/ipv4/ip_forward');
    expect(ns && getSysctl(ns, 'net.ipv4.ip_forward')).toBe('0');
    expect(await run(sh, 'echo bad > /proc/sys/net/ipv4/ip_forward')).toEqual({ out: '', err: 'bash: echo: write error: Invalid argument\n', status: 1 });
    expect(ns && getSysctl(ns, 'net.ipv4.ip_forward')).toBe('0');
    expect((await run(sh, 'echo 1 | tee /proc/sys/net/ipv4/ip_forward')).out).toBe('1\n');
    expect(ns && getSysctl(ns, 'net.ipv4.ip_forward')).toBe('1');
    expect((await run(sh, 'cat /proc/sys/net/bridge/bridge-nf-call-iptables')).out).toBe('1\n');
    expect((await run(sh, 'echo /proc/sys/net/ipv4/conf/*/rp_filter')).out).toBe('/proc/sys/net/ipv4/conf/all/rp_filter /proc/sys/net/ipv4/conf/default/rp_filter /proc/sys/net/ipv4/conf/lo/rp_filter\n');
  });
  it('keeps variables, exports and $? between lines', async () => {
    const { sh } = start();
    await run(sh, 'A=1; export B=2');
    expect((await run(sh, 'echo $A $B; printenv A; echo $?; printenv B')).out).toBe('1 2\n1\n2\n');
    expect((await run(sh, 'env | grep ^B=')).out).toBe('B=2\n');
    expect((await run(sh, 'sh -c "echo [\\$A] [\\$B]"')).out).toBe('[] [2]\n');
  });
  it('records history', async () => {
    const { sh } = start();
    await run(sh, 'echo one');
    await run(sh, '');
    await run(sh, 'hostname');
    expect((await run(sh, 'history')).out).toBe('    1  echo one\n    2  hostname\n    3  history\n');
  });
});

describe('time and interruption', () => {
  it('sleep passes virtual time only', async () => {
    const { world, sh } = start();
    const before = world.clock.ms;
    expect((await run(sh, 'sleep 2; sleep 0.5')).status).toBe(0);
    expect(world.clock.ms - before).toBe(2500);
  });
  it('Ctrl-C stops a running command and the rest of the line', async () => {
    const world = testWorld();
    let sh: Shell | undefined;
    const shell = createShell(world, 'node-1', {
      async wait(ms, interrupted) {
        // Interrupt as soon as the first sleep starts (a learner pressing Ctrl-C).
        sh?.interrupt();
        return interrupted() ? 0 : ms;
      },
    });
    sh = shell;
    const r = await run(shell, 'sleep 100; echo after');
    expect(r).toEqual({ out: '', err: '', status: 130 });
    expect((await run(shell, 'echo next')).out).toBe('next\n');
  });
  it('a loop that never sleeps is stopped instead of hanging: the whole line, as SIGXCPU would', async () => {
    const { sh } = start();
    const r = await run(sh, 'while true; do :; done; echo after');
    expect(r.err).toBe('CPU time limit exceeded\n');
    expect(r).toMatchObject({ out: '', status: 152 });
    expect((await run(sh, 'echo next')).out).toBe('next\n');
  }, 30_000);
});

describe('completion', () => {
  it('completes command names present on the machine', () => {
    const { sh } = start();
    expect(sh.complete('hostn', 5)).toEqual({ from: 0, candidates: ['hostname'] });
    expect(sh.complete('echo a | gr', 11)).toEqual({ from: 9, candidates: ['grep'] });
    const pod = start('default/web/nginx').sh;
    expect(pod.complete('c', 1).candidates).toEqual(['cat', 'cd', 'continue']);
  });
  it('completes file names', () => {
    const { sh } = start();
    expect(sh.complete('cat /etc/ho', 11)).toEqual({ from: 4, candidates: ['/etc/hostname', '/etc/hosts'] });
    expect(sh.complete('cat /proc/sys/net/ipv4/ip_f', 27).candidates).toEqual(['/proc/sys/net/ipv4/ip_forward']);
  });
});

describe('save and restore', () => {
  it('brings back the shell stack, variables and history on a copy of the world', async () => {
    const { world, sh } = start();
    await run(sh, 'export A=1; cd /etc');
    await run(sh, 'ssh node-2');
    await run(sh, 'B=2; cd /tmp');
    const saved = structuredClone({ world, shell: sh.save() });
    await run(sh, 'exit');
    const again = createShell(saved.world, 'node-1', { restore: saved.shell });
    expect(again.prompt()).toBe('root@node-2:/tmp# ');
    expect(again.depth()).toBe(2);
    expect((await run(again, 'echo $B; hostname')).out).toBe('2\nnode-2\n');
    await run(again, 'exit');
    expect(again.prompt()).toBe('root@node-1:/etc# ');
    expect((await run(again, 'echo $A')).out).toBe('1\n');
    expect(again.history().slice(0, 3)).toEqual(['export A=1; cd /etc', 'ssh node-2', 'B=2; cd /tmp']);
  });
});
