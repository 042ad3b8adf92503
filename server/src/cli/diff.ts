import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { URI } from 'vscode-uri';
import { GitRepository } from '../node/git';
import { CannotCompare, ChangeLevel, DiffSide, loadSide, RatedChange, rateChanges } from '../service/changes/diff';
import { changesMarkdown } from '../service/changes/markdown';
import { changeMessage, impactMessage, Place } from '../service/changes/model';
import { LineIndex } from '../service/lineIndex';
import type { RuleInfo } from '../service/rules';
import { cliService } from './session';
import { CliIO, exists, fileUri, parseOptions, UsageError } from './options';

const FORMATS = ['text', 'json', 'markdown', 'sarif', 'junit'];
const LEVELS: ChangeLevel[] = ['info', 'warning', 'error'];

interface Side extends DiffSide {
  /** The revision a `REV:path` side names, to say "since REV". */
  revision?: string;
}

/** A side written as a path, or as `REV:path` the way `git show` reads it (the path from the top of the work tree, or `./…` from here). */
async function parseSide(arg: string, cwd: string): Promise<Side> {
  if (await exists(resolve(cwd, arg))) {
    if ((await stat(resolve(cwd, arg))).isDirectory()) throw new UsageError(`\`${arg}\` is a folder: name the file at the root of the API (the one with \`openapi:\` or \`swagger:\`).`);
    return { uri: fileUri(resolve(cwd, arg)), label: arg };
  }
  const match = /^(?![A-Za-z]:[\\/])([^:]+):(.+)$/.exec(arg);
  if (!match) throw new UsageError(`\`${arg}\` does not exist.`);
  const [, revision, path] = match;
  const repo = await GitRepository.at(cwd);
  if (!repo) throw new UsageError(`\`${arg}\`: there is no file of that name, and ${cwd} is not in a git repository (or git is not installed).`);
  const commit = await repo.commit(revision);
  if (!commit) throw new UsageError(`\`${arg}\`: the revision \`${revision}\` does not exist.`);
  const absolute = /^\.\.?[\\/]/.test(path) ? resolve(cwd, path) : resolve(repo.top, path);
  const read = repo.reader(commit);
  const uri = fileUri(absolute);
  if ((await read(uri)) === undefined) throw new UsageError(`\`${arg}\`: \`${path}\` does not exist in ${revision}.`);
  return { uri, label: arg, read, revision };
}

interface Location {
  file: string;
  line: number;
  column: number;
}

export async function diffCommand(args: string[], io: CliIO, cwd = process.cwd()): Promise<number> {
  const { positional, options } = parseOptions(args, { workspace: 'value', format: 'value', 'fail-on': 'value' });
  if (positional.length !== 2) throw new UsageError('`diff` compares two versions: `interface-studio diff OLD NEW`, each a path or `REV:path`.');
  const format = (options.format as string | undefined) ?? 'text';
  if (!FORMATS.includes(format)) throw new UsageError(`\`--format\` must be text, json, markdown, sarif or junit, not \`${format}\`.`);
  const failOn = ((options['fail-on'] as string | undefined) ?? 'error') as ChangeLevel;
  if (!LEVELS.includes(failOn)) throw new UsageError(`\`--fail-on\` must be error, warning or info, not \`${failOn}\`.`);
  const workspace = resolve(cwd, (options.workspace as string | undefined) ?? '.');
  if (options.workspace !== undefined && !(await exists(workspace))) throw new UsageError(`the workspace folder \`${String(options.workspace)}\` does not exist.`);

  const oldSide = await parseSide(positional[0], cwd);
  const newSide = await parseSide(positional[1], cwd);
  const service = await cliService(cwd, [workspace]);
  // Both sides may be the same file at two revisions: each side's places are read in its own text.
  const oldLines = new Map<string, LineIndex>();
  const lines = new Map<string, LineIndex>();
  let changes: RatedChange[];
  let loading = oldSide;
  try {
    const before = await loadSide(service, oldSide, { isCancellationRequested: false });
    loading = newSide;
    const after = await loadSide(service, newSide, { isCancellationRequested: false });
    for (const doc of before.set.documents.values()) oldLines.set(doc.uri, doc.lines);
    for (const doc of after.set.documents.values()) lines.set(doc.uri, doc.lines);
    changes = await rateChanges(service, newSide.uri, before, after, { impact: !newSide.read }, { isCancellationRequested: false });
  } catch (error) {
    if (!(error instanceof CannotCompare)) throw error;
    io.stderr(`interface-studio: ${error.message}.\n`);
    // The places are in the failing side's version of its files: a revision's text, not the work tree's.
    const texts = new Map<string, LineIndex>();
    const problems = [...error.problems].sort((a, b) => (a.place?.uri ?? '').localeCompare(b.place?.uri ?? '') || (a.place?.offset ?? 0) - (b.place?.offset ?? 0));
    for (const p of problems) {
      if (p.place && loading.read && !texts.has(p.place.uri)) {
        const text = await loading.read(p.place.uri);
        if (text !== undefined) texts.set(p.place.uri, new LineIndex(text));
      }
      const at = p.place && (await locate(service, p.place, cwd, texts));
      const file = at && (loading.revision ? `${loading.revision}:${at.file}` : at.file);
      io.stderr(`${at ? `${file}:${at.line}:${at.column}: ` : ''}${p.message}\n`);
    }
    return 2;
  }
  // Impacts are in the workspace's files; the old side's places in its own version's text.
  for (const change of changes) for (const i of change.impact) if (!lines.has(i.uri)) { const doc = await service.documents.get(i.uri); if (doc) lines.set(i.uri, doc.lines); }
  const since = oldSide.revision;
  const located = await Promise.all(changes.map(async (change) => ({
    change,
    message: changeMessage(change, since),
    old: change.old && (await locate(service, change.old, cwd, oldLines)),
    new: change.new && (await locate(service, change.new, cwd, lines)),
    impact: await Promise.all(change.impact.map(async (i) => ({ ...(await locate(service, i, cwd, lines))!, message: impactMessage(change, i.use, since) }))),
  })));

  const counts = { error: 0, warning: 0, info: 0 };
  for (const c of changes) counts[c.level]++;
  if (format === 'json') {
    io.stdout(JSON.stringify(located.map((c) => ({
      code: c.change.code,
      level: c.change.level,
      message: c.message,
      ...(c.change.operation ? { operation: c.change.operation } : {}),
      ...(c.old ? { old: c.old } : {}),
      ...(c.new ? { new: c.new } : {}),
      impact: c.impact,
    })), null, 2) + '\n');
  } else if (format === 'markdown') {
    io.stdout(changesMarkdown(located.map((c) => ({ ...c.change, message: c.message, old: c.old, new: c.new, impact: c.impact })), since ?? oldSide.label));
  } else if (format === 'sarif') {
    io.stdout(JSON.stringify(diffSarif(located, service.rules.all().filter((r) => r.code.startsWith('change.'))), null, 2) + '\n');
  } else if (format === 'junit') {
    io.stdout(diffJunit(located, failOn));
  } else {
    for (const c of located) {
      const at = c.new ?? c.old;
      io.stdout(`${at ? `${at.file}:${at.line}:${at.column} ` : ''}${c.change.level} ${c.change.code} ${c.message}\n`);
      for (const i of c.impact) io.stdout(`  ${i.file}:${i.line}:${i.column} ${i.message}\n`);
    }
    io.stderr(changes.length ? `${changes.length} change${changes.length === 1 ? '' : 's'}: ${counts.error} breaking, ${counts.warning} that may break, ${counts.info} compatible.\n` : 'No changes.\n');
  }
  const threshold = LEVELS.indexOf(failOn);
  return changes.some((c) => LEVELS.indexOf(c.level) >= threshold) ? 1 : 0;
}

