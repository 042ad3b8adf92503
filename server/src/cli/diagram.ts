import { dirname } from 'node:path';
import { URI } from 'vscode-uri';
import { flowDiagram } from '../service/flow/toMermaid';
import { cliService } from './session';
import { FLOW_KIND } from '../service/flow/identity';
import { CliIO, exists, fileUri, parseOptions, UsageError } from './options';

/** `interface-studio diagram FLOW [--markdown]`: the flow's Mermaid sequence diagram, or a Markdown section with it. */
export async function diagramCommand(args: string[], io: CliIO, cwd = process.cwd()): Promise<number> {
  const { positional, options } = parseOptions(args, { markdown: 'flag' });
  if (positional.length !== 1) throw new UsageError('`diagram` takes one flow file, for example `interface-studio diagram flows/order-to-cash.flow.yaml`.');
  const [path] = positional;
  const uri = fileUri(path);
  const service = await cliService(cwd, [cwd, dirname(URI.parse(uri).fsPath)]);
  if (service.kinds.byFileName(uri)?.id !== FLOW_KIND) throw new UsageError(`\`${path}\` is not a flow file (${service.kinds.get(FLOW_KIND)!.fileNames!.map((n) => `\`${n}\``).join(', ')}).`);
  if (!(await exists(URI.parse(uri).fsPath))) throw new UsageError(`\`${path}\` does not exist.`);
  const diagram = await flowDiagram(service, uri);
  if (!diagram) throw new UsageError(`\`${path}\` could not be read as a flow.`);
  if (options.markdown) {
    const doc = await service.documents.get(uri);
    const title = (doc?.parse.value as { title?: unknown } | undefined)?.title;
    io.stdout(`## ${typeof title === 'string' ? title.replace(/\s+/g, ' ') : 'Sequence diagram'}\n\n\`\`\`mermaid\n${diagram.mermaid}\`\`\`\n`);
  } else {
    io.stdout(diagram.mermaid);
  }
  return 0;
}
