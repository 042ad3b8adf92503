import { promises as fs } from 'node:fs';
import { relative, resolve } from 'node:path';
import { URI } from 'vscode-uri';
import { mappingFromCsv, reviewCsv, reviewMarkdown, reviewRows, SideChoice } from '../service/mapping/review';
import { cliService } from './session';
import { isMapping, notAMappingMessage } from '../service/mapping/identity';
import { CliIO, exists, parseOptions, UsageError } from './options';

/** `interface-studio export MAPPING [--format md|csv] [--out FILE]`: the reviewer's table. */
export async function exportCommand(args: string[], io: CliIO, cwd = process.cwd()): Promise<number> {
  const { positional, options } = parseOptions(args, { format: 'value', out: 'value' });
  if (positional.length !== 1) throw new UsageError('`export` takes one mapping file: interface-studio export MAPPING [--format md|csv] [--out FILE]');
  const format = (options.format as string | undefined) ?? 'md';
  if (format !== 'md' && format !== 'csv') throw new UsageError(`\`--format\` must be md or csv, not \`${format}\`.`);
  const path = resolve(cwd, positional[0]);
  if (!(await exists(path))) throw new UsageError(`${positional[0]}: no such file.`);
  const service = await cliService(cwd);
  const doc = await service.documents.get(URI.file(path).toString());
  if (!doc || !isMapping(doc)) throw new UsageError(notAMappingMessage(positional[0]));
  const { title, rows } = await reviewRows(service, doc);
  const text = format === 'md' ? reviewMarkdown(title, rows) : reviewCsv(rows);
  if (options.out) {
    await fs.writeFile(resolve(cwd, options.out as string), text);
    io.stderr(`Wrote ${options.out} (${rows.length} rows).\n`);
  } else io.stdout(text);
  return 0;
}

function side(value: string | undefined): SideChoice | undefined {
  if (!value) return undefined;
  const hash = value.indexOf('#');
  if (hash < 0) return { spec: value };
  const spec = value.slice(0, hash);
  const rest = value.slice(hash);
  return rest.startsWith('#/') ? { spec, schema: rest } : { spec, operation: rest.slice(1) };
}

/**
 * `interface-studio import FILE.csv [--source SPEC#/pointer|SPEC#operationId] [--target …] [--out FILE]`:
 * a mapping from a review table (columns target, rule, note; type and required are ignored).
 */
export async function importCommand(args: string[], io: CliIO, cwd = process.cwd()): Promise<number> {
  const { positional, options } = parseOptions(args, { source: 'value', target: 'value', out: 'value', name: 'value' });
  if (positional.length !== 1) throw new UsageError('`import` takes one CSV file: interface-studio import FILE.csv [--source SPEC#/pointer] [--target SPEC#operationId] [--out FILE.mapping.yaml]');
  const path = resolve(cwd, positional[0]);
  if (!(await exists(path))) throw new UsageError(`${positional[0]}: no such file.`);
  const out = options.out ? resolve(cwd, options.out as string) : path.replace(/\.csv$/i, '') + '.mapping.yaml';
  if (!/\.mapping\.(ya?ml)$/i.test(out)) throw new UsageError('`--out` must end in .mapping.yaml or .mapping.yml.');
  // spec paths are given relative to the current folder; the mapping names them relative to itself
  const rel = (s: SideChoice | undefined) => (s ? { ...s, spec: relative(resolve(out, '..'), resolve(cwd, s.spec)).replace(/\\/g, '/') } : undefined);
  const { text, problems } = mappingFromCsv(await fs.readFile(path, 'utf8'), {
    name: options.name as string | undefined,
    source: rel(side(options.source as string | undefined)),
    target: rel(side(options.target as string | undefined)),
  });
  for (const p of problems) io.stderr(`${positional[0]}: ${p}\n`);
  if (!text) return 1;
  if (await exists(out)) throw new UsageError(`${relative(cwd, out)} exists already; choose another --out.`);
  await fs.writeFile(out, text);
  io.stdout(`Wrote ${relative(cwd, out)}. Run \`interface-studio check ${relative(cwd, out)}\` to see what to review.\n`);
  return 0;
}
