/**
 * The snippet body syntax of VS Code (the TextMate snippet grammar): tabstops `$1`, placeholders
 * `${1:default}`, choices `${1|a,b|}`, variables `$TM_FILENAME` / `${TM_FILENAME:default}` and
 * transforms `${1/regex/format/options}`. `\` escapes `$`, `}` and `\` (and `,` `|` in choices).
 * Parsing keeps the offset of every character so problems are reported at exact ranges.
 */

export interface BodyProblem {
  /** Offset and length in the body text. */
  offset: number;
  length: number;
  message: string;
  code: 'snippet.body.syntax' | 'snippet.body.variable';
}

export type BodyNode =
  | { type: 'text'; value: string; offsets: number[] }
  | { type: 'tabstop'; index: number; children: BodyNode[] | undefined; offset: number; length: number }
  | { type: 'choice'; index: number; options: string[]; offset: number; length: number }
  | { type: 'variable'; name: string; children: BodyNode[] | undefined; offset: number; length: number };

/** The variables VS Code resolves in snippets, with the value used when a snippet is checked. */
export const SNIPPET_VARIABLES: Record<string, string> = {
  TM_SELECTED_TEXT: '',
  TM_CURRENT_LINE: '',
  TM_CURRENT_WORD: '',
  TM_LINE_INDEX: '0',
  TM_LINE_NUMBER: '1',
  TM_FILENAME: 'example.yaml',
  TM_FILENAME_BASE: 'example',
  TM_DIRECTORY: '/workspace',
  TM_FILEPATH: '/workspace/example.yaml',
  RELATIVE_FILEPATH: 'example.yaml',
  CLIPBOARD: '',
  WORKSPACE_NAME: 'workspace',
  WORKSPACE_FOLDER: '/workspace',
  CURSOR_INDEX: '0',
  CURSOR_NUMBER: '1',
  CURRENT_YEAR: '2025',
  CURRENT_YEAR_SHORT: '25',
  CURRENT_MONTH: '01',
  CURRENT_MONTH_NAME: 'January',
  CURRENT_MONTH_NAME_SHORT: 'Jan',
  CURRENT_DATE: '01',
  CURRENT_DAY_NAME: 'Monday',
  CURRENT_DAY_NAME_SHORT: 'Mon',
  CURRENT_HOUR: '12',
  CURRENT_MINUTE: '00',
  CURRENT_SECOND: '00',
  CURRENT_SECONDS_UNIX: '1735732800',
  CURRENT_TIMEZONE_OFFSET: 'Z',
  RANDOM: '123456',
  RANDOM_HEX: 'a1b2c3',
  UUID: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  BLOCK_COMMENT_START: '',
  BLOCK_COMMENT_END: '',
  LINE_COMMENT: '#',
};

const VARIABLE_NAME = /[_a-zA-Z][_a-zA-Z0-9]*/y;
const DIGITS = /[0-9]+/y;

class BodyParser {
  pos = 0;
  readonly problems: BodyProblem[] = [];

  constructor(private readonly text: string) {}

  /** Parses until the end of the text, or until an unescaped `}` when inside a placeholder. */
  parseSequence(inside: boolean): { nodes: BodyNode[]; closed: boolean } {
    const nodes: BodyNode[] = [];
    let text: { type: 'text'; value: string; offsets: number[] } | undefined;
    const addText = (value: string, offset: number) => {
      const node = text ?? (text = { type: 'text', value: '', offsets: [] });
      if (node.value === '' && !nodes.includes(node)) nodes.push(node);
      node.value += value;
      node.offsets.push(offset);
    };
    const s = this.text;
    while (this.pos < s.length) {
      const ch = s[this.pos];
      if (ch === '\\' && (s[this.pos + 1] === '$' || s[this.pos + 1] === '}' || s[this.pos + 1] === '\\')) {
        addText(s[this.pos + 1], this.pos);
        this.pos += 2;
        continue;
      }
      if (inside && ch === '}') return { nodes, closed: true };
      if (ch === '$') {
        const node = this.parseDollar();
        if (node) {
          nodes.push(node);
          text = undefined;
          continue;
        }
      }
      addText(ch, this.pos);
      this.pos++;
    }
    return { nodes, closed: false };
  }

