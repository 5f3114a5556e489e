// Node and pod tools in a booted cluster (the services scenario): what a node and a pod see of
// sockets and processes (iproute2 ss -p reads /proc/PID/fd of the processes it can see; a
// container has its own pid namespace), busybox ps in busybox images and procps on nodes,
// getent through the pod's resolv.conf and /etc/hosts (glibc nss files then dns), conntrack -E
// until Ctrl-C, and the honest line for a program the image has but the sandbox does not run.
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../sandbox/scenarios/index.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { createShell } from '../../sandbox/shell/session.ts';
import type { World } from '../../sandbox/fabric/world.ts';
import { run } from './traffic-lab.helper.ts';

function cluster(): World {
  const r = bootScenario(scenarioText('services')!, 1);
  if (typeof r === 'string') throw new Error(r);
  return r.world;
}
const pod = (w: World, prefix: string) => [...w.machines.keys()].find((m) => m.startsWith(prefix))!;

describe('ss -tlnp on a node and in a pod', () => {
  it('lists the host daemons with their processes; Go servers listen on *:PORT', async () => {
    const r = await run(cluster(), 'node-1', 'ss -tlnp');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess');
    expect(lines.find((l) => l.includes(':10250 '))).toMatch(/^LISTEN 0 +4096 +\*:10250 +\*:\* +users:\(\("kubelet",pid=\d+,fd=\d+\)\) *$/);
    expect(lines.find((l) => l.includes(':10248 '))).toMatch(/127\.0\.0\.1:10248 +0\.0\.0\.0:\* +users:\(\("kubelet"/);
    expect(lines.find((l) => l.includes(':6443 '))).toContain('users:(("kube-apiserver",');
    // -4 leaves out the dual-stack sockets of the Go daemons.
    expect((await run(cluster(), 'node-1', 'ss -tln4')).stdout).not.toContain(':10250');
  });
  it('in a pod shows its own server with pid 1, and nothing of another container', async () => {
    const w = cluster();
    const r = await run(w, pod(w, 'default/echo-'), 'ss -tlnp');
    expect(r.stdout).toBe('');
    // agnhost has no ss: the shell's own "not found".
    expect(r.stderr).toBe('sh: ss: not found\n');
    const t = await run(w, 'default/toolbox/netshoot', 'ss -tlnp');
    expect(t.stdout).toBe('State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n');
  });
});

describe('ps', () => {
  it('on a node: procps ps -ef lists init, the kubelet and every container of its pods', async () => {
    const w = cluster();
    const r = await run(w, 'node-1', 'ps -ef');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('UID          PID    PPID  C STIME TTY          TIME CMD');
    expect(lines[1]).toMatch(/^root {11}1 {7}0  0 \d\d:\d\d \? {8}00:00:00 \/sbin\/init$/);
    expect(r.stdout).toMatch(/\/usr\/bin\/kubelet /);
    expect(r.stdout).toMatch(/\/pause\n/);
    expect(lines.at(-2)).toMatch(/ ps -ef$/);
  });
  it('in a busybox-based pod: busybox ps, the container\'s main process as pid 1', async () => {
    const w = cluster();
    const r = await run(w, pod(w, 'default/echo-'), 'ps');
    expect(r.stdout).toBe('PID   USER     TIME  COMMAND\n    1 root      0:00 /agnhost netexec --http-port=8080\n    2 root      0:00 ps\n');
  });
  it('refuses an unknown SysV option as procps does', async () => {
    const r = await run(cluster(), 'node-1', 'ps -Q');
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('error: unsupported SysV option');
  });
});

describe('getent in a pod', () => {
  it('resolves a Service name through CoreDNS with the search list, and localhost from /etc/hosts first (IPv6 first)', async () => {
    const r = await run(cluster(), 'default/toolbox/netshoot', 'getent hosts kubernetes; getent hosts localhost; getent ahostsv4 web; getent hosts nosuch; echo $?');
    expect(r.stdout).toBe('10.96.0.1       kubernetes.default.svc.cluster.local\n::1             localhost ip6-localhost ip6-loopback\n' +
      '10.96.100.20    STREAM web.default.svc.cluster.local\n10.96.100.20    DGRAM  \n10.96.100.20    RAW    \n2\n');
  });
});

describe('programs an image has but the sandbox does not run', () => {
  it('say so in one line instead of "not found"', async () => {
    const w = cluster();
    expect(await run(w, 'default/toolbox/netshoot', 'nmap -p 80 web')).toEqual({ stdout: '', stderr: 'packetwalk: nmap is not simulated\n', status: 1 });
    expect((await run(w, 'node-1', 'tc qdisc show')).stderr).toBe('packetwalk: tc is not simulated\n');
    expect((await run(w, 'node-1', 'nosuchprogram')).stderr).toBe('bash: nosuchprogram: command not found\n');
  });
});

describe('conntrack -E', () => {
  it('prints NEW and UPDATEs for a connection made from another shell, until Ctrl-C', async () => {
    const w = cluster();
    // The client's node tracks the connection (kube-proxy's DNAT happens there).
    const node = w.cluster!.nodes.get(w.cluster!.pods.get('default/toolbox')!.node)!.machine;
    const sh = createShell(w, node);
    let out = '';
    let err = '';
    const p = sh.exec('conntrack -E -p tcp --orig-dst 10.96.100.10', (c) => { if (c.stream === 'stdout') out += c.text; else err += c.text; });
    await new Promise((r) => setTimeout(r, 0));
    const client = pod(w, 'default/toolbox');
    expect((await run(w, client, 'curl -s -o /dev/null whoami')).status).toBe(0);
    sh.interrupt();
    expect((await p).status).toBe(0);
    const kinds = out.trimEnd().split('\n').map((l) => l.slice(0, 9).trim());
    expect(kinds[0]).toBe('[NEW]');
    expect(kinds).toContain('[UPDATE]');
    expect(out).toMatch(/^ {4}\[NEW\] tcp {6}6 120 SYN_SENT src=10\.244\.\d+\.\d+ dst=10\.96\.100\.10 sport=\d+ dport=80 \[UNREPLIED\] /);
    expect(out).toMatch(/\[UPDATE\] tcp {6}6 432000 ESTABLISHED .* \[ASSURED\] mark=0\n/);
    expect(err).toBe(`conntrack v1.4.7 (conntrack-tools): ${kinds.length} flow events have been shown.\n`);
  });
});
