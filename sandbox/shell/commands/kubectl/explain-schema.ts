/**
 * The schema `kubectl explain` reads, for the kinds and fields the sandbox models: a small
 * stand-in for the API server's OpenAPI v3 document. Field names, types, required fields and
 * enums are the API's (k8s.io/api core/v1, apps/v1, networking.k8s.io/v1); the descriptions
 * are this project's own short summaries of what the field does in the simulated cluster,
 * not the API's text. Fields the sandbox does not model are absent, so explain says they do
 * not exist (simplified: a real cluster lists them).
 */

/** A field's type as typeGuess prints it: a primitive, a named object, an array or a map of one. */
export type TypeRef = 'string' | 'integer' | 'boolean' | 'IntOrString' | { ref: string } | { array: TypeRef } | { map: TypeRef };

/** One field of a type. */
export interface FieldSchema {
  type: TypeRef;
  description: string;
  required?: boolean;
  enum?: readonly string[];
}

/** A named object type. */
export interface TypeSchema {
  description: string;
  fields: Readonly<Record<string, FieldSchema>>;
}

const ref = (name: string): TypeRef => ({ ref: name });
const arr = (t: TypeRef): TypeRef => ({ array: t });
const f = (type: TypeRef, description: string, extra: Partial<FieldSchema> = {}): FieldSchema => ({ type, description, ...extra });
const PROTOCOL = ['SCTP', 'TCP', 'UDP'] as const;

/** Fields every top-level kind has. */
const top = (kind: string, spec?: string, status?: string): Record<string, FieldSchema> => ({
  apiVersion: f('string', 'The versioned schema this object follows, such as v1 or apps/v1.'),
  kind: f('string', `The type of object: ${kind}.`),
  metadata: f(ref('ObjectMeta'), 'Name, namespace, labels and other data that identify the object.'),
  ...(spec ? { spec: f(ref(spec), `The desired state of the ${kind}.`) } : {}),
  ...(status ? { status: f(ref(status), `The state of the ${kind} as last observed by the cluster; read-only.`) } : {}),
});

