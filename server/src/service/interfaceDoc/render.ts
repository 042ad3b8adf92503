/**
 * The interface document written out. Markdown renders in VS Code's preview (a ```mermaid fence,
 * drawn by our Markdown preview script) and on Git forges (GitHub and GitLab draw the fence too).
 * HTML is one self-contained file: inline styles, the diagram as inline SVG, no script and no
 * resource loaded from anywhere; plain headings and tables, so it prints and pastes into a wiki.
 */
import { escapeHtml, markdownCodeSpan as code, markdownFence, markdownToHtml, markdownToSafeMarkdown } from '../../protocol/safeMarkdown';
import type { DocExample, DocOperation, DocParameter, DocSample, DocTable, InterfaceDoc } from './document';

const DIAGRAM_TEXT_NOTE = 'The diagram is shown as its Mermaid text';

/**
 * The drawn diagram as an image whose source is the SVG itself: still one file that loads nothing,
 * and an `<img>` is what rich-text editors (Confluence, Word, mail) keep when the page is pasted
 * into them, where they drop inline `<svg>`. Its size is the drawing's own, from its `viewBox`.
 */
function diagramImage(svg: string, alt: string): string {
  const box = /viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"/.exec(svg);
  const size = box ? ` width="${Math.ceil(Number(box[1]))}" height="${Math.ceil(Number(box[2]))}"` : '';
  return `<img alt="${escapeHtml(alt)}"${size} src="data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}">`;
}

// ---------------------------------------------------------------- Markdown

/** Plain text in a table cell: shown as written (no HTML read into it), on one line. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\r?\n/g, '<br>');
}

/** A description in a table cell: its Markdown made safe, on one line. */
function mdCell(markdown: string): string {
  return markdownToSafeMarkdown(markdown).replace(/(?<!\\)\|/g, '\\|').replace(/\n+/g, '<br>');
}

/** A description as blocks, made safe, its headings below `level`. */
function mdText(markdown: string, level: number): string {
  return markdownToSafeMarkdown(markdown.trim(), level);
}

function fence(text: string, info = ''): string {
  return markdownFence(text.replace(/\n$/, ''), info);
}

