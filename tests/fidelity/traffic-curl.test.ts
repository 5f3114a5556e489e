// curl in the reference lab against real Linux's answers (golden/lab-*.curl-*): what the
// server sees after DNAT/SNAT (hairpin as 10.244.1.1, the node as 10.244.1.0 or its cni0
// address, egress MASQUERADEd to the node IP), header formats, and errors 6/7/28.
import { describe, expect, it } from 'vitest';
import { golden, lab, maskHttp, run } from './traffic-lab.helper.ts';

const lines = (s: string) => s.split('\n').filter(Boolean);

describe('curl in the reference lab', () => {
  it.each([
    ['lab-n1-pa', 'curl -sS -m 5 http://10.244.1.3:8080/', 'lab-n1-pa.curl-pod-b-same-node'],
    ['lab-n1-pa', 'curl -sS -m 5 http://10.244.2.2:8080/', 'lab-n1-pa.curl-pod-c-cross-node'],
    ['lab-n1-pb', 'curl -sS -m 5 http://10.244.1.2:8080/', 'lab-n1-pb.curl-pod-a-same-node'],
    ['lab-n1-pb', 'curl -sS -m 5 http://10.244.2.3:8080/', 'lab-n1-pb.curl-pod-d-cross-node'],
    ['lab-n2-pc', 'curl -sS -m 5 http://10.244.1.2:8080/', 'lab-n2-pc.curl-pod-a-cross-node'],
    ['lab-n1-pa', 'curl -sS -m 5 http://10.0.16.1/', 'lab-n1-pa.curl-external'],
    ['lab-n2-pc', 'curl -sS -m 5 http://10.0.16.1/', 'lab-n2-pc.curl-external'],
    ['lab-node1', 'curl -sS -m 5 http://10.0.16.1/', 'lab-node1.curl-external'],
    ['lab-n1-pa', 'curl -i -sS -m 5 http://10.244.2.2:8080/', 'lab-n1-pa.curl-i-pod-c'],
  ])('%s: %s prints what the lab printed', async (on, line, file) => {
    const r = await run(lab(), on, line);
    expect(r.status).toBe(0);
    expect(maskHttp(r.stdout)).toBe(maskHttp(golden(file)));
  });

  it.each([
    ['lab-n1-pa', 12, 'lab-n1-pa.curl-service-x12'],
    ['lab-n2-pd', 12, 'lab-n2-pd.curl-service-x12'],
    ['lab-node1', 8, 'lab-node1.curl-service-x8'],
  ])('%s: the ClusterIP reaches both endpoints with the client addresses the lab saw', async (on, n, file) => {
    const world = lab(3);
    const r = await run(world, on, `for i in $(seq 1 ${n}); do curl -sS -m 5 http://10.96.0.10/; done`);
    const got = new Set(lines(maskHttp(r.stdout)));
    const want = new Set(lines(maskHttp(golden(file))));
    // The endpoint is a random pick: every line must be one the lab printed, and with this
    // many tries both endpoints answer (the lab's files show both, too).
    for (const l of got) expect(want).toContain(l);
    expect(got.size).toBe(want.size);
  });

  it.each([
    [8, '10.0.16.11', 'lab-lan.curl-node1-nodeport-x8'],
    [6, '10.0.16.12', 'lab-lan.curl-node2-nodeport-x4'],
  ])('NodePort from the LAN (%i tries on %s): the pod sees the node as the client', async (n, node, file) => {
    const r = await run(lab(5), 'lab-lan', `for i in $(seq 1 ${n}); do curl -sS -m 5 http://${node}:30080/; done`);
    const want = new Set(lines(maskHttp(golden(file))));
    const got = new Set(lines(maskHttp(r.stdout)));
    for (const l of got) expect(want).toContain(l);
    expect(got.size).toBe(want.size);
  });

  it('-v prints the exchange as curl 7.88 does (the progress meter aside: stdout is a terminal here)', async () => {
    const r = await run(lab(), 'lab-n1-pa', 'curl -sS -v -m 5 http://10.96.0.10/');
    const want = golden('lab-n1-pa.curl-sS-v-service', 'stderr').replace('{ [64 bytes data]\n', '');
    expect(maskHttp(r.stderr)).toBe(maskHttp(want));
  });

  it.each([
    ['curl -sS -m 5 http://10.244.1.3:9999/', 7, 'lab-n1-pa.curl-closed-port'],
    ['curl -sS --connect-timeout 2 http://10.244.9.9:8080/', 28, 'lab-n1-pa.curl-connect-timeout-unknown-pod'],
    ['curl -sS --connect-timeout 2 http://10.96.0.10:8080/', 28, 'lab-n1-pa.curl-service-wrong-port'],
    ['curl -sS -m 5 http://web.default.svc.cluster.local/', 6, 'lab-n1-pa.curl-unresolvable-name'],
  ])('%s fails with %i and the lab\'s message', async (line, code, file) => {
    const r = await run(lab(), 'lab-n1-pa', line);
    expect(r.status).toBe(code);
    expect(r.stdout).toBe('');
    const mask = (s: string) => s.replace(/after (\d+) ms/, (_a, ms: string) => `after ${Math.round(Number(ms) / 100) * 100} ms`);
    expect(mask(r.stderr)).toBe(mask(golden(file, 'stderr')));
  });

  it('rejects bad command lines as curl does', async () => {
    const world = lab();
    expect(await run(world, 'lab-n1-pa', 'curl --foo http://x/')).toMatchObject({ status: 2, stderr: "curl: option --foo: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n" });
    expect(await run(world, 'lab-n1-pa', 'curl -sS http://1.2.3.4:99999/')).toMatchObject({ status: 3, stderr: 'curl: (3) URL using bad/illegal format or missing URL\n' });
    expect(await run(world, 'lab-n1-pa', 'curl -sS gopher2://x/')).toMatchObject({ status: 1, stderr: 'curl: (1) Protocol "gopher2" not supported or disabled in libcurl\n' });
  });
});
