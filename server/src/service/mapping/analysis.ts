import { CancellationToken, neverCancelled, throwIfCancelled } from '../cancellation';
import { ParsedDocument } from '../documents';
import { Finding } from '../findings';
import { LanguageService } from '../languageService';
import { AstNode, findProperty } from '../parser/ast';
import { closestMatch } from '../suggest';
import { analyzeExpression, ExprAnalysis } from './jsonataAnalysis';
import { expressionOf, expressionRange, Expression, fullTarget, MappingField, MappingModel, readMapping } from './model';
import { resolveSideSchemaWithFiles, SideSchema } from './schemas';
import { elementOf, enumeratePaths, isArraySchema, propertyNames, propertyOf, Schema, typeLabel, typesOf, view } from './schemaNav';
import { validateMappingShape } from './shape';

/** One expression of one field, analysed in its context. */
export interface AnalysedExpression {
  field: MappingField;
  role: 'expr' | 'default' | 'when' | 'each';
  expr: Expression;
  analysis: ExprAnalysis;
  /** The source schema and path the expression is evaluated against. */
  context?: Schema;
  contextPath?: string;
}

/** A target field with the schema it resolves to. */
export interface ResolvedTarget {
  field: MappingField;
  /** The schema of the whole target path (undefined when unknown). */
  schema?: Schema;
  /** Per dotted segment: its span in the target text, its schema and the schema holding it. */
  segments: { name: string; start: number; end: number; schema?: Schema; parent?: Schema; path: string }[];
  /** Full dotted path from the target root. */
  path: string;
  /** The schema the field's children are relative to (items for `each`). */
  childSchema?: Schema;
  /** The source context for children (items of `each`). */
  childContext?: Schema;
  childContextPath?: string;
}

export interface MappingAnalysis {
  model: MappingModel;
  source?: SideSchema;
  target?: SideSchema;
  findings: Finding[];
  dependencies: string[];
  expressions: AnalysedExpression[];
  targets: ResolvedTarget[];
  coverage?: Coverage;
  /** Source paths read by some expression (whole subtrees count). */
  reads: Set<string>;
}

export interface Coverage {
  required: { mapped: number; total: number };
  all: { mapped: number; total: number };
  missingRequired: string[];
  unreadSource: string[];
}

const cache = new WeakMap<ParsedDocument, { key: string; analysis: MappingAnalysis }>();

/** Checks a mapping document against its source and target schemas (cached per version of all files involved). */
export async function analyzeMapping(service: LanguageService, doc: ParsedDocument, token: CancellationToken = neverCancelled): Promise<MappingAnalysis> {
  const cached = cache.get(doc);
  if (cached && (await versionsKey(service, cached.analysis.dependencies)) === cached.key) return cached.analysis;
  const analysis = await run(service, doc, token);
  cache.set(doc, { key: await versionsKey(service, analysis.dependencies), analysis });
  return analysis;
}

async function versionsKey(service: LanguageService, files: string[]): Promise<string> {
  const parts: string[] = [];
  for (const f of files) {
    const file = await service.workspace.readFile(f);
    parts.push(`${f}@${file ? file.version : '-'}`);
  }
  return parts.join('|');
}

