import type { NodePath } from '../document.js';

/**
 * The fields of a desired-state document that hold a secret reference: exactly those the schema marks
 * `writeOnly` (a test keeps the two in step). A `${env:…}`/`${file:…}` reference is resolved in these fields
 * and in no other field of any request; the planner maps each onto the request body that carries it.
 */
export const SECRET_FIELDS: readonly NodePath[] = [['spec', 'azureKeyVault', 'secret']];
