// The runtime's side (containerd/go-cni loadFromConfDir with max_conf_num 1, libcni
// ConfFiles and AddNetworkList, containerd CRI sandbox_run.go's wording): on a booted node
// the first file of /etc/cni/net.d is the network, a file that sorts first takes over, and a
// failed ADD becomes the pod's FailedCreatePodSandBox event with the plugin's error.
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../scenarios/index.ts';
import { clusterScenario } from '../../scenarios/fixtures.ts';
import { createShell } from '../../shell/session.ts';
import { confFiles, loadConfFile } from './runtime.ts';
import { eventsFor } from '../events.ts';
import { getObject } from '../store.ts';

const STRAY = '{"cniVersion":"1.0.0","name":"containerd-net","plugins":[{"type":"bridge","bridge":"cni0","isGateway":true,"ipam":{"type":"host-local","ranges":[[{"subnet":"10.88.0.0/16"}]]}}]}';
const pod = (name: string) => `kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: Pod\nmetadata: { name: ${name} }\nspec:\n  nodeName: node-1\n  containers: [{ name: c, image: "nginx:1.27" }]\nEOF`;

async function boot() {
  const r = bootScenario(clusterScenario({ nodes: 2 }), 2);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-1');
  const run = async (line: string) => { let out = ''; await sh.exec(line, (c) => { out += c.text; }); return out; };
  return { w: r.world, run };
}

describe('the runtime\'s CNI config', () => {
  it('considers .conf, .conflist and .json files of the directory, sorted by name', () => {
    const files = new Map([['/etc/cni/net.d/10-flannel.conflist', ''], ['/etc/cni/net.d/05-x.conf', ''], ['/etc/cni/net.d/README', ''], ['/etc/cni/net.d/sub/00.conf', ''], ['/etc/cni/net.d/99.json', '']]);
    expect(confFiles(files)).toEqual(['/etc/cni/net.d/05-x.conf', '/etc/cni/net.d/10-flannel.conflist', '/etc/cni/net.d/99.json']);
    expect(loadConfFile('/etc/cni/net.d/a.conflist', '{"name":"n","plugins":[]}')).toBe('error parsing configuration list: no plugins in list');
    expect(loadConfFile('/etc/cni/net.d/a.conf', '{"name":"n"}')).toBe("error parsing configuration: missing 'type'");
  });

  it('a file that sorts after flannel\'s is ignored; one that sorts first is used, and cni0 keeps flannel\'s gateway', async () => {
    const { w, run } = await boot();
    await run(`echo '${STRAY}' > /etc/cni/net.d/99-containerd-net.conflist`);
    await run(pod('late'));
    expect(w.cluster!.pods.get('default/late')?.ip).toMatch(/^10\.244\.0\./);
    await run('mv /etc/cni/net.d/99-containerd-net.conflist /etc/cni/net.d/00-containerd-net.conflist');
    await run(pod('stray'));
    const p = getObject(w.cluster!, 'Pod', 'default', 'stray')!;
    expect(w.cluster!.pods.has('default/stray')).toBe(false);
    const ev = eventsFor(w, p.metadata.uid).find((e) => e.reason === 'FailedCreatePodSandBox');
    expect(ev?.message).toMatch(/^Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "[0-9a-f]{64}": plugin type="bridge" failed \(add\): failed to set bridge addr: "cni0" already has an IP address different from 10\.88\.0\.1\/16$/);
    // The failed ADD was torn down: no reservation and no namespace left behind.
    expect([...w.machines.get('node-1')!.files.keys()].filter((f) => f.startsWith('/var/lib/cni/networks/containerd-net/10.'))).toEqual([]);
    expect((await run('kubectl get pod stray')).split('\n')[1]).toMatch(/ContainerCreating/);
  });
});
