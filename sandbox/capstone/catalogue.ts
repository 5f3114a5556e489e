/**
 * The capstone's catalogue of faults: each one breaks the working `capstone` scenario at one
 * layer with real command lines (what an operator's slip would have typed), shows one symptom
 * in the learner's terms (a reach check), and has a reference fix. The faults come in groups:
 * faults of one group break the same path, so a capstone takes at most one of each group,
 * and every symptom has exactly one cause. Variants change the details from seed to seed.
 */
import type { CheckSpec } from '../grading/spec.ts';

/** The layers a learner can name for a symptom (the capstone's answer choices). */
export const LAYERS = ['route', 'neighbour/FDB', 'bridge', 'sysctl', 'MTU', 'kube-proxy/endpoints', 'DNS', 'NetworkPolicy', 'SNAT'] as const;
export type Layer = (typeof LAYERS)[number];

/** Command lines run on one machine. */
export interface Lines {
  on: string;
  lines: string[];
}

/** One fault as a capstone uses it. */
export interface Fault {
  /** Catalogue id and variant (`route/blackhole`). */
  id: string;
  layer: Layer;
  /** What the learner sees is wrong, without naming the layer. */
  symptom: string;
  /** The check that fails while the fault is there. */
  check: CheckSpec;
  /** How the fault is made (run before the learner's shell starts; never shown). */
  breaks: Lines;
  /** The reference fix. */
  fix: Lines;
  /** Hints in the order the page reveals them; the last one is the fix. */
  hints: string[];
}

const reach = (from: string, to: string): CheckSpec => ({ reach: { from, to, proto: 'tcp' }, expect: true });

/** node-2's VTEP MAC as node-1 knows it (flannel's neighbour entry for 10.244.1.0). */
const NODE2_VTEP = "$(ip neigh show 10.244.1.0 dev flannel.1 | awk '{print $3}')";

const WEB_SERVICE = (selector: string, targetPort: number): string => `kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: { app: ${selector} }
  ports:
    - { port: 80, targetPort: ${targetPort} }
EOF`;

const CLIENT_POD = (dnsPolicy: boolean): string => `kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: client
  labels: { app: client }
spec:
  nodeName: node-1
${dnsPolicy ? '  dnsPolicy: Default\n' : ''}  containers:
    - name: netshoot
      image: nicolaka/netshoot
      command: ["sleep", "infinity"]
EOF`;

const DENY_API = (name: string, from: string): string => `kubectl apply -f - <<'EOF'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
spec:
  podSelector:
    matchLabels: { app: api }
  policyTypes: [Ingress]
${from}EOF`;

const toNode3: Omit<Fault, 'id' | 'breaks'> = {
  layer: 'route',
  symptom: 'toolbox (on node-1) cannot reach whoami-3 (on node-3) on port 80',
  check: reach('pod/toolbox', 'pod/whoami-3:80'),
  fix: { on: 'node-1', lines: ['ip route replace 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink'] },
  hints: [
    'Where does node-1 send a packet for whoami-3? `ip route get` with whoami-3\'s address.',
    'Compare node-1\'s route for node-3\'s pod range with its route for node-2\'s.',
    'On node-1: `ip route replace 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink`.',
  ],
};

const toNode2: Omit<Fault, 'id' | 'breaks' | 'fix' | 'hints'> = {
  layer: 'neighbour/FDB',
  symptom: 'toolbox (on node-1) cannot reach whoami-2 (on node-2) on port 80',
  check: reach('pod/toolbox', 'pod/whoami-2:80'),
};

const egress = (to: string): Omit<Fault, 'id' | 'breaks' | 'fix' | 'hints' | 'layer'> => ({
  symptom: `toolbox cannot fetch http://${to.replace(/:80$/, '')}/ on the internet`,
  check: reach('pod/toolbox', to),
});

