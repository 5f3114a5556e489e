/**
 * networking.k8s.io/v1 NetworkPolicy as the API stores it (the fields that carry semantics),
 * and the cluster view the evaluator needs: namespaces with labels, pods with labels, IP, node
 * and named container ports, nodes with their addresses.
 */
import type { LabelSelector } from '../types.ts';

/** `port` is a number or a container port name (IntOrString). */
export interface NetworkPolicyPort {
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  port?: number | string;
  /** Upper end of a port range (only with a numeric `port`). */
  endPort?: number;
}

/** ipBlock: a CIDR with exceptions. */
export interface IPBlock {
  cidr: string;
  except?: string[];
}

/** One peer: pods (in the policy's namespace or selected namespaces) or an IP block. */
export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: IPBlock;
}

/** An ingress rule (`from`) or egress rule (`to`): peers AND ports; absent lists match all. */
export interface NetworkPolicyRule {
  from?: NetworkPolicyPeer[];
  to?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}

/** NetworkPolicy spec. */
export interface NetworkPolicySpec {
  podSelector: LabelSelector;
  policyTypes?: ('Ingress' | 'Egress')[];
  ingress?: NetworkPolicyRule[];
  egress?: NetworkPolicyRule[];
}

/** A NetworkPolicy object (the parts the evaluator reads). */
export interface NetworkPolicyObject {
  metadata: { name: string; namespace?: string };
  spec: NetworkPolicySpec;
}

/** A pod as policy evaluation sees it. */
export interface PolicyPod {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  ip: string;
  /** Node the pod runs on. */
  node: string;
  /** Named container ports: name -> { port, protocol }. */
  ports: { name?: string; containerPort: number; protocol?: string }[];
  /** hostNetwork pods are not selected by policies (they share the node's address). */
  hostNetwork?: boolean;
}

/** The cluster as policy evaluation sees it. */
export interface PolicyCluster {
  namespaces: { name: string; labels: Record<string, string> }[];
  pods: PolicyPod[];
  /** Node name -> the node's own addresses (InternalIP, cni0, flannel.1 ...). */
  nodeAddresses: Map<string, string[]>;
  policies: NetworkPolicyObject[];
}

/** Transport protocol of a connection. */
export type PolicyProtocol = 'TCP' | 'UDP' | 'SCTP';
