import { dirname } from 'node:path';
import { URI } from 'vscode-uri';
import { createLanguageService } from '../service/languageService';
import { flowDiagram } from '../service/flow/toMermaid';
import { FileSystemWorkspace } from '../node/fileSystemWorkspace';
import { loadConfiguration } from './check';
import { CliIO, exists, fileUri, parseOptions, UsageError } from './run';

/** `interface-studio diagram FLOW [--markdown]`: the flow's Mermaid sequence diagram, or a Markdown section with it. */
export async function diagramCommand(args: string[], io: CliIO, cwd = process.cwd()): Promise<number> {
  const { positional, options } = parseOptions(args, { markdown: 'flag' });
  if (positional.length !== 1) throw new UsageError('`diagram` takes one flow file, for example `interface-studio diagram flows/order-to-cash.flow.yaml`.');
  const [path] = positional;
  if (!/\.flow\.(ya?ml|json)$/i.test(path)) throw new UsageError(`\`${path}\` is not a flow file (\`*.flow.yaml\`, \`*.flow.yml\` or \`*.flow.json\`).`);
  const uri = fileUri(path);
  if (!(await exists(URI.parse(uri).fsPath))) throw new UsageError(`\`${path}\` does not exist.`);
  const configuration = await loadConfiguration(cwd);
  const workspace = new FileSystemWorkspace([cwd, dirname(URI.parse(uri).fsPath)]);
  const service = createLanguageService({ workspace, configuration: () => configuration });
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