async function locate(service: Awaited<ReturnType<typeof cliService>>, place: Place, cwd: string, lines: Map<string, LineIndex>): Promise<Location | undefined> {
  const index = lines.get(place.uri) ?? (await service.documents.get(place.uri))?.lines;
  if (!index) return undefined;
  const position = index.positionAt(place.offset);
  const path = URI.parse(place.uri).fsPath;
  return { file: relative(cwd, path).split('\\').join('/') || path, line: position.line + 1, column: position.character + 1 };
}

type Located = { change: RatedChange; message: string; old?: Location; new?: Location; impact: (Location & { message: string })[] };

const at = (l: Location | undefined): string => (l ? `${l.file}:${l.line}:${l.column}` : '');

function diffSarif(changes: Located[], rules: RuleInfo[]): unknown {
  const level: Record<ChangeLevel, string> = { error: 'error', warning: 'warning', info: 'note' };
  const location = (l: Location) => ({ physicalLocation: { artifactLocation: { uri: l.file }, region: { startLine: l.line, startColumn: l.column } } });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'Interface Studio', informationUri: 'https://github.com/interface-studio/interface-studio', rules: rules.map((r) => ({ id: r.code, shortDescription: { text: r.description }, defaultConfiguration: { level: level[r.severity as ChangeLevel] ?? 'note' } })) } },
      results: changes.map((c) => ({
        ruleId: c.change.code,
        level: level[c.change.level],
        message: { text: c.message },
        locations: c.new ?? c.old ? [location((c.new ?? c.old)!)] : [],
        relatedLocations: [...(c.old && c.new ? [{ ...location(c.old), message: { text: 'before' } }] : []), ...c.impact.map((i) => ({ ...location(i), message: { text: i.message } }))],
      })),
    }],
  };
}

function diffJunit(changes: Located[], failOn: ChangeLevel): string {
  const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const failing = (c: Located): boolean => LEVELS.indexOf(c.change.level) >= LEVELS.indexOf(failOn);
  const cases = changes.map((c) => {
    const name = escape(`${c.change.code} ${at(c.new ?? c.old)}`);
    const body = failing(c) ? `<failure type="${c.change.level}" message="${escape(c.message)}">${escape([c.message, ...c.impact.map((i) => `${at(i)} ${i.message}`)].join('\n'))}</failure>` : '';
    return `    <testcase classname="${escape(c.change.operation ?? 'api')}" name="${name}">${body}</testcase>`;
  });
  const failures = changes.filter(failing).length;
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="interface-studio diff" tests="${changes.length}" failures="${failures}">`,
    `  <testsuite name="API changes" tests="${changes.length}" failures="${failures}">`, ...cases, '  </testsuite>', '</testsuites>', ''].join('\n');
}