  private match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  /** At a `$`: a tabstop, placeholder, choice or variable; undefined (the `$` is text) otherwise. */
  private parseDollar(): BodyNode | undefined {
    const start = this.pos;
    const s = this.text;
    this.pos++;
    if (s[this.pos] !== '{') {
      const digits = this.match(DIGITS);
      if (digits !== undefined) return { type: 'tabstop', index: Number(digits), children: undefined, offset: start, length: this.pos - start };
      const name = this.match(VARIABLE_NAME);
      if (name !== undefined) {
        const node: BodyNode = { type: 'variable', name, children: undefined, offset: start, length: this.pos - start };
        this.checkVariable(node);
        return node;
      }
      this.pos = start;
      return undefined;
    }
    this.pos++;
    const digits = this.match(DIGITS);
    const name = digits === undefined ? this.match(VARIABLE_NAME) : undefined;
    if (digits === undefined && name === undefined) {
      this.problems.push({ offset: start, length: 2, code: 'snippet.body.syntax',
        message: '`${` must be followed by a tabstop number or a variable name; write `\\\\$` in the JSON for a literal `$`.' });
      this.pos = start + 2;
      return { type: 'text', value: '${', offsets: [start, start + 1] };
    }
    const make = (children: BodyNode[] | undefined): BodyNode =>
      digits !== undefined
        ? { type: 'tabstop', index: Number(digits), children, offset: start, length: this.pos - start }
        : { type: 'variable', name: name!, children, offset: start, length: this.pos - start };
    const next = s[this.pos];
    if (next === '}') {
      this.pos++;
      const node = make(undefined);
      if (node.type === 'variable') this.checkVariable(node);
      return node;
    }
    if (next === ':') {
      this.pos++;
      const inner = this.parseSequence(true);
      if (!inner.closed) return this.unclosed(start, this.pos - start);
      this.pos++;
      // An unknown variable with a default inserts the default: nothing to report.
      return make(inner.nodes);
    }
    if (next === '|' && digits !== undefined) return this.parseChoice(start, Number(digits));
    if (next === '/') return this.parseTransform(start, make);
    this.problems.push({ offset: start, length: this.pos - start + (next === undefined ? 0 : 1), code: 'snippet.body.syntax',
      message: next === undefined ? `\`${s.slice(start, this.pos)}\` is never closed by \`}\`.` : `Unexpected \`${next}\` in \`${s.slice(start, this.pos + 1)}\`: expected \`}\`, \`:\`${digits !== undefined ? ', `|`' : ''} or \`/\`.` });
    this.skipToClose();
    return { type: 'text', value: '', offsets: [] };
  }

