import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { URI } from 'vscode-uri';
import { WorkerEvaluator } from '../node/jsonataHost';
import { fileHistory } from '../node/gitHistory';
import { drawMermaidSvg } from '../node/mermaidSvg';
import { interfaceDocument } from '../service/interfaceDoc/document';
import { interfaceDocHtml, interfaceDocMarkdown } from '../service/interfaceDoc/render';
import { cliService } from './session';
import { CliIO, exists, fileUri, parseOptions, UsageError } from './options';
import { timeoutFrom } from './preview';

/**
 * `interface-studio doc FLOW|SPEC --format md|html [--out FILE]`: the interface specification
 * document of a flow (participants, diagram, steps with their operations, mappings with their
 * samples, notes, history) or of a spec. Errors in the files it describes are listed on stderr and
 * in the document, which is still written; the exit code is then 1.
 */
export async function docCommand(args: string[], io: CliIO, cwd = process.cwd()): Promise<number> {
  const { positional, options } = parseOptions(args, { format: 'value', out: 'value', timeout: 'value' });
  if (positional.length !== 1) throw new UsageError('`doc` takes one flow or OpenAPI file, for example `interface-studio doc flows/order-to-cash.flow.yaml --format html --out order-to-cash.html`.');
  const format = options.format ?? 'md';
  if (format !== 'md' && format !== 'html') throw new UsageError('`--format` is `md` or `html`.');
  const timeoutMs = timeoutFrom(options);
  const [path] = positional;
  const uri = fileUri(path);
  if (!(await exists(URI.parse(uri).fsPath))) throw new UsageError(`\`${path}\` does not exist.`);
  const out = typeof options.out === 'string' ? resolve(cwd, options.out) : undefined;
  const evaluator = new WorkerEvaluator();
  try {
    const service = await cliService(cwd, [cwd, dirname(URI.parse(uri).fsPath)], {
      evaluator,
      drawMermaid: (mermaid) => drawMermaidSvg(mermaid),
      fileHistory,
    });
    const doc = await interfaceDocument(service, uri, { runSamples: true, drawDiagram: format === 'html', timeoutMs, baseUri: URI.file(out ?? resolve(cwd, 'interface-specification')).toString() });
    if (!doc) throw new UsageError(`\`${path}\` is neither a flow (*.flow.yaml|yml|json) nor an OpenAPI document (\`openapi: 3.x\` or \`swagger: "2.0"\` at its root).`);
    const text = format === 'html' ? interfaceDocHtml(doc) : interfaceDocMarkdown(doc);
    if (out) {
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, text);
    }
    else io.stdout(text);
    if (doc.diagram && 'note' in doc.diagram) io.stderr(`interface-studio: the sequence diagram is embedded as Mermaid text: ${doc.diagram.note}.\n`);
    if (doc.problems.length) {
      io.stderr(`interface-studio: ${doc.problems.length} error${doc.problems.length === 1 ? '' : 's'} in the files described (the document was written anyway):\n${doc.problems.map((p) => `  ${p}\n`).join('')}`);
      return 1;
    }
    if (out) io.stderr(`interface-studio: wrote ${options.out}\n`);
    return 0;
  } finally {
    evaluator.dispose();
  }
}
