/**
 * Ingress objects: validation (validate.ts). The ingress controller itself is not written yet.
 */
import { registerValidator } from '../kinds.ts';
import { validateIngress } from './validate.ts';

registerValidator('Ingress', (obj) => validateIngress(obj));