/** The types, by name. */
export const TYPES: Readonly<Record<string, TypeSchema>> = {
  Pod: { description: 'A group of containers that share one network namespace (one IP address) and run together on a node.', fields: top('Pod', 'PodSpec', 'PodStatus') },
  Service: { description: 'A stable virtual address and DNS name in front of a set of pods chosen by a label selector.', fields: top('Service', 'ServiceSpec') },
  Deployment: { description: 'Keeps a number of identical pods running from a template, replacing them through ReplicaSets.', fields: top('Deployment', 'DeploymentSpec') },
  NetworkPolicy: { description: 'Rules for which traffic may reach, or leave, the pods it selects.', fields: top('NetworkPolicy', 'NetworkPolicySpec') },
  Namespace: { description: 'A scope for names; most objects live in one.', fields: top('Namespace') },
  ObjectMeta: {
    description: 'Data that identifies an object and lets others find it.',
    fields: {
      name: f('string', 'The name, unique among objects of this kind in the namespace.'),
      namespace: f('string', 'The namespace the object lives in; empty for cluster-wide kinds.'),
      labels: f({ map: 'string' }, 'Key/value pairs that selectors match (Services, Deployments, NetworkPolicies).'),
      annotations: f({ map: 'string' }, 'Key/value pairs for tools; never used for selection.'),
      uid: f('string', 'A unique id the API server assigns; read-only.'),
      resourceVersion: f('string', 'The version of the object the API server last stored; read-only.'),
      creationTimestamp: f('string', 'When the object was created; read-only.'),
    },
  },
  PodSpec: {
    description: 'What a pod runs and how it is placed and connected.',
    fields: {
      containers: f(arr(ref('Container')), 'The containers of the pod; at least one.', { required: true }),
      nodeName: f('string', 'The node the pod is bound to; the scheduler sets it when empty.'),
      nodeSelector: f({ map: 'string' }, 'Node labels the pod requires.'),
      hostNetwork: f('boolean', "Run in the node's network namespace instead of one of the pod's own."),
      dnsPolicy: f('string', 'How the pod\'s /etc/resolv.conf is written.', { enum: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] }),
      restartPolicy: f('string', 'Whether containers are restarted when they exit.', { enum: ['Always', 'Never', 'OnFailure'] }),
      tolerations: f(arr(ref('Toleration')), 'Taints the pod tolerates, so it may be scheduled onto nodes carrying them.'),
    },
  },
  PodStatus: {
    description: 'The observed state of a pod.',
    fields: {
      phase: f('string', 'Where the pod is in its life.', { enum: ['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown'] }),
      podIP: f('string', "The pod's IP address, given by the CNI plugin."),
      hostIP: f('string', 'The IP address of the node the pod runs on.'),
    },
  },
  Toleration: {
    description: 'Lets a pod be scheduled onto a node with a matching taint.',
    fields: {
      key: f('string', 'The taint key to match; empty with operator Exists matches every taint.'),
      operator: f('string', 'How key and value are compared.', { enum: ['Equal', 'Exists'] }),
      value: f('string', 'The taint value to match with operator Equal.'),
      effect: f('string', 'The taint effect to match; empty matches all.', { enum: ['NoExecute', 'NoSchedule', 'PreferNoSchedule'] }),
    },
  },
  Container: {
    description: 'One process image to run in the pod.',
    fields: {
      name: f('string', 'The container name, unique within the pod.', { required: true }),
      image: f('string', 'The image to run; its entrypoint decides which ports it listens on.'),
      command: f(arr('string'), "Replaces the image's entrypoint."),
      args: f(arr('string'), "Arguments to the entrypoint; Go programs read their flags from them."),
      ports: f(arr(ref('ContainerPort')), 'Ports the container says it uses. Informational: a process listens where it binds, listed or not; names here are what named ports resolve to.'),
      env: f(arr(ref('EnvVar')), 'Environment variables set in the container.'),
      securityContext: f(ref('SecurityContext'), 'Privileges of the container, such as Linux capabilities.'),
    },
  },
  ContainerPort: {
    description: 'One port of a container.',
    fields: {
      containerPort: f('integer', 'The port number on the pod IP, 1 to 65535.', { required: true }),
      hostPort: f('integer', "A port on the node that is forwarded to containerPort (the CNI portmap plugin's DNAT)."),
      hostIP: f('string', 'The node address a hostPort binds; all addresses when empty.'),
      name: f('string', 'A name for the port that Services and NetworkPolicies can use instead of the number.'),
      protocol: f('string', 'The protocol of the port; TCP when empty.', { enum: PROTOCOL }),
    },
  },
  EnvVar: {
    description: 'One environment variable.',
    fields: { name: f('string', 'The variable name.', { required: true }), value: f('string', 'The value.') },
  },
  SecurityContext: {
    description: 'Privileges and access control of a container.',
    fields: {
      capabilities: f(ref('Capabilities'), 'Linux capabilities added to or dropped from the runtime\'s default set.'),
      privileged: f('boolean', 'Run with all capabilities and a writable /proc/sys.'),
    },
  },
  Capabilities: {
    description: 'Linux capabilities to add or drop.',
    fields: { add: f(arr('string'), 'Capabilities to add, such as NET_ADMIN.'), drop: f(arr('string'), 'Capabilities to drop.') },
  },
  ServiceSpec: {
    description: 'How a Service is reached and which pods serve it.',
    fields: {
      type: f('string', 'How the Service is exposed.', { enum: ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] }),
      selector: f({ map: 'string' }, 'Pod labels; the ready pods matching them become the endpoints.'),
      ports: f(arr(ref('ServicePort')), 'The ports the Service exposes.'),
      clusterIP: f('string', 'The virtual IP kube-proxy programs; None makes a headless Service. Immutable once set.'),
      externalName: f('string', 'The DNS name an ExternalName Service is a CNAME for.'),
      externalTrafficPolicy: f('string', 'Whether traffic from outside may be sent to endpoints on other nodes.', { enum: ['Cluster', 'Local'] }),
      sessionAffinity: f('string', 'Whether a client keeps reaching the same endpoint.', { enum: ['ClientIP', 'None'] }),
    },
  },
  ServicePort: {
    description: 'One port of a Service.',
    fields: {
      name: f('string', 'The port name; required when there is more than one port.'),
      port: f('integer', 'The port on the cluster IP.', { required: true }),
      targetPort: f('IntOrString', "The pods' port, a number or a container port name; port's value when empty."),
      nodePort: f('integer', 'The port on every node for NodePort and LoadBalancer Services.'),
      protocol: f('string', 'The protocol of the port; TCP when empty.', { enum: PROTOCOL }),
    },
  },
  DeploymentSpec: {
    description: 'The desired pods of a Deployment.',
    fields: {
      replicas: f('integer', 'How many pods to run; 1 when empty.'),
      selector: f(ref('LabelSelector'), 'The labels of the pods the Deployment owns; must match the template.', { required: true }),
      template: f(ref('PodTemplateSpec'), 'The pod every replica is made from.', { required: true }),
    },
  },
  PodTemplateSpec: {
    description: 'A pod to create, without its status.',
    fields: { metadata: f(ref('ObjectMeta'), 'Labels and other metadata of the pods made from it.'), spec: f(ref('PodSpec'), 'The spec of the pods made from it.') },
  },
  LabelSelector: {
    description: 'Selects objects by their labels; the requirements are ANDed. An empty selector selects everything.',
    fields: {
      matchLabels: f({ map: 'string' }, 'Labels that must be present with exactly these values.'),
      matchExpressions: f(arr(ref('LabelSelectorRequirement')), 'Requirements on labels with In, NotIn, Exists or DoesNotExist.'),
    },
  },
  LabelSelectorRequirement: {
    description: 'One requirement on a label.',
    fields: {
      key: f('string', 'The label key.', { required: true }),
      operator: f('string', 'In, NotIn, Exists or DoesNotExist.', { required: true }),
      values: f(arr('string'), 'The values for In and NotIn; empty for Exists and DoesNotExist.'),
    },
  },
  NetworkPolicySpec: {
    description: 'Which pods a NetworkPolicy isolates and what it allows them.',
    fields: {
      podSelector: f(ref('LabelSelector'), 'The pods of this namespace the policy applies to; empty selects them all.'),
      policyTypes: f(arr('string'), 'Ingress, Egress or both: the directions the selected pods are isolated in.'),
      ingress: f(arr(ref('NetworkPolicyIngressRule')), 'Traffic allowed to the selected pods; any rule that matches allows.'),
      egress: f(arr(ref('NetworkPolicyEgressRule')), 'Traffic allowed from the selected pods; any rule that matches allows.'),
    },
  },
  NetworkPolicyIngressRule: {
    description: 'Traffic allowed in: from any of the peers, to any of the ports.',
    fields: {
      from: f(arr(ref('NetworkPolicyPeer')), 'The sources allowed; empty allows every source.'),
      ports: f(arr(ref('NetworkPolicyPort')), 'The destination ports allowed; empty allows every port.'),
    },
  },
  NetworkPolicyEgressRule: {
    description: 'Traffic allowed out: to any of the peers, on any of the ports.',
    fields: {
      to: f(arr(ref('NetworkPolicyPeer')), 'The destinations allowed; empty allows every destination.'),
      ports: f(arr(ref('NetworkPolicyPort')), 'The destination ports allowed; a named port is looked up on the destination pod.'),
    },
  },
  NetworkPolicyPeer: {
    description: 'A set of pods, namespaces or addresses; podSelector with namespaceSelector means both must match.',
    fields: {
      podSelector: f(ref('LabelSelector'), "Pods by label, in the policy's namespace unless namespaceSelector is set."),
      namespaceSelector: f(ref('LabelSelector'), 'Namespaces by label.'),
      ipBlock: f(ref('IPBlock'), 'A CIDR range, with exceptions.'),
    },
  },
  NetworkPolicyPort: {
    description: 'A port, a port range or every port of a protocol.',
    fields: {
      protocol: f('string', 'The protocol; TCP when empty. Without a port it means every port of it.', { enum: PROTOCOL }),
      port: f('IntOrString', 'A port number or a container port name.'),
      endPort: f('integer', 'With a numeric port, the last port of a range.'),
    },
  },
  IPBlock: {
    description: 'An IP range.',
    fields: { cidr: f('string', 'The range, such as 10.244.0.0/16.', { required: true }), except: f(arr('string'), 'Ranges inside cidr that are left out.') },
  },
};

/** The kinds explain knows, with their group and version as explain prints them. */
export const EXPLAINED: Readonly<Record<string, { group?: string; version: string }>> = {
  Pod: { version: 'v1' }, Service: { version: 'v1' }, Namespace: { version: 'v1' },
  Deployment: { group: 'apps', version: 'v1' }, NetworkPolicy: { group: 'networking.k8s.io', version: 'v1' },
};
