/**
 * The API reference page. It renders the model the extension sends with DOM nodes and textContent
 * only (descriptions through the safe Markdown reader), lazily: an operation's details, a tag's
 * operations and a referenced schema are built when the reader opens them, so GitHub's 1 000
 * operations open at once and scroll smoothly. Clicking a name, path or heading reveals its source.
 * The model may be an outline (`model.lazy`): the details of what is opened are then asked for
 * and built when they arrive.
 */
import './apiReference.css';
import type { ApiContent, ApiExample, ApiOperation, ApiParameter, ApiReferenceDetails, ApiReferenceModel, ApiResponse, ApiSchema, ApiSourceAt } from '../../server/src/protocol';
import { MdBlock, MdInline, parseMarkdown } from '../../server/src/protocol/safeMarkdown';
import { ApiReferencePageState, FromApiReferencePage, isApiReferencePageState, isToApiReferencePage, ToApiReferencePage } from '../src/webviews/apiReferenceMessages';

interface VsCodeApi {
  postMessage(message: FromApiReferencePage): void;
  getState(): unknown;
  setState(state: ApiReferencePageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
let latest = -1;
let model: ApiReferenceModel;
let state: ApiReferencePageState = isApiReferencePageState(vscode.getState()) ? (vscode.getState() as ApiReferencePageState) : { specUri: '' };
const open = new Set<string>(state.open ?? []);

/** Tags open by default when the API is this small. */
const SMALL_API = 150;
/** Search results shown at most. */
const MAX_RESULTS = 200;

// ------------------------------------------------------------ details of an outline, on demand

/** Operations (by index) and schemas (by key) whose details the page holds. */
const loadedOperations = new Set<number>();
const loadedSchemas = new Set<string>();
/** What waits for details: each callback runs once everything it named has arrived. */
let waiting: { operations: number[]; schemas: string[]; then: () => void }[] = [];
let asked = { operations: new Set<number>(), schemas: new Set<string>() };
let askQueued = false;

function operationLoaded(index: number): boolean {
  return !model.lazy || loadedOperations.has(index);
}

function schemaLoaded(key: string): boolean {
  return !model.lazy || loadedSchemas.has(key) || !(key in model.schemas);
}

/** Runs `then` once the details are here: at once when they are, else after one batched request. */
function whenLoaded(operations: number[], schemas: string[], then: () => void): void {
  const missingOps = operations.filter((i) => !operationLoaded(i));
  const missingSchemas = schemas.filter((k) => !schemaLoaded(k));
  if (!missingOps.length && !missingSchemas.length) {
    then();
    return;
  }
  waiting.push({ operations: missingOps, schemas: missingSchemas, then });
  for (const i of missingOps) asked.operations.add(i);
  for (const k of missingSchemas) asked.schemas.add(k);
  if (askQueued) return;
  askQueued = true;
  // Everything opened in one turn (a restored page, a tag) goes in one request.
  queueMicrotask(() => {
    askQueued = false;
    if (!model.lazy || (!asked.operations.size && !asked.schemas.size)) return;
    vscode.postMessage({ type: 'details', revision: model.lazy.revision, operations: [...asked.operations], schemas: [...asked.schemas] });
    asked = { operations: new Set(), schemas: new Set() };
  });
}

function receiveDetails(details: ApiReferenceDetails): void {
  if (!model.lazy || details.revision !== model.lazy.revision) return;
  model.files = details.files;
  for (const { index, operation } of details.operations) {
    if (index >= model.operations.length) continue;
    model.operations[index] = operation;
    loadedOperations.add(index);
  }
  for (const [key, entry] of Object.entries(details.schemas)) {
    model.schemas[key] = entry;
    loadedSchemas.add(key);
  }
  const ready = waiting.filter((w) => w.operations.every(operationLoaded) && w.schemas.every(schemaLoaded));
  waiting = waiting.filter((w) => !ready.includes(w));
  for (const w of ready) w.then();
}

/** A "Loading…" line in `box` until the details are here, then what `build` makes. */
function appendWhenLoaded(box: HTMLElement, operations: number[], schemas: string[], build: () => Node | Node[]): void {
  const placeholder = el('p', { className: 'loading', text: 'Loading…' });
  box.append(placeholder);
  whenLoaded(operations, schemas, () => {
    const built = build();
    placeholder.replaceWith(...(Array.isArray(built) ? built : [built]));
  });
}

function saveState(): void {
  state = { ...state, open: [...open].slice(-500) };
  vscode.setState(state);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string; title?: string } = {}, ...children: (Node | string | null | undefined | false)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  if (props.title) node.title = props.title;
  for (const child of children) if (child) node.append(child);
  return node;
}

/** Clicking the element reveals its place in the source. */
function linked<T extends HTMLElement>(node: T, at: ApiSourceAt | undefined): T {
  if (!at) return node;
  node.classList.add('source-link');
  node.title = node.title || `Go to ${fileLabel(at[0])}:${at[1] + 1}`;
  node.addEventListener('click', (event) => {
    event.preventDefault();
    event.stopPropagation();
    vscode.postMessage({ type: 'reveal', at });
  });
  return node;
}

function fileLabel(index: number): string {
  const uri = model.files[index] ?? '';
  return decodeURIComponent(uri.split('/').pop() ?? uri);
}

// ------------------------------------------------------------ Markdown (safe)

function inlineNodes(nodes: MdInline[]): Node[] {
  return nodes.map((node) => {
    if (typeof node === 'string') return document.createTextNode(node);
    if (node.tag === 'br') return el('br');
    if (node.tag === 'a') {
      const a = el('a', {}, ...inlineNodes(node.children));
      a.href = node.href;
      a.rel = 'noopener noreferrer';
      return a;
    }
    return el(node.tag, {}, ...inlineNodes(node.children ?? []));
  });
}

function blockNodes(blocks: MdBlock[]): Node[] {
  return blocks.map((block) => {
    switch (block.tag) {
      case 'p': return el('p', {}, ...inlineNodes(block.children));
      case 'h': return el(`h${Math.min(6, 3 + (block.level ?? 1))}` as 'h4', {}, ...inlineNodes(block.children));
      case 'pre': return el('pre', {}, el('code', { text: block.text }));
      case 'ul':
      case 'ol': return el(block.tag, {}, ...block.items.map((item) => el('li', {}, ...blockNodes(item))));
      case 'blockquote': return el('blockquote', {}, ...blockNodes(block.children));
      case 'hr': return el('hr');
    }
  });
}

function markdown(text: string | undefined, className = 'markdown'): HTMLElement | undefined {
  if (!text) return undefined;
  return el('div', { className }, ...blockNodes(parseMarkdown(text)));
}

// ------------------------------------------------------------ schemas

function json(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function resolved(schema: ApiSchema): ApiSchema {
  return schema.ref ? model.schemas[schema.ref]?.schema ?? schema : schema;
}

function typeText(schema: ApiSchema): string {
  if (schema.broken) return 'unresolved $ref';
  const named = schema.ref ? model.schemas[schema.ref] : undefined;
  if (named && !schemaLoaded(schema.ref!)) return named.name;
  const s = resolved(schema);
  const types = s.type ?? (s.properties ? ['object'] : s.items ? ['array'] : []);
  const parts = types.map((t) => (t === 'array' && s.items ? `array of ${typeText(s.items)}` : s.format && t !== 'null' ? `${t} (${s.format})` : t));
  const base = parts.join(' | ') || (s.oneOf ? 'one of' : s.anyOf ? 'any of' : s.allOf ? 'all of' : s.enum ? 'enum' : 'any');
  return named ? `${named.name}${base && base !== 'object' ? ` · ${base}` : ''}` : base;
}

function hasChildren(schema: ApiSchema, seen: Set<string>): boolean {
  if (schema.ref && seen.has(schema.ref)) return false;
  // Not here yet: it may have children; opening it asks.
  if (schema.ref && !schemaLoaded(schema.ref)) return true;
  const s = resolved(schema);
  return !!(s.properties?.length || s.items || s.prefixItems?.length || s.allOf || s.oneOf || s.anyOf || s.not || (typeof s.additionalProperties === 'object'));
}

function facts(schema: ApiSchema): HTMLElement[] {
  const s = resolved(schema);
  const out: HTMLElement[] = [];
  if (schema.broken) out.push(linked(el('span', { className: 'broken', text: `⚠ ${schema.broken}` }), schema.at));
  if (s.enum) out.push(el('span', { className: 'fact' }, 'enum ', ...s.enum.slice(0, 50).map((v) => el('code', { text: json(v) }))));
  if (s.const !== undefined) out.push(el('span', { className: 'fact' }, 'const ', el('code', { text: json(s.const) })));
  for (const bound of s.bounds ?? []) out.push(el('span', { className: 'fact', text: bound }));
  if (s.default !== undefined) out.push(el('span', { className: 'fact' }, 'default ', el('code', { text: json(s.default) })));
  for (const example of (s.examples ?? []).slice(0, 3)) out.push(el('span', { className: 'fact' }, 'example ', el('code', { text: json(example).slice(0, 200) })));
  if (s.readOnly) out.push(el('span', { className: 'badge', text: 'read-only' }));
  if (s.writeOnly) out.push(el('span', { className: 'badge', text: 'write-only' }));
  if (s.deprecated) out.push(el('span', { className: 'badge deprecated', text: 'deprecated' }));
  if (s.discriminator) out.push(el('span', { className: 'fact' }, 'discriminator ', el('code', { text: s.discriminator })));
  return out;
}

/** One row of a schema tree: name, type, required, facts, description; its children built when opened. */
function schemaRow(name: string | undefined, schema: ApiSchema, required: boolean, seen: Set<string>): HTMLElement {
  const head = el('span', { className: 'row-head' });
  if (name !== undefined) head.append(linked(el('span', { className: 'prop-name', text: name }), schema.at));
  head.append(linked(el('span', { className: 'type', text: typeText(schema) }), schema.ref ? model.schemas[schema.ref]?.schema.at : schema.at));
  if (required) head.append(el('span', { className: 'required', text: 'required' }));
  head.append(...facts(schema));
  const description = schema.description ?? resolved(schema).description;
  const body: (Node | undefined)[] = [markdown(description, 'markdown description')];
  if (!hasChildren(schema, seen)) return el('div', { className: 'schema-row leaf' }, head, ...body.filter(Boolean) as Node[]);
  const details = el('details', { className: 'schema-row' }, el('summary', {}, head));
  for (const node of body) if (node) details.append(node);
  let built = false;
  details.addEventListener('toggle', () => {
    if (!details.open || built) return;
    built = true;
    appendWhenLoaded(details, [], schema.ref ? [schema.ref] : [], () => {
      const children = schemaChildren(schema, schema.ref ? new Set([...seen, schema.ref]) : seen);
      // Opened before its tree was known, and there is nothing inside: say so rather than show nothing.
      if (!children.childElementCount) children.append(el('p', { className: 'muted', text: `${typeText(schema)}: no properties, items or variants.` }));
      return children;
    });
  });
  return details;
}

function schemaChildren(schema: ApiSchema, seen: Set<string>): HTMLElement {
  const s = resolved(schema);
  const box = el('div', { className: 'schema-children' });
  for (const prop of s.properties ?? []) box.append(schemaRow(prop.name, prop.schema, prop.required, seen));
  if (s.items) box.append(schemaRow('[items]', s.items, false, seen));
  s.prefixItems?.forEach((item, i) => box.append(schemaRow(`[${i}]`, item, false, seen)));
  if (typeof s.additionalProperties === 'object') box.append(schemaRow('[any key]', s.additionalProperties, false, seen));
  for (const combiner of ['allOf', 'oneOf', 'anyOf'] as const) {
    const list = s[combiner];
    if (!list) continue;
    const label = combiner === 'allOf' ? 'all of' : combiner === 'oneOf' ? 'one of' : 'any of';
    box.append(el('div', { className: `combiner ${combiner}` }, el('div', { className: 'combiner-label', text: label }), ...list.map((variant, i) => schemaRow(`${i + 1}`, variant, false, seen))));
  }
  if (s.not) box.append(el('div', { className: 'combiner not' }, el('div', { className: 'combiner-label', text: 'not' }), schemaRow(undefined, s.not, false, seen)));
  return box;
}

function schemaTree(schema: ApiSchema | undefined): HTMLElement {
  if (!schema) return el('p', { className: 'empty', text: 'No schema.' });
  const tree = el('div', { className: 'schema-tree' });
  const row = schemaRow(undefined, schema, false, new Set());
  tree.append(row);
  // The top of a body is open: that is what the reader came for.
  if (row instanceof HTMLDetailsElement) row.open = true;
  return tree;
}

// ------------------------------------------------------------ operations

function examples(list: ApiExample[]): HTMLElement | undefined {
  if (!list.length) return undefined;
  return el('div', { className: 'examples' }, ...list.map((example) => el('details', { className: 'example' },
    el('summary', {}, linked(el('span', { text: `Example ${example.name === 'example' ? '' : example.name}`.trim() }), example.at), example.summary ? el('span', { className: 'muted', text: ` — ${example.summary}` }) : undefined),
    example.externalValue ? el('p', {}, 'External value: ', el('code', { text: example.externalValue })) : undefined,
    example.value !== undefined ? el('pre', { className: 'code', text: JSON.stringify(example.value, null, 2) }) : undefined,
  )));
}

function contentBlock(content: ApiContent[]): Node[] {
  return content.map((c) => el('div', { className: 'content' }, el('div', { className: 'media-type' }, el('code', { text: c.mediaType })), schemaTree(c.schema), examples(c.examples)));
}

function parameterTable(parameters: ApiParameter[]): HTMLElement {
  const table = el('table', { className: 'params' }, el('thead', {}, el('tr', {}, el('th', { text: 'Name' }), el('th', { text: 'In' }), el('th', { text: 'Type' }), el('th', { text: 'Description' }))));
  const body = el('tbody');
  for (const p of parameters) {
    const name = el('td', {}, linked(el('span', { className: 'prop-name', text: p.name }), p.at), p.required ? el('span', { className: 'required', text: 'required' }) : undefined, p.deprecated ? el('span', { className: 'badge deprecated', text: 'deprecated' }) : undefined);
    const description = el('td', {}, p.broken ? linked(el('span', { className: 'broken', text: `⚠ ${p.broken}` }), p.at) : undefined, markdown(p.description), ...(p.schema ? facts(p.schema) : []), examples(p.examples));
    body.append(el('tr', {}, name, el('td', { text: p.in }), el('td', {}, p.schema ? el('span', { className: 'type', text: typeText(p.schema) }) : undefined), description));
  }
  table.append(body);
  return table;
}

function responseBlock(r: ApiResponse): HTMLElement {
  const status = linked(el('span', { className: `status s${r.status[0]}`, text: r.status }), r.at);
  const box = el('details', { className: 'response' }, el('summary', {}, status, el('span', { className: 'muted', text: ` ${r.description?.split('\n')[0] ?? ''}` })));
  box.addEventListener('toggle', () => {
    if (!box.open || box.dataset.built) return;
    box.dataset.built = 'true';
    if (r.broken) box.append(linked(el('p', { className: 'broken', text: `⚠ ${r.broken}` }), r.at));
    const md = markdown(r.description);
    if (md) box.append(md);
    if (r.headers.length) box.append(el('h5', { text: 'Headers' }), parameterTable(r.headers));
    box.append(...contentBlock(r.content));
  });
  if (r.status.startsWith('2')) box.open = true;
  return box;
}

function securityText(security: ApiOperation['security']): string | undefined {
  if (!security) return undefined;
  if (!security.length || security.some((alt) => !alt.length)) return security.length > 1 ? 'optional' : 'none';
  return security.map((alt) => alt.map((s) => (s.scopes.length ? `${s.scheme} (${s.scopes.join(', ')})` : s.scheme)).join(' + ')).join(' or ');
}

function operationDetails(op: ApiOperation): Node[] {
  const out: (Node | undefined)[] = [];
  out.push(el('div', { className: 'op-meta' },
    op.operationId ? el('span', {}, 'operationId ', linked(el('code', { text: op.operationId }), op.at)) : undefined,
    securityText(op.security) ? el('span', {}, 'security ', el('code', { text: securityText(op.security)! })) : undefined,
    op.deprecated ? el('span', { className: 'badge deprecated', text: 'deprecated' }) : undefined,
  ));
  out.push(markdown(op.description));
  if (op.parameters.length) out.push(el('h4', { text: 'Parameters' }), parameterTable(op.parameters));
  if (op.requestBody) {
    const body = op.requestBody;
    out.push(el('h4', {}, linked(el('span', { text: 'Request body' }), body.at), body.required ? el('span', { className: 'required', text: 'required' }) : undefined));
    if (body.broken) out.push(linked(el('p', { className: 'broken', text: `⚠ ${body.broken}` }), body.at));
    out.push(markdown(body.description), ...contentBlock(body.content));
  }
  if (op.responses.length) out.push(el('h4', { text: 'Responses' }), ...op.responses.map(responseBlock));
  if (op.callbacks?.length) {
    out.push(el('h4', { text: 'Callbacks' }));
    for (const callback of op.callbacks) {
      out.push(el('div', { className: 'callback' },
        linked(el('span', { className: 'prop-name', text: callback.name }), callback.at),
        callback.expression ? el('code', { text: callback.expression }) : undefined,
        callback.broken ? linked(el('span', { className: 'broken', text: ` ⚠ ${callback.broken}` }), callback.at) : undefined,
        ...callback.operations.map(callbackOperation)));
    }
  }
  return out.filter((n): n is Node => !!n);
}

/** An operation of a callback: it came with its parent's details, and is built when opened. */
function callbackOperation(op: ApiOperation): HTMLElement {
  const details = el('details', { className: 'operation' }, el('summary', { className: 'op-summary' },
    el('span', { className: `method ${op.method}`, text: op.method }),
    linked(el('span', { className: 'path', text: op.path }), op.at),
    el('span', { className: 'op-title', text: op.summary ?? op.operationId ?? '' })));
  details.addEventListener('toggle', () => {
    if (!details.open || details.dataset.built) return;
    details.dataset.built = 'true';
    details.append(el('div', { className: 'op-body' }, ...operationDetails(op)));
  });
  return details;
}

function operationKey(op: ApiOperation): string {
  return `${op.webhook ? 'webhook ' : ''}${op.method} ${op.path}`;
}

function operationRow(index: number, showTag = false): HTMLElement {
  const op = model.operations[index];
  const key = operationKey(op);
  const summary = el('summary', { className: 'op-summary' },
    el('span', { className: `method ${op.method}`, text: op.webhook ? `${op.method} hook` : op.method }),
    linked(el('span', { className: `path${op.deprecated ? ' deprecated' : ''}`, text: op.path }), op.at),
    el('span', { className: 'op-title', text: op.summary ?? op.operationId ?? '' }),
    showTag && op.tags[0] ? el('span', { className: 'tag-chip', text: op.tags[0] || 'other' }) : undefined,
  );
  const details = el('details', { className: 'operation' }, summary);
  details.dataset.key = key;
  const build = (): void => {
    if (details.dataset.built) return;
    details.dataset.built = 'true';
    appendWhenLoaded(details, [index], [], () => el('div', { className: 'op-body' }, ...operationDetails(model.operations[index])));
  };
  details.addEventListener('toggle', () => {
    if (details.open) {
      build();
      open.add(key);
    } else open.delete(key);
    saveState();
  });
  if (open.has(key)) {
    details.open = true;
    build();
  }
  return details;
}

function tagSection(tag: ApiReferenceModel['tags'][number], operations: number[], openByDefault: boolean): HTMLElement {
  const key = `tag:${tag.name}`;
  const title = tag.name || 'Other operations';
  const details = el('details', { className: 'tag' }, el('summary', {}, el('h2', {}, linked(el('span', { text: title }), tag.at), el('span', { className: 'count', text: ` ${operations.length}` }))));
  details.id = `tag-${encodeURIComponent(tag.name)}`;
  const build = (): void => {
    if (details.dataset.built) return;
    details.dataset.built = 'true';
    const md = markdown(tag.description);
    if (md) details.append(md);
    details.append(...operations.map((index) => operationRow(index)));
  };
  details.addEventListener('toggle', () => {
    if (details.open) {
      build();
      open.add(key);
      open.delete(`closed:${key}`);
    } else {
      open.delete(key);
      open.add(`closed:${key}`);
    }
    saveState();
  });
  if ((openByDefault && !open.has(`closed:${key}`)) || open.has(key)) {
    details.open = true;
    build();
  }
  return details;
}

// ------------------------------------------------------------ the page

function header(): HTMLElement {
  const info = model.info;
  const search = el('input', { className: 'search' });
  search.type = 'search';
  search.placeholder = `Search ${model.operations.length} operations and ${Object.keys(model.schemas).length} schemas`;
  search.setAttribute('aria-label', 'Search operations and schemas');
  search.value = state.query ?? '';
  let timer: number | undefined;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      state = { ...state, query: search.value };
      saveState();
      renderBody();
    }, 120);
  });
  return el('header', { className: 'toolbar' },
    linked(el('h1', { text: info.title }), info.at),
    info.version ? el('span', { className: 'version', text: info.version }) : undefined,
    el('span', { className: 'badge', text: model.version === '2.0' ? 'Swagger 2.0' : `OpenAPI ${model.versionText}` }),
    search,
  );
}

