/**
 * What the semantic rules remember between checks of a root, kept by the language service (one
 * per service) so that a keystroke re-walks only what it changed. Each rule keeps its own part per
 * root document and version; the parts hold results by value objects (WeakMaps), which an edit
 * replaces only along the path to what it changed.
 */
export class RuleMemory {
  private readonly parts = new Map<object, Map<string, { version: string; part: unknown }>>();

  /** A rule's part for one root (`key` names the rule), made again when the root's version changes. */
  part<T>(key: object, rootUri: string, version: string, create: () => T): T {
    let byRoot = this.parts.get(key);
    if (!byRoot) this.parts.set(key, (byRoot = new Map()));
    const known = byRoot.get(rootUri);
    if (known && known.version === version) return known.part as T;
    const part = create();
    byRoot.set(rootUri, { version, part });
    return part;
  }
}
