/**
 * A syntax checker for Mermaid text. Mermaid's own parser needs a browser DOM, so the server
 * checks here instead: the diagram type of every diagram, and for sequence diagrams (what flows
 * render to and what runbooks mostly contain) every statement, block nesting and message arrow.
 * Other diagram types are recognised and left to Mermaid when it renders them.
 */
export interface MermaidProblem {
  message: string;
  offset: number;
  length: number;
}

export interface MermaidCheck {
  /** The diagram type as written (`sequenceDiagram`, `flowchart`…), when there is one. */
  type: string | undefined;
  problems: MermaidProblem[];
  /** The ranges of the message (arrow) statements of a sequence diagram, in text order. */
  messages: { offset: number; length: number }[];
}

const DIAGRAM_TYPES = [
  'sequenceDiagram', 'flowchart', 'graph', 'classDiagram', 'classDiagram-v2', 'stateDiagram', 'stateDiagram-v2', 'erDiagram',
  'journey', 'gantt', 'pie', 'gitGraph', 'mindmap', 'timeline', 'quadrantChart', 'requirementDiagram', 'C4Context',
  'C4Container', 'C4Component', 'C4Dynamic', 'C4Deployment', 'sankey-beta', 'sankey', 'xychart-beta', 'xychart', 'block-beta', 'block',
  'packet-beta', 'packet', 'architecture-beta', 'kanban', 'radar-beta', 'treemap-beta', 'treemap', 'zenuml', 'info',
];