function overview(): Node[] {
  const out: (Node | undefined)[] = [];
  const info = model.info;
  if (info.summary) out.push(el('p', { className: 'summary', text: info.summary }));
  out.push(markdown(info.description));
  const meta: Node[] = [];
  if (info.contact?.name || info.contact?.email || info.contact?.url) meta.push(el('span', {}, 'Contact: ', [info.contact.name, info.contact.email, info.contact.url].filter(Boolean).join(' · ')));
  if (info.license?.name) meta.push(el('span', {}, 'License: ', info.license.name + (info.license.identifier ? ` (${info.license.identifier})` : '')));
  if (info.termsOfService) meta.push(el('span', {}, 'Terms of service: ', info.termsOfService));
  if (meta.length) out.push(el('p', { className: 'meta' }, ...meta.flatMap((m, i) => (i ? [' · ', m] : [m]))));
  if (model.servers.length) {
    out.push(el('section', { className: 'servers' }, el('h3', { text: 'Servers' }), el('ul', {}, ...model.servers.map((s) => el('li', {},
      linked(el('code', { text: s.url }), s.at),
      s.description ? ` — ${s.description}` : '',
      ...s.variables.map((v) => el('span', { className: 'fact' }, `{${v.name}} = `, el('code', { text: v.default ?? '' }), v.enum ? ` (${v.enum.join(', ')})` : '')),
    )))));
  }
  if (model.problems.length) {
    out.push(el('section', { className: 'problems' }, el('h3', { text: `Could not read everything (${model.problems.length})` }), el('ul', {}, ...model.problems.slice(0, 200).map((p) => el('li', {},
      linked(el('span', { className: 'broken', text: `${fileLabel(p.at[0])}:${p.at[1] + 1}` }), p.at), ` ${p.message}`)))));
  }
  return out.filter((n): n is Node => !!n);
}

