// What the finding store takes in: a Hit with the provenance of the text it was found in.
import type { Hit, NameField, Provenance } from '../types.js';

/** A Hit as it comes back from a worker: with the provenance of the text it was found in. */
export interface PlacedHit {
  hit: Hit;
  /** Every place holding the text (git: up to MAX_PROVENANCE (commit, path) pairs per blob). */
  provenance: Provenance[];
  encoding?: string;
  /** Places beyond `provenance` that carry the same bytes (see Chunk.moreProvenance). */
  moreProvenance?: number;
  /** Found in a name, not in content (engine/names.ts). */
  field?: NameField;
}
