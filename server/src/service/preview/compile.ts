import { Expression, MappingField, MappingModel } from '../mapping/model';

/**
 * A mapping compiled to one JSONata expression: an object constructor following the dotted target
 * paths, `each` blocks as mapped arrays, `default` and `when` honoured. Every user expression keeps
 * its span in the compiled text, so a position JSONata reports leads back to the field it came from.
 */
export interface CompiledMapping {
  text: string;
  /** Spans of the user expressions in `text`, in text order. */
  spans: CompiledSpan[];
  /** Fields that could not be compiled (duplicate target, empty target), with the reason. */
  problems: Map<MappingField, string>;
  /** True when the expression maps over the rows of an array payload (object source schema, array sample). */
  perRow: boolean;
}

export interface CompiledSpan {
  start: number;
  end: number;
  field: MappingField;
  role: 'expr' | 'default' | 'when' | 'each';
  expression: Expression;
}

export interface CompileOptions {
  /** Fields left out (they failed in an earlier run). */
  exclude?: ReadonlySet<MappingField>;
  /** Map over the rows of the payload. */
  perRow?: boolean;
}

/** Drops objects that only dotted target paths create when none of their members got a value. */
const NON_EMPTY = 'function($o){ $count($keys($o)) > 0 ? $o : undefined }';

interface TargetNode {
  key: string;
  field?: MappingField;
  children: Map<string, TargetNode>;
}

export function compileMapping(model: MappingModel, options: CompileOptions = {}): CompiledMapping {
  const builder = new Builder(options.exclude ?? new Set());
  const perRow = !!options.perRow;
  builder.emit(`($__nonEmpty := ${NON_EMPTY};\n`);
  if (perRow) builder.emit('[$.');
  builder.object(model.fields, 0);
  if (perRow) builder.emit(']');
  builder.emit('\n)');
  return { text: builder.text, spans: builder.spans, problems: builder.problems, perRow };
}

class Builder {
  text = '';
  readonly spans: CompiledSpan[] = [];
  readonly problems = new Map<MappingField, string>();

  constructor(private readonly exclude: ReadonlySet<MappingField>) {}

  emit(s: string): void {
    this.text += s;
  }

  private user(field: MappingField, role: CompiledSpan['role'], expression: Expression): void {
    this.emit('(');
    const start = this.text.length;
    this.emit(expression.text);
    this.spans.push({ start, end: this.text.length, field, role, expression });
    // A newline before the closing parenthesis keeps a trailing comment from swallowing it.
    this.emit(expression.text.includes('/*') ? '\n)' : ')');
  }

  /** An object constructor for a list of sibling fields. */
  object(fields: MappingField[], depth: number): void {
    const root: TargetNode = { key: '', children: new Map() };
    for (const field of fields) {
      if (this.exclude.has(field)) continue;
      const segments = field.target.split('.').map((s) => s.trim());
      if (!field.target.trim() || segments.some((s) => !s)) {
        this.problems.set(field, field.target.trim() ? `\`${field.target}\` is not a target path.` : 'This field has no target.');
        continue;
      }
      let node = root;
      let clash: MappingField | undefined;
      for (const segment of segments) {
        if (node.field) clash = node.field;
        let child = node.children.get(segment);
        if (!child) node.children.set(segment, (child = { key: segment, children: new Map() }));
        node = child;
      }
      if (node.field) clash = node.field;
      else if (node.children.size) clash = firstField(node);
      if (clash) {
        this.problems.set(field, `\`${field.target}\` is already set by the field \`${clash.target}\`.`);
        continue;
      }
      node.field = field;
    }
    this.members(root, depth);
  }

  private members(node: TargetNode, depth: number): void {
    this.emit('{');
    let first = true;
    for (const child of node.children.values()) {
      if (!child.field && !hasField(child)) continue;
      this.emit(first ? '\n' : ',\n');
      first = false;
      this.emit('  '.repeat(depth + 1) + JSON.stringify(child.key) + ': ');
      if (child.field) this.value(child.field, depth + 1);
      else {
        // An object made only by dotted paths disappears when nothing fills it.
        this.emit('$__nonEmpty(');
        this.members(child, depth + 1);
        this.emit(')');
      }
    }
    this.emit(first ? '}' : '\n' + '  '.repeat(depth) + '}');
  }

  private value(field: MappingField, depth: number): void {
    if (field.when) {
      this.user(field, 'when', field.when);
      this.emit(' ? ');
    }
    this.emit('(');
    if (field.each) {
      this.emit('[');
      this.user(field, 'each', field.each);
      this.emit('.');
      if (field.fields.length) this.object(field.fields, depth);
      else if (field.expr) this.user(field, 'expr', field.expr);
      else this.emit('$');
      this.emit(']');
    } else if (field.fields.length && !field.expr) {
      this.object(field.fields, depth);
    } else if (field.default) {
      this.emit('$__v := ');
      if (field.expr) this.user(field, 'expr', field.expr);
      else this.emit('undefined');
      this.emit('; $exists($__v) ? $__v : ');
      this.user(field, 'default', field.default);
    } else if (field.expr) {
      this.user(field, 'expr', field.expr);
    } else {
      this.emit('undefined');
    }
    this.emit(')');
  }
}

function hasField(node: TargetNode): boolean {
  return !!firstField(node);
}

function firstField(node: TargetNode): MappingField | undefined {
  if (node.field) return node.field;
  for (const child of node.children.values()) {
    const found = firstField(child);
    if (found) return found;
  }
  return undefined;
}

/** The field whose expression contains a position of the compiled text (JSONata positions point just after a token). */
export function fieldAtPosition(compiled: CompiledMapping, position: number | undefined): CompiledSpan | undefined {
  if (position === undefined || position < 0) return undefined;
  for (const span of compiled.spans) if (position > span.start && position <= span.end + 1) return span;
  return undefined;
}