function mdTable(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function mdSchemaTable(table: DocTable): string {
  if (!table.rows.length) return '';
  const out = mdTable(['Field', 'Type', 'Required', 'Description'], table.rows.map((r) => [code(r.field), cell(r.type), r.required ? 'yes' : '', mdCell(r.description)]));
  return table.truncated ? `${out}\n\n*The table is cut here; the spec has more fields.*` : out;
}

/** A participant's API version and the version of the format its spec is written in. */
function specVersions(p: InterfaceDoc['participants'][number]): string {
  return [p.specVersion, p.openapi ? `OpenAPI ${p.openapi}` : '', p.asyncapi ? `AsyncAPI ${p.asyncapi}` : ''].filter(Boolean).join(', ');
}

function kindOf(op: DocOperation): string {
  return op.webhook ? 'Webhook' : op.callback ? 'Callback request' : 'Operation';
}

function exampleTitle(example: DocExample): string {
  return `Example${example.name === 'example' ? '' : ` ${example.name}`}${example.summary ? ` — ${example.summary}` : ''}`;
}

function mdExample(example: DocExample): string {
  const title = `*${cell(exampleTitle(example))}*${example.externalValue ? `: ${code(example.externalValue)}` : ''}`;
  return example.text === undefined ? title : `${title}\n\n${fence(example.text, /^\s*[{[]/.test(example.text) ? 'json' : '')}`;
}

function htmlExample(example: DocExample): string {
  const title = `<p><em>${e(exampleTitle(example))}</em>${example.externalValue ? `: <code>${e(example.externalValue)}</code>` : ''}</p>`;
  return example.text === undefined ? title : `${title}\n<pre><code>${e(example.text)}</code></pre>`;
}

function mdParameters(parameters: DocParameter[]): string {
  return mdTable(['Name', 'In', 'Type', 'Required', 'Description'], parameters.map((p) => [code(p.name), p.in, cell(p.type), p.required ? 'yes' : '', mdCell(p.description)]));
}

/** An operation's body; `level` is the heading level of its parts. */
function mdOperation(op: DocOperation, level: number): string {
  const h = '#'.repeat(Math.min(6, level));
  const parts: string[] = [];
  parts.push(`${kindOf(op)} ${op.operationId ? code(op.operationId) + ' ' : ''}of ${code(op.spec)}: **${op.method} ${op.webhook ? cell(op.path) : code(op.path)}**${op.callback && op.summary ? ` — ${cell(op.summary)}` : ''}${op.deprecated ? ' (deprecated)' : ''}`);
  if (op.description) parts.push(mdText(op.description, level + 1));
  if (op.security.length) parts.push(`Security: ${op.security.map((s) => code(s)).join(' or ')}`);
  if (op.parameters.length) parts.push(`${h} Parameters`, mdParameters(op.parameters));
  if (op.request) {
    parts.push(`${h} Request body${op.request.mediaType ? ` (${code(op.request.mediaType)})` : ''}${op.request.required ? ', required' : ''}`);
    if (op.request.description) parts.push(mdText(op.request.description, level + 1));
    const table = mdSchemaTable(op.request.table);
    if (table) parts.push(table);
    parts.push(...op.request.examples.map(mdExample));
  }
  for (const r of op.responses) {
    parts.push(`${h} Response ${r.status}${r.mediaType ? ` (${code(r.mediaType)})` : ''}`);
    if (r.description) parts.push(mdText(r.description, level + 1));
    const table = r.table ? mdSchemaTable(r.table) : '';
    if (table) parts.push(table);
    if (r.headers.length) parts.push('Headers:', mdParameters(r.headers));
    parts.push(...r.examples.map(mdExample));
  }
  for (const callback of op.callbacks) {
    parts.push(`${h} Callback ${code(callback.name)}${callback.expression ? `: ${code(callback.expression)}` : ''}`);
    if (callback.broken) parts.push(mdText(callback.broken, level + 1));
    parts.push(...callback.operations.map((o) => mdOperation(o, level + 1)));
  }
  return parts.join('\n\n');
}

export function interfaceDocMarkdown(doc: InterfaceDoc): string {
  const out: string[] = [`# ${cell(doc.title.replace(/\s+/g, ' '))}`];
  out.push(`*Interface specification${doc.kind === 'flow' ? ' of the integration flow' : ''} ${code(doc.source)}.*`);
  if (doc.description) out.push(mdText(doc.description, 3));
  if (doc.api) {
    out.push([`**Version** ${cell(doc.api.version ?? '—')} · **OpenAPI** ${doc.api.openapi}`, ...doc.api.about.map(cell)].join('  \n'));
    if (doc.api.servers.length) {
      out.push('## Servers', doc.api.servers.map((s) => [
        `- ${code(s.url)}${s.description ? ` — ${cell(s.description)}` : ''}`,
        ...s.variables.map((v) => `  - ${code(v)}`),
      ].join('\n')).join('\n'));
    }
    if (doc.api.security.length) {
      out.push('## Security');
      out.push(mdTable(['Scheme', 'Type', 'Details', 'Description'], doc.api.security.map((s) => [code(s.name), s.type, cell(s.details.join('; ')), mdCell(s.description ?? '')])));
    }
    out.push('## Operations');
    for (const tag of doc.api.tags) {
      out.push(`### ${cell(tag.name) || 'Other operations'}`);
      if (tag.description) out.push(mdText(tag.description, 4));
      for (const op of tag.operations) {
        out.push(`#### ${op.method} ${cell(op.path)}${op.summary ? ` — ${cell(op.summary)}` : ''}`);
        out.push(mdOperation(op, 5));
      }
    }
    if (doc.api.webhooks.length) {
      out.push('## Webhooks', 'The requests the API sends to its subscribers.');
      for (const op of doc.api.webhooks) {
        out.push(`### ${cell(op.path)}: ${op.method}${op.summary ? ` — ${cell(op.summary)}` : ''}`);
        out.push(mdOperation(op, 4));
      }
    }
  }
  if (doc.participants.length) {
    out.push('## Participants');
    out.push(mdTable(['Participant', 'Kind', 'Specification', 'API version'], doc.participants.map((p) => [
      `**${cell(p.name)}** (${code(p.id)})`,
      cell(p.kind ?? ''),
      p.spec ? `${p.specTitle ? cell(p.specTitle) + ' ' : ''}${code(p.spec)}` : '',
      cell(specVersions(p)),
    ])));
  }
  if (doc.mermaid) out.push('## Sequence diagram', fence(doc.mermaid, 'mermaid'));
  if (doc.steps.length) {
    out.push('## Steps');
    for (const step of doc.steps) {
      out.push(`### ${step.number}. ${cell(step.from)} → ${cell(step.to)}: ${cell(step.label.replace(/\s+/g, ' '))}`);
      const facts: string[] = [];
      if (step.context) facts.push(`Only in ${code(step.context)}.`);
      if (step.async) facts.push('Asynchronous.');
      if (step.reply) facts.push(`Reply: ${step.reply}.`);
      if (step.mapping) facts.push(`Request built by the mapping ${code(step.mapping)}.`);
      if (step.sameAs) facts.push(`The same operation as step ${step.sameAs}.`);
      if (facts.length) out.push(facts.join(' '));
      if (step.operation) out.push(mdOperation(step.operation, 4));
    }
  }
  if (doc.mappings.length) {
    out.push('## Mappings');
    for (const m of doc.mappings) {
      out.push(`### ${cell(m.title)}`, `Mapping ${code(m.path)}.`);
      out.push(mdTable(['Target', 'Type', 'Required', 'Rule', 'Note'], m.rows.map((r) => [code(r.target), cell(r.type), r.required ? 'yes' : '', r.rule ? code(r.rule.replace(/\s*\n\s*/g, ' ')) : '', cell(r.note)])));
      for (const s of m.samples) {
        out.push(`#### Sample ${code(s.path)}`);
        if (s.problem) out.push(`**Problem:** ${cell(s.problem)}`);
        if (s.input !== undefined) out.push(`Input${s.inputTruncated ? ' (the beginning)' : ''}:`, fence(s.input, s.inputFormat ?? 'json'));
        if (s.output !== undefined) out.push('Output:', fence(s.output, s.format ?? 'json'));
        if (s.expected) out.push(mdExpected(s.expected));
        if (s.violations) out.push('Not as the schemas say:', s.violations.map((v) => `- ${cell(v)}`).join('\n'));
      }
    }
  }
  if (doc.notes.length) out.push('## Notes', doc.notes.map((n) => `- ${cell(n.text.replace(/\s*\n\s*/g, ' '))}${n.over.length ? ` *(${cell(n.over.join(', '))})*` : ''}`).join('\n'));
  if (doc.problems.length) out.push('## Open problems', `${doc.problems.length} error${doc.problems.length === 1 ? '' : 's'} in the files this document describes:`, doc.problems.map(mdProblem).join('\n'));
  if (doc.history?.length) {
    out.push('## History');
    out.push(mdTable(['Date', 'Author', 'Change', 'Files'], doc.history.map((h) => [h.date.slice(0, 10), cell(h.author), cell(h.subject), cell(h.files.join(', '))])));
  }
  return out.join('\n\n') + '\n';
}

/** A problem, `file:line:col code message`, split into its place, code and message. */
function problemParts(problem: string): { file: string; place: string; line: string; code: string; message: string } | undefined {
  const m = /^(.+?):(\d+):(\d+) (\S+) ([\s\S]*)$/.exec(problem);
  return m ? { file: m[1], place: `${m[1]}:${m[2]}:${m[3]}`, line: m[2], code: m[4], message: m[5] } : undefined;
}

function fileLink(file: string, line: string): string {
  return `${file.split('/').map(encodeURIComponent).join('/')}#L${line}`;
}

/** In Markdown the place links to the file at its line: VS Code's preview opens it there, a forge shows the line. */
function mdProblem(problem: string): string {
  const p = problemParts(problem);
  return p ? `- [${code(p.place)}](<${fileLink(p.file, p.line)}>) ${code(p.code)} ${mdCell(p.message)}` : `- ${code(problem)}`;
}

function htmlProblem(problem: string): string {
  const p = problemParts(problem);
  // No link to the file: the HTML is read away from the workspace (a wiki, a mail), where it would lead nowhere.
  return p ? `<li><code>${e(p.place)}</code> <code>${e(p.code)}</code> ${inline(p.message)}</li>` : `<li><code>${e(problem)}</code></li>`;
}

/** How a sample's output compares with its golden output, in words. */
function expectedVerdict(expected: NonNullable<DocSample['expected']>): string {
  if (expected.missing) return `Expected output ${expected.path}: the file does not exist.`;
  if (!expected.differences.length) return `Expected output ${expected.path}: the output matches it.`;
  return `Expected output ${expected.path}: the output differs in ${expected.differences.length} place${expected.differences.length === 1 ? '' : 's'}:`;
}

function mdExpected(expected: NonNullable<DocSample['expected']>): string {
  const verdict = expectedVerdict(expected).replace(expected.path, code(expected.path));
  return expected.differences.length ? `${verdict}\n\n${expected.differences.map((d) => `- ${code(d)}`).join('\n')}` : verdict;
}

// ---------------------------------------------------------------- HTML

const STYLE = `
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1f2328; max-width: 1100px; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 2rem; border-bottom: 2px solid #1d4e89; padding-bottom: .3rem; }
h2 { font-size: 1.5rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.2rem; margin-top: 1.8rem; }
h4, h5 { font-size: 1rem; margin-bottom: .3rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f0f3f6; }
code { font-family: ui-monospace, "SFMono-Regular", Consolas, monospace; font-size: .9em; background: #f0f3f6; padding: 0 3px; border-radius: 3px; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; padding: .6rem; overflow-x: auto; white-space: pre-wrap; }
pre code { background: none; padding: 0; }
.meta { color: #59636e; }
.method { font-weight: 700; }
.problem { color: #b42318; }
.callback { border-left: 3px solid #d0d7de; padding-left: .8rem; margin: .4rem 0 1rem; }
.note { border-left: 4px solid #bf8700; background: #fff8c5; padding: .4rem .8rem; }
figure { margin: 1rem 0; } figure img { max-width: 100%; height: auto; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2, h3 { break-after: avoid; } table, figure, pre { break-inside: avoid; }
  a { color: inherit; }
}`;

const e = escapeHtml;

function inline(text: string): string {
  // Markdown of one table cell or line: code, emphasis, links; never raw HTML.
  return markdownToHtml(text).replace(/^<p>([\s\S]*)<\/p>$/, '$1');
}

function htmlTable(header: string[], rows: string[][]): string {
  return `<table>\n<thead><tr>${header.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead>\n<tbody>\n${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n')}\n</tbody>\n</table>`;
}

function htmlSchemaTable(table: DocTable): string {
  if (!table.rows.length) return '';
  const out = htmlTable(['Field', 'Type', 'Required', 'Description'], table.rows.map((r) => [`<code>${e(r.field)}</code>`, e(r.type), r.required ? 'yes' : '', inline(r.description)]));
  return table.truncated ? `${out}\n<p class="meta">The table is cut here; the spec has more fields.</p>` : out;
}

function htmlParameters(parameters: DocParameter[]): string {
  return htmlTable(['Name', 'In', 'Type', 'Required', 'Description'], parameters.map((p) => [`<code>${e(p.name)}</code>`, e(p.in), e(p.type), p.required ? 'yes' : '', inline(p.description)]));
}

/** An operation's body; `level` is the heading level of its parts. */
function htmlOperation(op: DocOperation, level: number): string {
  const h = `h${Math.min(6, level)}`;
  const parts: string[] = [];
  parts.push(`<p>${kindOf(op)} ${op.operationId ? `<code>${e(op.operationId)}</code> ` : ''}of <code>${e(op.spec)}</code>: <span class="method">${e(op.method)}</span> <code>${e(op.path)}</code>${op.callback && op.summary ? ` — ${e(op.summary)}` : ''}${op.deprecated ? ' <strong>(deprecated)</strong>' : ''}</p>`);
  if (op.description) parts.push(markdownToHtml(op.description, level + 1));
  if (op.security.length) parts.push(`<p>Security: ${op.security.map((s) => `<code>${e(s)}</code>`).join(' or ')}</p>`);
  if (op.parameters.length) parts.push(`<${h}>Parameters</${h}>`, htmlParameters(op.parameters));
  if (op.request) {
    parts.push(`<${h}>Request body${op.request.mediaType ? ` (<code>${e(op.request.mediaType)}</code>)` : ''}${op.request.required ? ', required' : ''}</${h}>`);
    if (op.request.description) parts.push(markdownToHtml(op.request.description, level + 1));
    parts.push(htmlSchemaTable(op.request.table));
    parts.push(...op.request.examples.map(htmlExample));
  }
  for (const r of op.responses) {
    parts.push(`<${h}>Response ${e(r.status)}${r.mediaType ? ` (<code>${e(r.mediaType)}</code>)` : ''}</${h}>`);
    if (r.description) parts.push(markdownToHtml(r.description, level + 1));
    if (r.table) parts.push(htmlSchemaTable(r.table));
    if (r.headers.length) parts.push('<p>Headers:</p>', htmlParameters(r.headers));
    parts.push(...r.examples.map(htmlExample));
  }
  for (const callback of op.callbacks) {
    parts.push(`<${h}>Callback <code>${e(callback.name)}</code>${callback.expression ? `: <code>${e(callback.expression)}</code>` : ''}</${h}>`);
    if (callback.broken) parts.push(`<p class="problem">${inline(callback.broken)}</p>`);
    for (const o of callback.operations) {
      parts.push(`<div class="callback">${htmlOperation(o, level + 1)}</div>`);
    }
  }
  return parts.filter(Boolean).join('\n');
}

export function interfaceDocHtml(doc: InterfaceDoc): string {
  const out: string[] = [];
  out.push(`<h1>${e(doc.title)}</h1>`);
  out.push(`<p class="meta">Interface specification${doc.kind === 'flow' ? ' of the integration flow' : ''} <code>${e(doc.source)}</code>.</p>`);
  if (doc.description) out.push(markdownToHtml(doc.description, 3));
  if (doc.api) {
    out.push(`<p><strong>Version</strong> ${e(doc.api.version ?? '—')} · <strong>OpenAPI</strong> ${e(doc.api.openapi)}${doc.api.about.map((line) => `<br>${e(line)}`).join('')}</p>`);
    if (doc.api.servers.length) {
      out.push('<h2>Servers</h2>', `<ul>${doc.api.servers.map((s) => `<li><code>${e(s.url)}</code>${s.description ? ` — ${e(s.description)}` : ''}${s.variables.length ? `<ul>${s.variables.map((v) => `<li><code>${e(v)}</code></li>`).join('')}</ul>` : ''}</li>`).join('')}</ul>`);
    }
    if (doc.api.security.length) {
      out.push('<h2>Security</h2>');
      out.push(htmlTable(['Scheme', 'Type', 'Details', 'Description'], doc.api.security.map((s) => [`<code>${e(s.name)}</code>`, e(s.type), e(s.details.join('; ')), inline(s.description ?? '')])));
    }
    out.push('<h2>Operations</h2>');
    for (const tag of doc.api.tags) {
      out.push(`<h3>${e(tag.name || 'Other operations')}</h3>`);
      if (tag.description) out.push(markdownToHtml(tag.description, 4));
      for (const op of tag.operations) {
        out.push(`<h4><span class="method">${e(op.method)}</span> ${e(op.path)}${op.summary ? ` — ${e(op.summary)}` : ''}</h4>`);
        out.push(htmlOperation(op, 5));
      }
    }
    if (doc.api.webhooks.length) {
      out.push('<h2>Webhooks</h2>', '<p>The requests the API sends to its subscribers.</p>');
      for (const op of doc.api.webhooks) {
        out.push(`<h3>${e(op.path)}: <span class="method">${e(op.method)}</span>${op.summary ? ` — ${e(op.summary)}` : ''}</h3>`);
        out.push(htmlOperation(op, 4));
      }
    }
  }
  if (doc.participants.length) {
    out.push('<h2>Participants</h2>');
    out.push(htmlTable(['Participant', 'Kind', 'Specification', 'API version'], doc.participants.map((p) => [
      `<strong>${e(p.name)}</strong> (<code>${e(p.id)}</code>)`,
      e(p.kind ?? ''),
      p.spec ? `${p.specTitle ? e(p.specTitle) + ' ' : ''}<code>${e(p.spec)}</code>` : '',
      e(specVersions(p)),
    ])));
  }
  if (doc.mermaid) {
    out.push('<h2>Sequence diagram</h2>');
    if (doc.diagram && 'svg' in doc.diagram) out.push(`<figure class="diagram">${diagramImage(doc.diagram.svg, `Sequence diagram of ${doc.title}`)}</figure>`);
    else {
      const why = doc.diagram && 'note' in doc.diagram ? doc.diagram.note : '';
      out.push(`<p class="note">${e(DIAGRAM_TEXT_NOTE)}${why ? `: ${e(why)}` : '.'} Paste it into any Mermaid renderer to draw it.</p>`);
      out.push(`<pre class="mermaid-source"><code>${e(doc.mermaid)}</code></pre>`);
    }
  }
  if (doc.steps.length) {
    out.push('<h2>Steps</h2>');
    for (const step of doc.steps) {
      out.push(`<h3>${step.number}. ${e(step.from)} → ${e(step.to)}: ${e(step.label)}</h3>`);
      const facts: string[] = [];
      if (step.context) facts.push(`Only in <code>${e(step.context)}</code>.`);
      if (step.async) facts.push('Asynchronous.');
      if (step.reply) facts.push(`Reply: ${e(step.reply)}.`);
      if (step.mapping) facts.push(`Request built by the mapping <code>${e(step.mapping)}</code>.`);
      if (step.sameAs) facts.push(`The same operation as step ${step.sameAs}.`);
      if (facts.length) out.push(`<p>${facts.join(' ')}</p>`);
      if (step.operation) out.push(htmlOperation(step.operation, 4));
    }
  }
  if (doc.mappings.length) {
    out.push('<h2>Mappings</h2>');
    for (const m of doc.mappings) {
      out.push(`<h3>${e(m.title)}</h3>`, `<p>Mapping <code>${e(m.path)}</code>.</p>`);
      out.push(htmlTable(['Target', 'Type', 'Required', 'Rule', 'Note'], m.rows.map((r) => [`<code>${e(r.target)}</code>`, e(r.type), r.required ? 'yes' : '', r.rule ? `<code>${e(r.rule)}</code>` : '', e(r.note)])));
      for (const s of m.samples) {
        out.push(`<h4>Sample <code>${e(s.path)}</code></h4>`);
        if (s.problem) out.push(`<p class="problem"><strong>Problem:</strong> ${e(s.problem)}</p>`);
        if (s.input !== undefined) out.push(`<p>Input${s.inputTruncated ? ' (the beginning)' : ''}:</p>`, `<pre><code>${e(s.input)}</code></pre>`);
        if (s.output !== undefined) out.push('<p>Output:</p>', `<pre><code>${e(s.output)}</code></pre>`);
        if (s.expected) {
          const verdict = expectedVerdict(s.expected);
          out.push(`<p${s.expected.missing || s.expected.differences.length ? ' class="problem"' : ''}>${e(verdict)}</p>`);
          if (s.expected.differences.length) out.push(`<ul>${s.expected.differences.map((d) => `<li><code>${e(d)}</code></li>`).join('')}</ul>`);
        }
        if (s.violations) out.push('<p class="problem">Not as the schemas say:</p>', `<ul>${s.violations.map((v) => `<li>${e(v)}</li>`).join('')}</ul>`);
      }
    }
  }
  if (doc.notes.length) out.push('<h2>Notes</h2>', `<ul>${doc.notes.map((n) => `<li>${e(n.text)}${n.over.length ? ` <em>(${e(n.over.join(', '))})</em>` : ''}</li>`).join('')}</ul>`);
  if (doc.problems.length) {
    out.push('<h2>Open problems</h2>', `<p class="problem">${doc.problems.length} error${doc.problems.length === 1 ? '' : 's'} in the files this document describes:</p>`);
    out.push(`<ul>${doc.problems.map(htmlProblem).join('')}</ul>`);
  }
  if (doc.history?.length) {
    out.push('<h2>History</h2>');
    out.push(htmlTable(['Date', 'Author', 'Change', 'Files'], doc.history.map((h) => [e(h.date.slice(0, 10)), e(h.author), e(h.subject), e(h.files.join(', '))])));
  }
  // No script, no external resource: loading the page makes no request.
  const csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(doc.title)}</title>
<style>${STYLE}
</style>
</head>
<body>
${out.join('\n')}
</body>
</html>
`;
}