  private parseChoice(start: number, index: number): BodyNode {
    const s = this.text;
    this.pos++;
    const options: string[] = [];
    let current = '';
    while (this.pos < s.length) {
      const ch = s[this.pos];
      if (ch === '\\' && /[$}\\,|]/.test(s[this.pos + 1] ?? '')) {
        current += s[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (ch === ',') {
        options.push(current);
        current = '';
        this.pos++;
        continue;
      }
      if (ch === '|') {
        if (s[this.pos + 1] !== '}') {
          this.problems.push({ offset: this.pos, length: 1, code: 'snippet.body.syntax', message: 'A choice ends with `|}`; write `\\\\|` for a literal `|` inside an option.' });
          this.skipToClose();
          return { type: 'text', value: '', offsets: [] };
        }
        options.push(current);
        this.pos += 2;
        return { type: 'choice', index, options, offset: start, length: this.pos - start };
      }
      current += ch;
      this.pos++;
    }
    return this.unclosed(start, this.pos - start, 'The choice `${' + index + '|` is never closed by `|}`.');
  }

  private parseTransform(start: number, make: (children: BodyNode[] | undefined) => BodyNode): BodyNode {
    const s = this.text;
    let slashes = 0;
    while (this.pos < s.length) {
      const ch = s[this.pos];
      if (ch === '\\') {
        this.pos += 2;
        continue;
      }
      if (ch === '/') slashes++;
      // The format part may hold `${1:/upcase}`: skip nested braces.
      if (ch === '$' && s[this.pos + 1] === '{') {
        const close = s.indexOf('}', this.pos);
        if (close === -1) break;
        this.pos = close + 1;
        continue;
      }
      if (ch === '}' && slashes >= 3) {
        this.pos++;
        const node = make(undefined);
        if (node.type === 'variable') this.checkVariable(node);
        return node;
      }
      if (ch === '}') {
        this.problems.push({ offset: start, length: this.pos + 1 - start, code: 'snippet.body.syntax', message: 'A transform needs three slashes: `${1/regex/format/options}`.' });
        this.pos++;
        return { type: 'text', value: '', offsets: [] };
      }
      this.pos++;
    }
    return this.unclosed(start, this.pos - start);
  }

  private unclosed(start: number, length: number, message?: string): BodyNode {
    // Report the opening only: that is where the missing `}` belongs to.
    const opening = /^\$\{[0-9A-Za-z_]*[:|/]?/.exec(this.text.slice(start))![0];
    this.problems.push({ offset: start, length: opening.length, code: 'snippet.body.syntax',
      message: message ?? `\`${opening}\` is never closed by \`}\`; write \`\\\\}\` in the JSON for a literal \`}\` inside a placeholder.` });
    void length;
    this.pos = this.text.length;
    return { type: 'text', value: '', offsets: [] };
  }

  private skipToClose(): void {
    const close = this.text.indexOf('}', this.pos);
    this.pos = close === -1 ? this.text.length : close + 1;
  }

  private checkVariable(node: BodyNode & { type: 'variable' }): void {
    if (node.name in SNIPPET_VARIABLES) return;
    this.problems.push({ offset: node.offset, length: node.length, code: 'snippet.body.variable',
      message: `\`$${node.name}\` is not a snippet variable: the editor inserts \`${node.name}\` as a placeholder. For a literal \`$\` (a JSONata function or variable) write \`\\\\$${node.name}\` in the JSON.` });
  }
}

export function parseBody(text: string): { nodes: BodyNode[]; problems: BodyProblem[] } {
  const parser = new BodyParser(text);
  const { nodes } = parser.parseSequence(false);
  return { nodes, problems: parser.problems };
}

/**
 * The text a snippet inserts when every placeholder keeps its default (the first option of a
 * choice; a mirror `$1` repeats its placeholder's default). `map[i]` is the body offset that
 * produced character i of the result.
 */
export function expandBody(text: string, variables: Record<string, string> = SNIPPET_VARIABLES): { text: string; map: number[] } {
  const { nodes } = parseBody(text);
  const defaults = new Map<number, BodyNode[] | string>();
  const collect = (list: BodyNode[]) => {
    for (const node of list) {
      if (node.type === 'tabstop' && node.children) {
        if (!defaults.has(node.index)) defaults.set(node.index, node.children);
        collect(node.children);
      } else if (node.type === 'choice' && !defaults.has(node.index)) defaults.set(node.index, node.options[0] ?? '');
      else if (node.type === 'variable' && node.children) collect(node.children);
    }
  };
  collect(nodes);
  let out = '';
  const map: number[] = [];
  const emit = (value: string, offset: number) => {
    out += value;
    for (let i = 0; i < value.length; i++) map.push(offset);
  };
  const visit = (list: BodyNode[], depth: number) => {
    for (const node of list) {
      if (node.type === 'text') {
        out += node.value;
        for (const offset of node.offsets) map.push(offset); // not push(...): long texts overflow the stack
      } else if (node.type === 'choice') emit(node.options[0] ?? '', node.offset);
      else if (node.type === 'tabstop') {
        const value = node.children ?? defaults.get(node.index);
        if (typeof value === 'string') emit(value, node.offset);
        else if (value && depth < 10) visit(value, depth + 1);
      } else {
        const known = variables[node.name];
        if (known) emit(known, node.offset);
        else if (node.children) visit(node.children, depth + 1);
        else if (known === undefined) emit(node.name, node.offset);
      }
    }
  };
  visit(nodes, 0);
  return { text: out, map };
}

/**
 * Turns selected text into a snippet body that inserts it literally: indentation is made
 * relative to the least indented line, and `$` and `\` are escaped where the snippet syntax would
 * read them. `firstLineIndent` is the indentation of the first line when the selection starts
 * after it (so the first line is not taken as the least indented).
 */
export function selectionToSnippetBody(selection: string, firstLineIndent = 0): string[] {
  const lines = selection.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length > 1 && lines[lines.length - 1].trim() === '') lines.pop();
  while (lines.length > 1 && lines[0].trim() === '') {
    lines.shift();
    firstLineIndent = 0;
  }
  const indentOf = (line: string) => /^[ \t]*/.exec(line)![0].length;
  const effective = lines.map((line, i) => (line.trim() === '' ? Infinity : indentOf(line) + (i === 0 ? firstLineIndent : 0)));
  const common = Math.min(...effective);
  const strip = Number.isFinite(common) ? common : 0;
  return lines.map((line, i) => {
    if (line.trim() === '') return '';
    const relative = i === 0 ? ' '.repeat(effective[0] - strip) + line.trimStart() : line.slice(strip);
    return escapeSnippetText(relative);
  });
}

/** Escapes text so a snippet inserts it literally. */
export function escapeSnippetText(text: string): string {
  return text.replace(/\\(?=[\\$}])/g, '\\\\').replace(/\$/g, '\\$');
}