function components(): HTMLElement {
  const section = el('details', { className: 'tag components' }, el('summary', {}, el('h2', { text: 'Components' })));
  section.addEventListener('toggle', () => {
    if (!section.open || section.dataset.built) return;
    section.dataset.built = 'true';
    // The components, then the schemas other files hold that a `$ref` names.
    const keys = [...new Set([...model.components.schemas, ...Object.keys(model.schemas).filter((k) => !k.startsWith('0#'))])];
    if (keys.length) {
      section.append(el('h3', { text: `Schemas (${keys.length})` }));
      for (const key of keys) section.append(schemaRow(model.schemas[key]?.name ?? key, { ref: key, at: model.schemas[key]?.schema.at }, false, new Set()));
    }
    if (model.components.securitySchemes.length) {
      section.append(el('h3', { text: 'Security schemes' }));
      for (const s of model.components.securitySchemes) {
        section.append(el('div', { className: 'scheme' },
          linked(el('span', { className: 'prop-name', text: s.name }), s.at), el('span', { className: 'type', text: s.type }), ...s.details.map((d) => el('span', { className: 'fact', text: d })),
          markdown(s.description),
          s.scopes.length ? el('ul', {}, ...s.scopes.map((scope) => el('li', {}, el('code', { text: scope.name }), ` ${scope.description}`))) : undefined));
      }
    }
    if (model.components.other.length) {
      section.append(el('h3', { text: 'Other components' }));
      section.append(el('ul', {}, ...model.components.other.map((c) => el('li', {}, el('span', { className: 'muted', text: `${c.kind} ` }), linked(el('code', { text: c.name }), c.at)))));
    }
  });
  return section;
}

