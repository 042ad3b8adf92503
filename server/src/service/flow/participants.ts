/**
 * A participant's `kind` is open text: flows name schedulers, SFTP drops, SaaS apps, partners.
 * The kinds below are known and drawn with Mermaid's participant shapes; any other kind is drawn
 * as a plain participant.
 */

/** The participant shapes of Mermaid's sequence diagrams (Mermaid 11). */
export type ParticipantShape = 'participant' | 'actor' | 'boundary' | 'control' | 'entity' | 'database' | 'collections' | 'queue';

export interface ParticipantKind {
  kind: string;
  shape: ParticipantShape;
  /** What the kind stands for, shown by completion. */
  description: string;
}

/** The known kinds, offered by completion in this order. */
export const PARTICIPANT_KINDS: readonly ParticipantKind[] = [
  { kind: 'system', shape: 'participant', description: 'A system or application (drawn as a box).' },
  { kind: 'service', shape: 'participant', description: 'A service (drawn as a box).' },
  { kind: 'middleware', shape: 'participant', description: 'An integration layer, ESB or iPaaS (drawn as a box).' },
  { kind: 'actor', shape: 'actor', description: 'A person (drawn as a stick figure).' },
  { kind: 'boundary', shape: 'boundary', description: 'The edge of a system: a user interface, a gateway.' },
  { kind: 'control', shape: 'control', description: 'Logic that coordinates others: an orchestrator, a process.' },
  { kind: 'entity', shape: 'entity', description: 'A business object or the data it holds.' },
  { kind: 'database', shape: 'database', description: 'A database (drawn as a cylinder).' },
  { kind: 'collections', shape: 'collections', description: 'Many instances of the same thing (drawn as stacked boxes).' },
  { kind: 'queue', shape: 'queue', description: 'A queue or topic (drawn as a queue).' },
];

/** Other words for known shapes, accepted as they are. */
const ALIASES: ReadonlyMap<string, ParticipantShape> = new Map<string, ParticipantShape>([
  ['participant', 'participant'],
  ['person', 'actor'],
  ['user', 'actor'],
  ['db', 'database'],
  ['topic', 'queue'],
]);

const SHAPES: ReadonlyMap<string, ParticipantShape> = new Map<string, ParticipantShape>([
  ...PARTICIPANT_KINDS.map((k) => [k.kind, k.shape] as const),
  ...ALIASES,
]);

/** Every kind word that is known, aliases included (for "did you mean"). */
export const KNOWN_KIND_WORDS: readonly string[] = [...SHAPES.keys()];

/** The shape of a known kind (in any letter case), or undefined for a kind that is not known. */
export function knownShape(kind: string): ParticipantShape | undefined {
  return SHAPES.get(kind.trim().toLowerCase());
}

/** How a participant is drawn: the shape of its kind, a plain participant for no kind or another kind. */
export function shapeOf(kind: string | undefined): ParticipantShape {
  return (kind !== undefined && knownShape(kind)) || 'participant';
}
