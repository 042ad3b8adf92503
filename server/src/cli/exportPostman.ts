import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { URI } from 'vscode-uri';
import { WorkerEvaluator } from '../node/jsonataHost';
import { CONFIG_FILE_NAME, parseConfigFile } from '../service/configuration';
import { FLOW_KIND } from '../service/flow/identity';
import { openApiVersion } from '../service/openapi/version';
import { flowCollection, specCollection } from '../service/runs/postman';
import { cliService } from './session';
import { CliIO, exists, fileUri, parseOptions, UsageError } from './options';

/**
 * `interface-studio export-postman FLOW|SPEC [--out FILE] [--env NAME]`: a Postman collection v2.1.
 * With `--env`, base URLs come from that environment and its secrets become Postman variables.
 */
export async function exportPostmanCommand(args: string[], io: CliIO, cwd = process.cwd()): Promise<number> {
  const { positional, options } = parseOptions(args, { out: 'value', env: 'value' });
  if (positional.length !== 1) throw new UsageError('`export-postman` takes one flow or OpenAPI document: interface-studio export-postman FLOW|SPEC [--out FILE].');
  const [path] = positional;
  const uri = fileUri(path);
  const fsPath = URI.parse(uri).fsPath;
  if (!(await exists(fsPath))) throw new UsageError(`\`${path}\` does not exist.`);
  const service = await cliService(cwd, [cwd, dirname(fsPath)]);
  let environment: { name: string; targets: Record<string, { url: string; headers: Record<string, string>; query: Record<string, string> }> } | undefined;
  if (options.env !== undefined) {
    const name = options.env as string;
    const file = join(cwd, CONFIG_FILE_NAME);
    const environments = (await exists(file)) ? parseConfigFile(await readFile(file, 'utf8'), service.rules).environments : {};
    if (!environments[name]) throw new UsageError(`there is no environment \`${name}\` in ${CONFIG_FILE_NAME}${Object.keys(environments).length ? ` (it has ${Object.keys(environments).join(', ')})` : ''}.`);
    environment = { name, targets: environments[name] };
  }
  let collection;
  if (service.kinds.byFileName(uri)?.id === FLOW_KIND) {
    const evaluator = new WorkerEvaluator();
    try {
      collection = await flowCollection(service, uri, { evaluator, timeoutMs: 2000, environment });
    } finally {
      evaluator.dispose();
    }
  } else {
    const doc = await service.documents.get(uri);
    if (!openApiVersion(doc)) throw new UsageError(`\`${path}\` is neither a flow file nor an OpenAPI document.`);
    collection = await specCollection(service, uri, environment ? Object.values(environment.targets)[0]?.url : undefined);
  }
  if ('problem' in collection) {
    io.stderr(`interface-studio: ${path}: ${collection.problem}\n`);
    return 1;
  }
  const text = JSON.stringify(collection, null, 2) + '\n';
  if (options.out !== undefined) {
    await writeFile(options.out as string, text);
    io.stderr(`Wrote ${options.out} (${collection.item.length} requests).\n`);
  } else {
    io.stdout(text);
  }
  return 0;
}
