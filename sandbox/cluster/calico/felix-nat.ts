/**
 * Felix's outgoing NAT for a pool with `natOutgoing: true` (felix/rules/nat.go): POSTROUTING
 * jumps to cali-POSTROUTING, which jumps to cali-nat-outgoing, which masquerades packets from
 * the pool to anywhere outside every pool, so a pod reaching the LAN or the internet leaves
 * with its node's address (--random-fully, as Felix writes it).
 *
 * Simplified: Felix matches the pools with ipsets (`-m set --match-set cali40masq-ipam-pools
 * src -m set ! --match-set cali40all-ipam-pools dst`) and comments each rule with a
 * `cali:<hash>` id; the sandbox has no ipset and writes the pool CIDR (`-s POOL ! -d POOL`),
 * without the comments. The packets masqueraded are the same for one pool.
 */

/** The iptables-restore payload for `pool`. */
export const felixNatRules = (pool: string): string => `*nat
:cali-POSTROUTING - [0:0]
:cali-nat-outgoing - [0:0]
-A POSTROUTING -j cali-POSTROUTING
-A cali-POSTROUTING -j cali-nat-outgoing
-A cali-nat-outgoing -s ${pool} ! -d ${pool} -j MASQUERADE --random-fully
COMMIT
`;