async function run(service: LanguageService, doc: ParsedDocument, token: CancellationToken): Promise<MappingAnalysis> {
  const model = readMapping(doc);
  const findings: Finding[] = [];
  const deps = new Set<string>();
  const result: MappingAnalysis = { model, findings, dependencies: [], expressions: [], targets: [], reads: new Set() };
  const report = (node: AstNode, code: string, message: string, onKey = false, data?: Record<string, unknown>): void => {
    const useKey = onKey && node.keyOffset >= 0;
    findings.push({ uri: doc.uri, code, message, offset: useKey ? node.keyOffset : node.offset, length: useKey ? node.keyLength : node.length, data });
  };
  if (!doc.parse.root) return result;
  findings.push(...validateMappingShape(doc));

  for (const side of ['source', 'target'] as const) {
    const r = await resolveSideSchemaWithFiles(service, model, side, token);
    for (const f of r.files) deps.add(f);
    if (r.problem) findings.push(r.problem);
    if (r.schema) result[side] = r.schema;
  }
  throwIfCancelled(token);

  for (const sample of model.samples) {
    deps.add(sample.uri);
    if (sample.expectUri) deps.add(sample.expectUri);
    if (sample.uri === doc.uri) report(sample.pathNode, 'mapping.sample.invalid', 'A sample cannot be the mapping itself.');
    else if (!(await service.workspace.readFile(sample.uri))) report(sample.pathNode, 'mapping.sample.notFound', `Sample not found: ${String(sample.pathNode.value)}.`);
    if (sample.expectUri && sample.expectNode && !(await service.workspace.readFile(sample.expectUri))) {
      report(sample.expectNode, 'mapping.sample.notFound', `Expected output not found: ${String(sample.expectNode.value)}.`);
    }
  }

  const lookups = new Map([...model.lookups].map(([k, v]) => [k, v.entries]));
  const sourceRoot = result.source?.schema;
  const targetRoot = result.target?.schema;

  const visitFields = (fields: MappingField[], targetParent: Schema | undefined, targetPrefix: string, context: Schema | undefined, contextPath: string | undefined, seen: Map<string, AstNode>): void => {
    for (const field of fields) {
      throwIfCancelled(token);
      const analyse = (role: AnalysedExpression['role'], expr: Expression | undefined, ctxSchema: Schema | undefined, ctxPath: string | undefined): AnalysedExpression | undefined => {
        if (!expr) return undefined;
        const analysis = analyzeExpression(expr.text, { schema: ctxSchema, path: ctxPath, root: sourceRoot, lookups });
        const entry: AnalysedExpression = { field, role, expr, analysis, context: ctxSchema, contextPath: ctxPath };
        result.expressions.push(entry);
        const at = (start: number, end: number) => expressionRange(expr, start, end - start);
        if (analysis.syntax) {
          const r = at(analysis.syntax.start, analysis.syntax.end);
          findings.push({ uri: doc.uri, code: 'mapping.expr.syntax', message: analysis.syntax.message, ...r });
        }
        for (const p of analysis.problems) findings.push({ uri: doc.uri, code: p.code, message: p.message, ...at(p.start, p.end), data: p.data });
        for (const r of analysis.reads) result.reads.add(r);
        return entry;
      };

      const resolved = resolveTarget(doc, field, targetParent, targetPrefix);
      result.targets.push(resolved);
      if (field.targetNode) {
        const expr = expressionOf(doc, field.targetNode)!;
        for (const seg of resolved.segments) {
          if (seg.schema || !seg.parent) continue;
          const found = propertyOf(seg.parent, seg.name);
          if (!found.known) break;
          const candidates = propertyNames(seg.parent);
          const suggestion = closestMatch(seg.name, candidates);
          const where = seg.path.includes('.') ? `\`${seg.path.slice(0, seg.path.lastIndexOf('.'))}\`` : 'The target';
          findings.push({
            uri: doc.uri,
            code: 'mapping.target.unknownPath',
            message: `${where} has no field \`${seg.name}\`${suggestion ? `; did you mean \`${suggestion}\`?` : candidates.length ? ` (it has ${candidates.slice(0, 8).map((c) => `\`${c}\``).join(', ')}${candidates.length > 8 ? ', …' : ''}).` : '.'}`,
            ...expressionRange(expr, seg.start, seg.end - seg.start),
            data: suggestion ? { suggestion } : undefined,
          });
          break;
        }
        const previous = seen.get(resolved.path);
        if (previous && field.target) {
          findings.push({
            uri: doc.uri,
            code: 'mapping.target.duplicate',
            message: `\`${resolved.path}\` is already mapped above; the later rule wins.`,
            offset: field.targetNode.offset,
            length: field.targetNode.length,
            related: [{ uri: doc.uri, offset: previous.offset, length: previous.length, message: 'first rule' }],
          });
        } else if (field.target) seen.set(resolved.path, field.targetNode);
        if (resolved.schema && view(resolved.schema).readOnly) report(field.targetNode, 'mapping.target.readOnly', `\`${resolved.path}\` is read-only in the target schema: the receiver ignores or rejects it.`);
      }

      analyse('when', field.when, context, contextPath);
      const eachEntry = analyse('each', field.each, context, contextPath);
      const exprEntry = analyse('expr', field.expr, field.each ? childContextOf(eachEntry) : context, field.each ? childPathOf(eachEntry) : contextPath);
      const defEntry = analyse('default', field.default, context, contextPath);

      if (field.each && resolved.schema && !typesOf(resolved.schema).has('array') && typesOf(resolved.schema).size && field.targetNode) {
        report(field.targetNode, 'mapping.each.notArray', `\`${resolved.path}\` is ${typeLabel(resolved.schema)}, not an array: \`each\` fills arrays.`);
      }
      if (!field.expr && !field.each && !field.default && !field.fields.length && field.targetNode) {
        report(field.node.children!.find((c) => c.key === 'target') ?? field.node, 'mapping.field.noRule', `\`${resolved.path}\` has no rule: add \`expr\`, \`default\` or nested \`fields\`.`, true);
      }
      if (!field.each && field.fields.length && resolved.schema && isArraySchema(resolved.schema) && field.targetNode) {
        report(field.targetNode, 'mapping.each.missing', `\`${resolved.path}\` is an array: add \`each\` to say which source items fill it.`);
      }
      // type checks
      if (resolved.schema && !field.each) {
        for (const entry of [exprEntry, defEntry]) if (entry && !entry.analysis.syntax) checkYield(doc, entry, resolved, model, findings);
      }
      if (resolved.schema && field.each && eachEntry && !eachEntry.analysis.syntax) {
        const y = eachEntry.analysis.yields;
        if (y.types.size && !y.many && !y.types.has('array') && [...y.types].every((t) => t !== 'object')) {
          findings.push({ uri: doc.uri, code: 'mapping.type.cardinality', message: `\`each\` yields ${[...y.types].join(' | ')}, not items to iterate.`, ...expressionRange(eachEntry.expr, 0, eachEntry.expr.text.length) });
        }
      }

      const childContext = field.each ? childContextOf(eachEntry) : context;
      const childPath = field.each ? childPathOf(eachEntry) : contextPath;
      if (field.fields.length) {
        visitFields(field.fields, resolved.childSchema, resolved.path, childContext, childPath, new Map());
      }
    }
  };
  visitFields(model.fields, targetRoot, '', sourceRoot, sourceRoot ? '' : undefined, new Map());

  if (targetRoot) {
    result.coverage = coverage(result, targetRoot, sourceRoot);
    const targetKey = findProperty(doc.parse.root, 'target');
    if (targetKey && result.coverage.missingRequired.length) {
      const list = result.coverage.missingRequired;
      report(
        targetKey,
        'mapping.coverage.requiredUnmapped',
        `${list.length === 1 ? 'A required target field has' : `${list.length} required target fields have`} no rule: ${list.slice(0, 20).map((p) => `\`${p}\``).join(', ')}${list.length > 20 ? `, and ${list.length - 20} more` : ''}.`,
        true,
        { missing: list },
      );
    }
  }

  findings.sort((a, b) => a.offset - b.offset);
  deps.delete(doc.uri);
  result.dependencies = [...deps];
  return result;
}

function childContextOf(entry: AnalysedExpression | undefined): Schema | undefined {
  const s = entry?.analysis.yields.schema;
  return s ? elementOf(s) : undefined;
}

function childPathOf(entry: AnalysedExpression | undefined): string | undefined {
  return entry?.analysis.yields.schema ? entry.analysis.yields.path : undefined;
}

/** Walks a field's dotted target through the target schema. */
export function resolveTarget(doc: ParsedDocument, field: MappingField, parent: Schema | undefined, prefix: string): ResolvedTarget {
  const segments: ResolvedTarget['segments'] = [];
  let schema: Schema | undefined = parent;
  let known = !!parent;
  let index = 0;
  const names = field.target ? field.target.split('.') : [];
  let path = prefix;
  for (const name of names) {
    path = path ? `${path}.${name}` : name;
    const holder = known ? elementOf(schema) : undefined;
    const found = known ? propertyOf(schema, name) : { known: false, declared: false, schema: undefined };
    segments.push({ name, start: index, end: index + name.length, schema: found.schema, parent: holder, path });
    index += name.length + 1;
    if (!found.schema) known = false;
    schema = found.schema;
  }
  void doc;
  const whole = known ? schema : undefined;
  return {
    field,
    schema: whole,
    segments,
    path: path || field.target,
    childSchema: whole ? (field.each ? elementOf(whole) : whole) : undefined,
  };
}

const NUMERIC = new Set(['number', 'integer']);

function accepts(target: Set<string>, t: string): boolean {
  if (target.has(t)) return true;
  if (t === 'integer' && target.has('number')) return true;
  return false;
}

/** Type, cardinality, format and enum conflicts between what an expression yields and what its target wants. */
function checkYield(doc: ParsedDocument, entry: AnalysedExpression, target: ResolvedTarget, model: MappingModel, findings: Finding[]): void {
  const y = entry.analysis.yields;
  const want = typesOf(target.schema);
  const tv = view(target.schema);
  const whole = expressionRange(entry.expr, 0, entry.expr.text.length);
  const push = (code: string, message: string, range = whole, data?: Record<string, unknown>): void => {
    findings.push({ uri: doc.uri, code, message, ...range, data });
  };
  const wantLabel = typeLabel(target.schema);
  const got = [...y.types].filter((t) => t !== 'null');
  if (want.size && got.length) {
    const targetIsArray = want.has('array');
    if ((y.many || got.includes('array')) && !targetIsArray) {
      push('mapping.type.cardinality', `This yields ${y.schema ? typeLabel(y.schema.type === 'array' || isArraySchema(y.schema) ? y.schema : { type: 'array', items: y.schema }) : 'an array'}, but \`${target.path}\` takes one ${wantLabel}; pick one item (\`[0]\`) or aggregate (\`$join\`, \`$sum\`).`);
      return;
    }
    if (targetIsArray && !y.many && !got.includes('array') && !want.has(got[0]) && got.every((t) => t !== 'array')) {
      push('mapping.type.cardinality', `\`${target.path}\` is ${wantLabel}; this yields a single ${got.join(' | ')}. Use \`each\` with nested \`fields\`, or an array constructor \`[ … ]\`.`);
      return;
    }
    if (targetIsArray) return;
    const bad = got.filter((t) => !accepts(want, t));
    if (bad.length) {
      const lossy = bad.every((t) => t === 'number') && want.has('integer');
      if (lossy) push('mapping.type.lossy', `This yields a number, but \`${target.path}\` is an integer: decimals would be lost or rejected; use \`$round()\`.`);
      else {
        const hint = want.has('string') && bad.every((t) => NUMERIC.has(t) || t === 'boolean') ? ' Wrap it in `$string()`.' : NUMERIC.has([...want][0]) && bad.includes('string') ? ' Wrap it in `$number()`.' : '';
        push('mapping.type.mismatch', `This yields ${bad.join(' | ')}, but \`${target.path}\` is ${wantLabel}.${hint}`);
      }
      return;
    }
  }
  // format
  if (y.schema && tv.format) {
    const sf = view(y.schema).format;
    if (sf && sf !== tv.format) {
      const lossy = sf === 'date-time' && tv.format === 'date';
      push('mapping.format.mismatch', lossy
        ? `This yields a date-time, but \`${target.path}\` is a date: use \`$substring(…, 0, 10)\` or \`$fromMillis($toMillis(…), '[Y0001]-[M01]-[D01]')\`.`
        : `This yields format \`${sf}\`, but \`${target.path}\` wants \`${tv.format}\`.`);
    }
  }
  // enum
  if (tv.enum && y.values && y.values.length) {
    const outside = [...new Set(y.values.filter((v) => v !== null && !tv.enum!.includes(v)))];
    if (!outside.length) return;
    const list = outside.map((v) => `\`${String(v)}\``).join(', ');
    const allowed = tv.enum.filter((v) => v !== null).map((v) => `\`${String(v)}\``).join(', ');
    if (y.lookup) {
      const lookup = model.lookups.get(y.lookup);
      let reported = false;
      for (const entryNode of lookup?.node.children ?? []) {
        if (outside.includes(entryNode.value)) {
          findings.push({ uri: doc.uri, code: 'mapping.lookup.valueNotInEnum', message: `\`${String(entryNode.value)}\` is not allowed in \`${target.path}\` (allowed: ${allowed}).`, offset: entryNode.offset, length: entryNode.length });
          reported = true;
        }
      }
      if (reported) return;
    }
    const literal = y.start !== undefined && y.end !== undefined && y.schema === undefined && !y.lookup;
    const range = literal ? expressionRange(entry.expr, y.start!, y.end! - y.start!) : whole;
    if (y.schema) push('mapping.enum.mismatch', `The source allows ${list}, which \`${target.path}\` does not (allowed: ${allowed}); map them with a lookup.`, range);
    else push('mapping.enum.mismatch', `${list} is not allowed in \`${target.path}\` (allowed: ${allowed}).`, range);
  }
}