const body = el('div', { className: 'body' });

function renderBody(): void {
  const query = (state.query ?? '').trim().toLowerCase();
  if (query) {
    const words = query.split(/\s+/);
    const matches = model.operations.map((_, index) => index).filter((index) => {
      const op = model.operations[index];
      const text = `${op.method} ${op.path} ${op.operationId ?? ''} ${op.summary ?? ''} ${op.tags.join(' ')}`.toLowerCase();
      return words.every((w) => text.includes(w));
    });
    const schemaMatches = Object.keys(model.schemas).filter((key) => words.every((w) => (model.schemas[key]?.name ?? '').toLowerCase().includes(w)));
    const list = el('section', { className: 'results' }, el('h2', { text: `${matches.length} operation${matches.length === 1 ? '' : 's'}` }));
    list.append(...matches.slice(0, MAX_RESULTS).map((index) => operationRow(index, true)));
    if (matches.length > MAX_RESULTS) list.append(el('p', { className: 'muted', text: `…and ${matches.length - MAX_RESULTS} more: narrow the search.` }));
    if (schemaMatches.length) {
      list.append(el('h2', { text: `${schemaMatches.length} schema${schemaMatches.length === 1 ? '' : 's'}` }));
      for (const key of schemaMatches.slice(0, MAX_RESULTS)) list.append(schemaRow(model.schemas[key].name, { ref: key, at: model.schemas[key].schema.at }, false, new Set()));
    }
    body.replaceChildren(list);
    return;
  }
  const byTag = new Map<string, number[]>();
  const webhooks: number[] = [];
  model.operations.forEach((op, index) => {
    if (op.webhook) webhooks.push(index);
    else for (const tag of op.tags) byTag.set(tag, [...(byTag.get(tag) ?? []), index]);
  });
  const small = model.operations.length <= SMALL_API;
  const sections: Node[] = [];
  for (const tag of model.tags) {
    const ops = byTag.get(tag.name) ?? [];
    if (ops.length) sections.push(tagSection(tag, ops, small));
  }
  if (webhooks.length) sections.push(tagSection({ name: 'Webhooks' }, webhooks, small));
  sections.push(components());
  body.replaceChildren(...sections);
}

function render(message: Extract<ToApiReferencePage, { type: 'model' }>): void {
  model = message.model;
  loadedOperations.clear();
  loadedSchemas.clear();
  // What waited for the previous model's details is rebuilt from this one.
  waiting = [];
  asked = { operations: new Set(), schemas: new Set() };
  state = { ...state, specUri: message.specUri };
  saveState();
  const scroll = window.scrollY;
  app.replaceChildren(header(), el('div', { className: 'overview' }, ...overview()), body);
  renderBody();
  window.scrollTo(0, scroll);
}

window.addEventListener('message', (event: MessageEvent) => {
  const message = event.data as unknown;
  if (!isToApiReferencePage(message)) return;
  if (message.version < latest) return; // a stale answer
  latest = message.version;
  if (message.type === 'busy') document.body.classList.add('busy');
  else {
    document.body.classList.remove('busy');
    if (message.type === 'error') app.replaceChildren(el('div', { className: 'problem', text: message.message }));
    else if (message.type === 'details') receiveDetails(message.details);
    else render(message);
  }
});

app.replaceChildren(el('p', { className: 'muted', text: 'Reading the API…' }));
vscode.postMessage({ type: 'ready' });
