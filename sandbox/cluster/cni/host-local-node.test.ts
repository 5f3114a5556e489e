// host-local's disk store on a booted cluster node: the files follow CNI ADD and DEL (the
// pod's sandbox id and eth0 in its address's file), and the shell's ls and cat read them.
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../scenarios/index.ts';
import { clusterScenario } from '../../scenarios/fixtures.ts';
import { createShell } from '../../shell/session.ts';
import { deleteObject } from '../store.ts';
import { reconcileAll } from '../reconcile.ts';

const POD = `apiVersion: v1
kind: Pod
metadata: { name: a }
spec:
  nodeName: node-2
  containers: [{ name: c, image: "nginx:1.27" }]`;

describe('host-local files on the node', () => {
  it('ADD writes <ip> with the sandbox id and eth0; DEL removes it; ls and cat show them', async () => {
    const r = bootScenario(clusterScenario({ nodes: 2, manifests: POD }), 2);
    if (typeof r === 'string') throw new Error(r);
    const w = r.world;
    const rt = w.cluster!.pods.get('default/a')!;
    const files = w.machines.get('node-2')!.files;
    const dir = '/var/lib/cni/networks/cbr0';
    expect(files.get(`${dir}/${rt.ip}`)).toBe(`${rt.sandboxId}\r\neth0`);
    expect(files.get(`${dir}/last_reserved_ip.0`)).toBe(rt.ip);
    const sh = createShell(w, 'node-2');
    let out = '';
    await sh.exec(`ls ${dir}; cat ${dir}/${rt.ip}`, (c) => { if (c.stream === 'stdout') out += c.text; });
    expect(out).toContain(rt.ip);
    expect(out).toContain('last_reserved_ip.0');
    expect(out).toContain(`${rt.sandboxId}\r\neth0`);
    deleteObject(w, 'Pod', 'default', 'a');
    for (let i = 0; i < 5 && w.cluster!.pods.has('default/a'); i++) { w.clock.ms += 60_000; reconcileAll(w); }
    expect(w.cluster!.pods.has('default/a')).toBe(false);
    expect(files.has(`${dir}/${rt.ip}`)).toBe(false);
    expect(files.get(`${dir}/last_reserved_ip.0`)).toBe(rt.ip);
  });
});