/** Which target fields the rules fill, and which source fields they read. */
function coverage(result: MappingAnalysis, targetRoot: Schema, sourceRoot: Schema | undefined): Coverage {
  const paths = enumeratePaths(targetRoot);
  const known = new Set(paths.map((p) => p.path));
  const mapped = new Set<string>();
  const whole = new Set<string>();
  for (const t of result.targets) {
    if (!t.path) continue;
    // Every prefix of the path is mapped in part; past the first one the schema does not know,
    // none can be asked about (and a path of 60 000 segments must not make 60 000 long strings).
    let prefix = '';
    for (const part of t.path.split('.')) {
      prefix = prefix ? `${prefix}.${part}` : part;
      mapped.add(prefix);
      if (!known.has(prefix)) break;
    }
    if (t.field.expr || t.field.default) whole.add(t.path);
  }
  const isMapped = (path: string): boolean => {
    if (mapped.has(path)) return true;
    const parts = path.split('.');
    for (let i = 1; i < parts.length; i++) if (whole.has(parts.slice(0, i).join('.'))) return true;
    return false;
  };
  const readOnly = (s: Schema) => view(s).readOnly === true;
  const leaves = paths.filter((p) => !view(elementOf(p.schema)).properties.size && !readOnly(p.schema));
  const missingRequired: string[] = [];
  // required fields are checked level by level: a required object only matters when it is required itself
  const requiredPaths = paths.filter((p) => p.required && !readOnly(p.schema));
  for (const p of requiredPaths) {
    const parent = p.path.includes('.') ? p.path.slice(0, p.path.lastIndexOf('.')) : '';
    if (!isMapped(p.path) && (parent === '' || !missingRequired.includes(parent)) && !missingRequired.some((m) => p.path.startsWith(m + '.'))) missingRequired.push(p.path);
  }
  // nested required fields of optional objects that are mapped in part
  for (const p of paths) {
    if (p.required || readOnly(p.schema)) continue;
    if (!mapped.has(p.path) || whole.has(p.path)) continue;
    const el = view(elementOf(p.schema));
    for (const r of el.required) {
      const child = `${p.path}.${r}`;
      if (!isMapped(child) && !missingRequired.includes(child)) missingRequired.push(child);
    }
  }
  const requiredLeaves = leaves.filter((l) => l.required);
  let unreadSource: string[] = [];
  if (sourceRoot) {
    const reads = result.reads;
    const isRead = (path: string): boolean => {
      if (reads.has(path)) return true;
      const parts = path.split('.');
      for (let i = 1; i < parts.length; i++) if (reads.has(parts.slice(0, i).join('.'))) return true;
      return false;
    };
    unreadSource = enumeratePaths(sourceRoot)
      .filter((p) => !view(elementOf(p.schema)).properties.size)
      .map((p) => p.path)
      .filter((p) => !isRead(p));
  }
  return {
    required: { mapped: requiredLeaves.filter((l) => isMapped(l.path)).length, total: requiredLeaves.length },
    all: { mapped: leaves.filter((l) => isMapped(l.path)).length, total: leaves.length },
    missingRequired,
    unreadSource,
  };
}

/** The ranges of a source path's property name in a mapping's fields, for references and rename. */
export function fullTargetOf(field: MappingField): string {
  return fullTarget(field);
}
