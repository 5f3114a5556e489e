/**
 * `kubectl describe` of ReplicaSets, DaemonSets, Namespaces, IngressClasses and ConfigMaps in
 * staging/src/k8s.io/kubectl/pkg/describe/describe.go's layouts (describeReplicaSet,
 * describeDaemonSet, DescribePodTemplate, describeNamespace, describeIngressClassV1,
 * describeConfigMap), written
 * through Go's tabwriter: the DaemonSet's `Number of Nodes ...` lines have no tab and so split
 * the aligned blocks. Before these layouts the kinds printed their spec as YAML.
 */
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../../scenarios/index.ts';
import { scenarioText } from '../../../../scripts/lesson-files.ts';
import { createShell } from '../../session.ts';
import { tolerationLines } from './describe-workloads.ts';
import { formatLabelSelector } from './describe-helpers.ts';

async function shell(scenario = 'default') {
  const r = bootScenario(scenarioText(scenario)!, 1);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-1');
  return async (l: string) => { let out = ''; await sh.exec(l, (c) => { out += c.text; }); return out; };
}

describe('kubectl describe workloads', () => {
  it('replicaset: header, replicas, pods status, pod template, events', async () => {
    const run = await shell();
    const rs = (await run("kubectl get rs -l app=web -o jsonpath='{.items[0].metadata.name}'")).trim();
    const out = await run(`kubectl describe rs ${rs}`);
    expect(out.split('\n').slice(0, 27).join('\n')).toBe([
      `Name:           ${rs}`,
      'Namespace:      default',
      `Selector:       app=web,pod-template-hash=${rs.slice(4)}`,
      'Labels:         app=web',
      `                pod-template-hash=${rs.slice(4)}`,
      'Annotations:    deployment.kubernetes.io/desired-replicas: 2',
      '                deployment.kubernetes.io/max-replicas: 3',
      '                deployment.kubernetes.io/revision: 1',
      'Controlled By:  Deployment/web',
      'Replicas:       2 current / 2 desired',
      'Pods Status:    2 Running / 0 Waiting / 0 Succeeded / 0 Failed',
      'Pod Template:',
      '  Labels:  app=web',
      `           pod-template-hash=${rs.slice(4)}`,
      '  Containers:',
      '   nginx:',
      '    Image:         nginx:1.27',
      '    Port:          80/TCP',
      '    Host Port:     0/TCP',
      '    Environment:   <none>',
      '    Mounts:        <none>',
      '  Volumes:         <none>',
      '  Node-Selectors:  <none>',
      '  Tolerations:     <none>',
      'Events:',
      '  Type    Reason            Age   From                   Message',
      '  ----    ------            ----  ----                   -------',
    ].join('\n'));
    expect(out).toMatch(/^ {2}Normal {2}SuccessfulCreate {2}7m {4}replicaset-controller {2}Created pod: web-/m);
  });

  it('replicaset scaled by its Deployment: the controller keeps the replicas annotations', async () => {
    const run = await shell();
    await run('kubectl scale deploy web --replicas=4');
    const out = await run('kubectl describe rs -l app=web');
    expect(out).toContain('deployment.kubernetes.io/desired-replicas: 4\n                deployment.kubernetes.io/max-replicas: 5\n');
    expect(out).toContain('Replicas:       4 current / 4 desired\n');
  });

  it('daemonset: the untabbed node counts, pods status, template with command, node selector and tolerations', async () => {
    const run = await shell();
    const out = await run('kubectl describe ds kube-proxy -n kube-system');
    expect(out).toContain([
      'Annotations:    <none>',
      'Desired Number of Nodes Scheduled: 2',
      'Current Number of Nodes Scheduled: 2',
      'Number of Nodes Scheduled with Up-to-date Pods: 2',
      'Number of Nodes Scheduled with Available Pods: 2',
      'Number of Nodes Misscheduled: 0',
      'Pods Status:  2 Running / 0 Waiting / 0 Succeeded / 0 Failed',
      'Pod Template:',
    ].join('\n'));
    expect(out).toMatch(/^Node-Selector:\s+kubernetes\.io\/os=linux$/m);
    expect(out).toMatch(/^ {4}Command:\n {6}\/usr\/local\/bin\/kube-proxy\n/m);
    expect(out).toMatch(/^ {2}Tolerations:\s+op=Exists$/m);
    expect(out).toMatch(/Normal\s+SuccessfulCreate\s+\S+\s+daemonset-controller\s+Created pod: kube-proxy-/);
  });

  it('namespace and ingressclass', async () => {
    const run = await shell();
    expect(await run('kubectl describe ns default')).toBe(
      'Name:         default\nLabels:       kubernetes.io/metadata.name=default\nAnnotations:  <none>\nStatus:       Active\n\nNo resource quota.\n\nNo LimitRange resource.\n');
    const out = await (await shell('ingress'))('kubectl describe ingressclass nginx');
    expect(out).toMatch(/^Annotations:\s+<none>\nController:\s+k8s\.io\/ingress-nginx\nEvents:\s+<none>\n$/m);
  });

  // describeConfigMap: each value then a newline (so a value that ends in one leaves a blank
  // line, as the Corefile does), BinaryData, a blank line, the events.
  it('configmap: Data and BinaryData sections', async () => {
    const run = await shell();
    await run('kubectl create configmap x --from-literal=a=1 --from-literal=b=2');
    expect(await run('kubectl describe cm x')).toBe(
      'Name:         x\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\na:\n----\n1\nb:\n----\n2\n\nBinaryData\n====\n\nEvents:  <none>\n');
    expect(await run('kubectl describe cm coredns -n kube-system')).toMatch(/^ {4}loadbalance\n}\n\n\nBinaryData\n====\n\nEvents: {2}<none>\n$/m);
  });

  // describeContainerBasicInfo: several ports print as `Ports:` and `Host Ports:`.
  it('a container with several ports (CoreDNS): Ports and Host Ports', async () => {
    const run = await shell();
    const out = await run('kubectl describe pod -n kube-system -l k8s-app=kube-dns');
    expect(out).toMatch(/^ {4}Ports: {9}53\/UDP, 53\/TCP, 9153\/TCP\n {4}Host Ports: {4}0\/UDP, 0\/TCP, 0\/TCP\n/m);
    expect(await run('kubectl describe rs -n kube-system -l k8s-app=kube-dns')).toMatch(/^ {4}Ports: +53\/UDP, 53\/TCP, 9153\/TCP\n/m);
  });

  it('selectors and tolerations as kubectl formats them', () => {
    expect(formatLabelSelector({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'c', operator: 'In', values: ['y', 'x'] }, { key: 'd', operator: 'DoesNotExist' }] })).toBe('a=1,b=2,c in (x,y),!d');
    expect(formatLabelSelector(undefined)).toBe('<none>');
    expect(tolerationLines('', [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }, { operator: 'Exists' }, { key: 'x', value: 'v', effect: 'NoExecute', tolerationSeconds: 5 }]))
      .toBe('Tolerations:\tk:NoSchedule op=Exists\n\top=Exists\n\tx=v:NoExecute for 5s\n');
  });
});
