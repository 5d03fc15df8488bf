import type { Contract } from '../contract.js';
import { system } from './system.js';

/** Every operation of the HTTP API; each area file exports an array of its contracts. */
export const CONTRACTS: readonly Contract[] = [...system];
