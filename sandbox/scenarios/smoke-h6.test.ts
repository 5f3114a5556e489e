import { it } from 'vitest';
import '../cluster/index.ts';
import { bootScenario } from '../scenarios/index.ts';
import { formatIpv4 } from '../wire/index.ts';
it('smoke', () => {
  for (const name of ['bare-host', 'reference-lab', 'default']) {
    const r = bootScenario(name, 1);
    if (typeof r === 'string') { console.log(name, 'ERROR', r); continue; }
    console.log(name, 'machines', [...r.world.machines.keys()].join(' '), 'start', r.start);
    const c = r.world.cluster;
    if (c) {
      for (const [k, p] of c.pods) console.log(k, p.node, p.ip, p.hostVeth, p.netnsName);
      for (const n of c.objects.get('Node')!.values()) console.log(n.metadata.name, JSON.stringify(n.spec));
      const ns = r.world.netns.get(r.world.machines.get('node-1')!.netns)!;
      console.log([...ns.links.values()].map((l) => `${l.ifindex}:${l.name}:${l.kind}:${l.mtu}:${l.mac}`).join(' '));
      console.log(ns.routes.filter(x=>x.table===254).map((x) => `${formatIpv4(x.dst.addr)}/${x.dst.len} via ${x.via!==undefined?formatIpv4(x.via):''} dev ${x.dev}`).join('\n'));
    }
  }
});