const ARROWS = [
  '<<-->>', '<<->>', '-->>', '->>', '-->', '->', '--x', '-x', '--)', '-)',
  '--|\\', '--|/', '--\\\\', '--//', '/|--', '\\|--', '//--', '\\\\--', '-|\\', '-|/', '-\\\\', '-//', '/|-', '\\|-', '//-', '\\\\-',
];
const ARROW_PATTERN = ARROWS.map((a) => a.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')).join('|');
const ACTOR = '[^\\s<>:,;+\\-][^<>:,;+]*?';
const MESSAGE = new RegExp(`^(${ACTOR})\\s*(${ARROW_PATTERN})\\s*([+-]?)\\s*([^<>:,;+\\-][^<>:,;]*?)\\s*(:.*)?$`);

const BLOCK_OPENERS = new Set(['loop', 'opt', 'alt', 'par', 'par_over', 'critical', 'break', 'rect', 'box']);

export function checkMermaid(text: string): MermaidCheck {
  const problems: MermaidProblem[] = [];
  const messages: { offset: number; length: number }[] = [];
  const lines: { text: string; offset: number }[] = [];
  for (let offset = 0; offset <= text.length;) {
    const end = text.indexOf('\n', offset);
    const line = text.slice(offset, end === -1 ? text.length : end).replace(/\r$/, '');
    lines.push({ text: line, offset });
    if (end === -1) break;
    offset = end + 1;
  }
  let i = 0;
  // Front matter (--- … ---) and blank lines, comments and directives before the diagram type.
  const skippable = (line: string): boolean => /^\s*(%%.*)?$/.test(line);
  while (i < lines.length && skippable(lines[i].text)) i++;
  if (i < lines.length && lines[i].text.trim() === '---') {
    i++;
    while (i < lines.length && lines[i].text.trim() !== '---') i++;
    i++;
    while (i < lines.length && skippable(lines[i].text)) i++;
  }
  if (i >= lines.length) {
    problems.push({ message: 'The diagram is empty: it needs a diagram type such as `sequenceDiagram` or `flowchart LR`.', offset: 0, length: 0 });
    return { type: undefined, problems, messages };
  }
  const header = lines[i];
  const headerText = header.text.trim();
  const word = /^[A-Za-z0-9_-]+/.exec(headerText)?.[0] ?? headerText;
  const type = DIAGRAM_TYPES.find((t) => t.toLowerCase() === word.toLowerCase());
  const headerStart = header.offset + header.text.indexOf(headerText);
  if (!type) {
    problems.push({ message: `Unknown diagram type \`${word}\`. A Mermaid diagram starts with its type, for example \`sequenceDiagram\` or \`flowchart LR\`.`, offset: headerStart, length: word.length });
    return { type: undefined, problems, messages };
  }
  if (type !== 'sequenceDiagram') return { type, problems, messages };
  const rest = headerText.slice(word.length).trim();
  if (rest && !rest.startsWith('%%')) {
    // `sequenceDiagram` may be followed by statements on the same line only after a `;`.
    if (!rest.startsWith(';')) problems.push({ message: 'Nothing may follow `sequenceDiagram` on its line.', offset: headerStart + headerText.indexOf(rest, word.length), length: rest.length });
  }
  checkSequence(lines.slice(i + 1), problems, messages);
  return { type, problems, messages };
}

function checkSequence(lines: { text: string; offset: number }[], problems: MermaidProblem[], messages: { offset: number; length: number }[]): void {
  const open: { keyword: string; offset: number; length: number }[] = [];
  let inAccDescr = false;
  for (const line of lines) {
    const trimmed = line.text.trim();
    const start = line.offset + line.text.indexOf(trimmed);
    const at = (message: string, offset = start, length = trimmed.length): void => {
      problems.push({ message, offset, length });
    };
    if (inAccDescr) {
      if (trimmed.includes('}')) inAccDescr = false;
      continue;
    }
    if (!trimmed || trimmed.startsWith('%%') || trimmed.startsWith('#')) continue;
    const keyword = (/^[A-Za-z_]+/.exec(trimmed)?.[0] ?? '').toLowerCase();
    const after = trimmed.slice(keyword.length);
    const bare = after === '' || /^\s/.test(after);
    if (BLOCK_OPENERS.has(keyword) && bare) {
      open.push({ keyword, offset: start, length: keyword.length });
      continue;
    }
    if (keyword === 'end' && bare) {
      if (!open.pop()) at('`end` without an open block (`alt`, `opt`, `loop`, `par`, `critical`, `break`, `rect` or `box`).');
      continue;
    }
    if ((keyword === 'else' || keyword === 'and' || keyword === 'option') && bare) {
      const expected = keyword === 'else' ? ['alt'] : keyword === 'and' ? ['par', 'par_over'] : ['critical'];
      const inner = open[open.length - 1];
      if (!inner || !expected.includes(inner.keyword)) at(`\`${keyword}\` belongs inside ${expected.map((e) => `\`${e}\``).join(' or ')}, before its \`end\`.`, start, keyword.length);
      continue;
    }
    if ((keyword === 'participant' || keyword === 'actor') && bare) {
      const declaration = withoutConfig(after, start + keyword.length, at);
      if (declaration === undefined) continue;
      if (!declaration.trim()) at(`\`${keyword}\` needs a name.`);
      else if (/^\s*[^\s]+\s+as\s*$/.test(declaration)) at('`as` needs the name to show.');
      continue;
    }
    if ((keyword === 'create' || keyword === 'destroy') && bare) {
      if (keyword === 'create' && !/^\s+(participant|actor)\s+\S/i.test(after)) at('`create` is followed by `participant NAME` or `actor NAME`.');
      if (keyword === 'destroy' && !after.trim()) at('`destroy` needs a participant.');
      continue;
    }
    if ((keyword === 'activate' || keyword === 'deactivate') && bare) {
      if (!after.trim()) at(`\`${keyword}\` needs a participant.`);
      continue;
    }
    if (keyword === 'note' && bare) {
      const note = /^\s+(left of|right of|over)\s+([^:]+?)\s*:(.*)$/i.exec(after);
      if (!note) at('A note reads `Note left of A: text`, `Note right of A: text` or `Note over A,B: text`.');
      else if (!/^over$/i.test(note[1]) && note[2].includes(',')) at('Only `Note over` may span two participants.');
      continue;
    }
    if (['autonumber', 'title', 'link', 'links', 'properties', 'details'].includes(keyword) && (bare || after.startsWith(':'))) continue;
    if (/^(acctitle|accdescr)$/.test(keyword) && /^\s*[:{]/.test(after)) {
      if (/^\s*\{/.test(after) && !after.includes('}')) inAccDescr = true;
      continue;
    }
    const message = MESSAGE.exec(trimmed);
    if (message) {
      if (message[5] === undefined) at('A message needs `:` and its text after the receiving participant, for example `A->>B: hello`.');
      messages.push({ offset: start, length: trimmed.length });
      continue;
    }
    const arrow = new RegExp(ARROW_PATTERN).exec(trimmed);
    if (arrow && trimmed.indexOf(arrow[0]) === 0) at('A message needs the sending participant before its arrow.');
    else if (arrow) at('Not a valid message: check the participant names (no `:`, `,`, `;`, `<` or `>`) and the arrow.');
    else at(`Not a sequence diagram statement: \`${trimmed.length > 40 ? trimmed.slice(0, 40) + '…' : trimmed}\`.`);
  }
  for (const block of open) problems.push({ message: `\`${block.keyword}\` has no \`end\`.`, offset: block.offset, length: block.length });
}

/** The participant types of Mermaid 11's `participant A@{ "type": "…" }`. */
const PARTICIPANT_TYPES = ['actor', 'boundary', 'collections', 'control', 'database', 'entity', 'participant', 'queue'];

/**
 * A participant declaration without its `@{ … }` settings, once they are checked: they follow the
 * name without a space, close on the line, and name a type Mermaid has a shape for (it leaves a
 * participant of another type out of the drawing). Undefined when they are broken (the problem is
 * reported).
 */
function withoutConfig(declaration: string, offset: number, at: (message: string, offset?: number, length?: number) => void): string | undefined {
  const open = declaration.indexOf('@{');
  if (open === -1) return declaration;
  const close = declaration.indexOf('}', open);
  if (close === -1) {
    at('`@{` has no closing `}` on its line.', offset + open, 2);
    return undefined;
  }
  if (/\s$/.test(declaration.slice(0, open))) {
    at('`@{` follows the participant\'s name without a space, for example `participant db@{ "type": "database" }`.', offset + open, 2);
    return undefined;
  }
  const type = /(["']?)type\1\s*:\s*(["']?)([^"',}\s]*)\2/.exec(declaration.slice(open + 2, close));
  if (type && !PARTICIPANT_TYPES.includes(type[3])) {
    const typeOffset = offset + open + 2 + type.index + type[0].length - type[2].length - type[3].length;
    at(`Mermaid has no participant type \`${type[3]}\` and leaves such a participant out: use ${PARTICIPANT_TYPES.map((t) => `\`${t}\``).join(', ')}.`, typeOffset - type[2].length, type[3].length + 2 * type[2].length);
  }
  return declaration.slice(0, open) + declaration.slice(close + 1);
}

/** The ```mermaid (or ~~~mermaid) fences of a Markdown text: where each diagram's text starts, and the text. */
export function mermaidFences(markdown: string): { offset: number; text: string }[] {
  const fences: { offset: number; text: string }[] = [];
  const opener = /^( {0,3})(`{3,}|~{3,})[ \t]*mermaid\b[^\n]*\n/gm;
  let match: RegExpExecArray | null;
  while ((match = opener.exec(markdown))) {
    const fence = match[2];
    const contentStart = match.index + match[0].length;
    const closer = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`, 'gm');
    closer.lastIndex = contentStart;
    const close = closer.exec(markdown);
    const contentEnd = close ? close.index : markdown.length;
    fences.push({ offset: contentStart, text: markdown.slice(contentStart, contentEnd) });
    opener.lastIndex = close ? close.index + close[0].length : markdown.length;
  }
  return fences;
}

/** Problems of every Mermaid fence of a Markdown text, with offsets into the Markdown text. */
export function checkMarkdownMermaid(markdown: string): MermaidProblem[] {
  return mermaidFences(markdown).flatMap((fence) =>
    checkMermaid(fence.text).problems.map((p) => ({ ...p, offset: p.offset + fence.offset })));
}