/** The catalogue: groups of faults; each fault lists its variants. */
export const CATALOGUE: Fault[][][] = [
  // node-1 -> node-3's pods
  [[
    { ...toNode3, id: 'route/blackhole', breaks: { on: 'node-1', lines: ['ip route replace blackhole 10.244.2.0/24'] } },
    { ...toNode3, id: 'route/unreachable', breaks: { on: 'node-1', lines: ['ip route replace unreachable 10.244.2.0/24'] } },
    { ...toNode3, id: 'route/deleted', breaks: { on: 'node-1', lines: ['ip route del 10.244.2.0/24'] } },
  ]],
  // node-1 -> node-2's pods, or the cluster's DNS (CoreDNS has a pod on node-2)
  [[
    {
      ...toNode2, id: 'fdb/deleted',
      breaks: { on: 'node-1', lines: [`bridge fdb del ${NODE2_VTEP} dev flannel.1 dst 10.0.16.12`] },
      fix: { on: 'node-1', lines: [`bridge fdb append ${NODE2_VTEP} dev flannel.1 dst 10.0.16.12`] },
      hints: [
        'Follow a packet from toolbox to whoami-2 with pwru: where is it last seen on node-1?',
        'flannel.1 needs, for each remote VTEP MAC, the node to send the VXLAN packet to: `bridge fdb show dev flannel.1` and `ip neigh show dev flannel.1`.',
        `On node-1: \`bridge fdb append ${NODE2_VTEP} dev flannel.1 dst 10.0.16.12\`.`,
      ],
    },
    {
      ...toNode2, id: 'fdb/wrong-dst',
      breaks: { on: 'node-1', lines: [`bridge fdb replace ${NODE2_VTEP} dev flannel.1 dst 10.0.16.99`] },
      fix: { on: 'node-1', lines: [`bridge fdb replace ${NODE2_VTEP} dev flannel.1 dst 10.0.16.12`] },
      hints: [
        'Follow a packet from toolbox to whoami-2 with pwru: which outer destination does the VXLAN packet get?',
        'The FDB entry of flannel.1 for node-2\'s VTEP MAC says where to send it: `bridge fdb show dev flannel.1`. node-2 is 10.0.16.12.',
        `On node-1: \`bridge fdb replace ${NODE2_VTEP} dev flannel.1 dst 10.0.16.12\`.`,
      ],
    },
  ], [
    {
      id: 'dns/default-policy', layer: 'DNS',
      symptom: 'client cannot reach the Service hello by its name (hello.default, port 80)',
      check: reach('pod/client', 'hello.default:80'),
      breaks: { on: 'node-1', lines: ['kubectl delete pod client', CLIENT_POD(true)] },
      fix: { on: 'node-1', lines: ['kubectl delete pod client', CLIENT_POD(false)] },
      hints: [
        'Does `curl` to hello\'s ClusterIP work from client? Then the name is the problem.',
        'Compare `cat /etc/resolv.conf` in client and in toolbox: which server does client ask?',
        'Recreate client without `dnsPolicy: Default` (delete the pod and apply it again).',
      ],
    },
  ]],
  // node-1's pods -> the internet through the gateway
  [[
    {
      ...egress('93.184.215.14:80'), id: 'sysctl/gateway-forwarding', layer: 'sysctl',
      breaks: { on: 'gateway', lines: ['sysctl -w net.ipv4.ip_forward=0'] },
      fix: { on: 'gateway', lines: ['sysctl -w net.ipv4.ip_forward=1'] },
      hints: ['Follow the request with pwru: on which machine is it dropped?', 'A router forwards only when the kernel is told to.', 'On gateway: `sysctl -w net.ipv4.ip_forward=1`.'],
    },
  ], [
    {
      ...egress('1.1.1.1:80'), id: 'snat/narrow', layer: 'SNAT',
      breaks: { on: 'gateway', lines: ['iptables -t nat -R POSTROUTING 1 -s 10.0.16.0/29 -o wan0 -j MASQUERADE'] },
      fix: { on: 'gateway', lines: ['iptables -t nat -R POSTROUTING 1 -s 10.0.16.0/20 -o wan0 -j MASQUERADE'] },
      hints: ['The request reaches the internet: with which source address? Does the answer find its way back?', "Read the gateway's `iptables -t nat -S POSTROUTING`: which sources does it masquerade?", 'On gateway: `iptables -t nat -R POSTROUTING 1 -s 10.0.16.0/20 -o wan0 -j MASQUERADE`.'],
    },
    {
      ...egress('1.1.1.1:80'), id: 'snat/deleted', layer: 'SNAT',
      breaks: { on: 'gateway', lines: ['iptables -t nat -D POSTROUTING 1'] },
      fix: { on: 'gateway', lines: ['iptables -t nat -A POSTROUTING -s 10.0.16.0/20 -o wan0 -j MASQUERADE'] },
      hints: ['The request reaches the internet: with which source address? Does the answer find its way back?', "Read the gateway's `iptables -t nat -S POSTROUTING`.", 'On gateway: `iptables -t nat -A POSTROUTING -s 10.0.16.0/20 -o wan0 -j MASQUERADE`.'],
    },
  ]],
  // toolbox -> the Service web
  [[
    ...([['selector', 'web-frontend', 80], ['target-port', 'web', 8080]] as const).map(([v, sel, port]): Fault => ({
      id: `endpoints/${v}`, layer: 'kube-proxy/endpoints',
      symptom: 'toolbox cannot reach the Service web on port 80',
      check: reach('pod/toolbox', 'service/web:80'),
      breaks: { on: 'node-1', lines: [WEB_SERVICE(sel, port)] },
      fix: { on: 'node-1', lines: [WEB_SERVICE('web', 80)] },
      hints: ['`kubectl get endpoints web`, and the pods\' labels and ports: `kubectl get pods --show-labels`.', 'kube-proxy sends the connection to the endpoints the Service selects, on its targetPort.', 'Apply web again with `selector: { app: web }` and `targetPort: 80`.'],
    })),
  ]],
  // toolbox -> the pod api
  [[
    ...([['deny-api', ''], ['api-from-monitoring', '  ingress:\n    - from:\n        - podSelector: { matchLabels: { app: prometheus } }\n']] as const).map(([name, from]): Fault => ({
      id: `policy/${name}`, layer: 'NetworkPolicy',
      symptom: 'toolbox cannot reach the pod api on port 80',
      check: reach('pod/toolbox', 'pod/api:80'),
      breaks: { on: 'node-1', lines: [DENY_API(name, from)] },
      fix: { on: 'node-1', lines: [`kubectl delete networkpolicy ${name}`] },
      hints: ['The connection is refused or dropped on node-1 itself: by which chain?', '`kubectl get networkpolicy`: which policies select api?', `\`kubectl delete networkpolicy ${name}\`.`],
    })),
  ]],
];
