/** The kubernetes plugin's `ttl` as read from a Corefile (plugin/kubernetes/setup.go). */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TTL, kubernetesTtl } from './corefile.ts';
import { corefile } from './addons.ts';

describe('Corefile ttl', () => {
  it('reads kubeadm\'s `ttl 30`', () => {
    expect(kubernetesTtl(corefile('cluster.local'))).toBe(30);
  });

  it('defaults to 5 without the option, without a kubernetes block, or without a Corefile', () => {
    expect(DEFAULT_TTL).toBe(5);
    expect(kubernetesTtl(corefile('cluster.local').replace(/^\s*ttl 30\n/m, ''))).toBe(5);
    expect(kubernetesTtl('.:53 {\n    forward . /etc/resolv.conf\n}\n')).toBe(5);
    expect(kubernetesTtl(undefined)).toBe(5);
  });

  it('takes 0 and 3600, not values setup.go rejects, and only the kubernetes block\'s ttl', () => {
    const with_ = (t: string) => corefile('cluster.local').replace('ttl 30', `ttl ${t}`);
    expect(kubernetesTtl(with_('0'))).toBe(0);
    expect(kubernetesTtl(with_('3600'))).toBe(3600);
    expect(kubernetesTtl(with_('3601'))).toBe(5);
    expect(kubernetesTtl(with_('ten'))).toBe(5);
    expect(kubernetesTtl('.:53 {\n    hosts /etc/hosts {\n      ttl 60\n    }\n    kubernetes cluster.local {\n    }\n}\n')).toBe(5);
  });
});
