/**
 * capstone: "life of a packet, broken in four places". A seeded generator of broken clusters
 * (generate.ts) over a catalogue of faults (catalogue.ts), each with its symptom as an
 * exercise and its reference fix. Pure data and functions: may import core and grading's
 * spec types; imported by the api.
 */
export { generateCapstone, normalSeed, CAPSTONE_SCENARIO, type CapstonePlan, type Symptom, type PrepareLine } from './generate.ts';
export { LAYERS, CATALOGUE, type Layer, type Fault } from './catalogue.ts';
