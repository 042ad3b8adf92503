import { CancellationToken, neverCancelled, throwIfCancelled } from '../cancellation';
import type { LanguageService } from '../languageService';
import { analyzeMapping } from '../mapping/analysis';
import { isMapping, isMappingFile } from '../mapping/identity';
import { expressionOf, expressionRange, Expression } from '../mapping/model';
import { propertyOrigin, schemaOrigin } from '../mapping/schemas';
import { flowOperationReferences } from '../flow/references';
import { findProperty, type AstNode } from '../parser/ast';
import type { ApiChange, Place } from './model';

/** A place in a mapping or flow that a change touches, and what it does there. */
export interface Impact extends Place {
  /** `reads` (a source expression), `writes` (a target), `names` (a side's or a step's operation). */
  use: 'reads' | 'writes' | 'names';
}

interface PropertyUse {
  place: Place;
  use: 'reads' | 'writes';
  name: string;
  /** The spec node declaring the property, and the spec node of the schema holding it. */
  node?: AstNode;
  parent?: AstNode;
}

/**
 * Which mappings and flows of the workspace use what each change touched: a mapping rule that
 * reads or writes a changed property (found through the same schema resolution the mapping check
 * uses), a mapping side or a flow step that names a changed operation. `specUri` is the spec's
 * current file: the workspace's mappings and flows name it.
 */
export async function impactOf(service: LanguageService, specUri: string, changes: readonly ApiChange[], token: CancellationToken = neverCancelled): Promise<Map<ApiChange, Impact[]>> {
  const result = new Map<ApiChange, Impact[]>(changes.map((c) => [c, []]));
  if (!changes.length) return result;
  const byNode = new Map<AstNode, PropertyUse[]>();
  const byParent = new Map<AstNode, PropertyUse[]>();
  const sides: { place: Place; operation: string }[] = [];
  for (const uri of await service.workspace.listFiles()) {
    if (!isMappingFile(uri)) continue;
    throwIfCancelled(token);
    const doc = await service.documents.get(uri);
    if (!doc || !isMapping(doc) || !doc.parse.root) continue;
    const analysis = await analyzeMapping(service, doc, token);
    if (!analysis.dependencies.includes(specUri)) continue;
    for (const side of [analysis.model.source, analysis.model.target]) {
      const node = side && findProperty(side.node, 'operation');
      if (side?.specUri === specUri && node?.type === 'string') sides.push({ operation: String(node.value), place: { uri, offset: node.offset, length: node.length } });
    }
    const note = (use: PropertyUse): void => {
      if (use.node) (byNode.get(use.node) ?? byNode.set(use.node, []).get(use.node)!).push(use);
      if (use.parent) (byParent.get(use.parent) ?? byParent.set(use.parent, []).get(use.parent)!).push(use);
    };
    const place = (expr: Expression, start: number, end: number): Place => ({ uri, ...expressionRange(expr, start, end - start) });
    for (const e of analysis.expressions) {
      for (const ref of e.analysis.refs) {
        if (!ref.parent) continue;
        note({ place: place(e.expr, ref.start, ref.end), use: 'reads', name: ref.name, node: propertyOrigin(ref.parent, ref.name)?.node, parent: schemaOrigin(ref.parent)?.node });
      }
    }
    for (const t of analysis.targets) {
      const expr = t.field.targetNode ? expressionOf(doc, t.field.targetNode) : undefined;
      if (!expr) continue;
      for (const seg of t.segments) {
        if (!seg.parent) continue;
        note({ place: place(expr, seg.start, seg.end), use: 'writes', name: seg.name, node: propertyOrigin(seg.parent, seg.name)?.node, parent: schemaOrigin(seg.parent)?.node });
      }
    }
  }
  const steps = new Map<string, Place[]>();
  for (const change of changes) {
    const impacts = result.get(change)!;
    const property = change.subject?.property;
    if (property) {
      const uses = property.node ? byNode.get(property.node) ?? [] : (byParent.get(property.parent!) ?? []).filter((u) => u.name === property.name);
      for (const u of uses) impacts.push({ ...u.place, use: u.use });
    }
    const operationId = change.subject?.operationId ?? change.operationId;
    if (!operationId) continue;
    if (!property) for (const side of sides) if (side.operation === operationId) impacts.push({ ...side.place, use: 'names' });
    if (!steps.has(operationId)) {
      const locations = await flowOperationReferences(service, specUri, operationId, token);
      const places: Place[] = [];
      for (const l of locations) {
        const doc = await service.documents.get(l.uri);
        if (doc) places.push({ uri: l.uri, offset: doc.lines.offsetAt(l.range.start), length: doc.lines.offsetAt(l.range.end) - doc.lines.offsetAt(l.range.start) });
      }
      steps.set(operationId, places);
    }
    for (const step of steps.get(operationId)!) impacts.push({ ...step, use: 'names' });
  }
  return result;
}
