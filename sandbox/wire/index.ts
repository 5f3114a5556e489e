/**
 * wire: addresses (MAC, IPv4, CIDR) and packet values with their sizes. Imports only core.
 */
export * from './ipv4.ts';
export * from './mac.ts';
export * from './packet.ts';
export * from './sctp.ts';
