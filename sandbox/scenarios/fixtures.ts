/**
 * Small scenario texts for tests (this layer's and others'): N nodes on one LAN behind a
 * router, a chosen pod network mode and optional manifests. Built with the same schema and
 * builder as the content scenarios.
 */

/** Options of `clusterScenario`. */
export interface ClusterScenarioOptions {
  nodes?: number;
  network?: 'vxlan' | 'host-gw' | 'routes';
  manifests?: string;
  networkPolicy?: boolean;
}

/** The YAML of a cluster scenario: router `lan` (10.0.16.1/20), nodes node-1..N at 10.0.16.11+. */
export function clusterScenario(o: ClusterScenarioOptions = {}): string {
  const n = o.nodes ?? 2;
  const idx = Array.from({ length: n }, (_, i) => i + 1);
  const hex = (i: number) => (0x10 + i).toString(16).padStart(2, '0');
  const lines = [
    'name: test-cluster', 'machines:', '  - name: lan', '    kind: external', '    links:', '      - { name: br0, kind: bridge }',
    ...idx.map((i) => `      - { name: sw-node-${i}, kind: veth, master: br0, peer: { machine: node-${i}, name: eth0, mac: "52:54:00:00:10:${hex(i)}" } }`),
    '    addresses:', '      - { dev: br0, cidr: 10.0.16.1/20, brd: true }', '    sysctl: { net.ipv4.ip_forward: 1 }',
    ...idx.flatMap((i) => [`  - name: node-${i}`, '    kind: node', '    addresses:', `      - { dev: eth0, cidr: 10.0.16.${10 + i}/20, brd: true }`,
      '    routes:', '      - { dst: default, via: 10.0.16.1, dev: eth0 }', '    sysctl: { net.ipv4.ip_forward: 1 }']),
    'cluster:', `  network: ${o.network ?? 'vxlan'}`, `  networkPolicy: ${o.networkPolicy ?? false}`, '  router: lan', '  nodes:',
    ...idx.map((i) => `    - { name: node-${i} }`),
    '  manifests: |', ...(o.manifests ?? '').split('\n').map((l) => `    ${l}`),
  ];
  return lines.join('\n') + '\n';
}
