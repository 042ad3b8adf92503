import { relative, resolve } from 'node:path';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import type { LanguageService } from '../service/languageService';
import type { RuleInfo } from '../service/rules';
import { cliService } from './session';
import { WorkerRulesetFunctions } from '../node/rulesetFunctionHost';
import { expandPaths } from './files';
import { CliIO, exists, parseOptions, UsageError } from './options';
import { toCodeClimate, toGithubAnnotations, toJunit } from './reportFormats';

/** The output formats of `check`: `gitlab` is another name of `code-climate`, GitLab's code-quality report. */
const FORMATS = ['text', 'json', 'sarif', 'junit', 'code-climate', 'gitlab', 'github'];

export interface FileResult {
  path: string;
  uri: string;
  diagnostics: Diagnostic[];
}

const severityNames: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

/** Checks files with the same service the editor uses; the workspace is the current folder. */
export async function checkFiles(service: LanguageService, paths: string[], cwd: string, progress?: (done: number, total: number) => void): Promise<FileResult[]> {
  const files = await expandPaths(paths, cwd, (name) => service.kinds.isCandidateFile(name));
  const results: FileResult[] = [];
  let done = 0;
  for (const path of files) {
    const uri = URI.file(path).toString();
    const diagnostics = await service.diagnose(uri);
    results.push({ path: relative(cwd, path) || path, uri, diagnostics });
    progress?.(++done, files.length);
  }
  return results;
}

export async function checkCommand(args: string[], io: CliIO, cwd = process.cwd()): Promise<number> {
  const { positional, options, lists } = parseOptions(args, { format: 'value', 'max-warnings': 'value', ruleset: 'list', 'fail-severity': 'value' });
  const failSeverity = (options['fail-severity'] as string | undefined) ?? 'error';
  const failLevels: Record<string, number> = { error: 1, warn: 2, info: 3, hint: 4 };
  if (!(failSeverity in failLevels)) throw new UsageError(`\`--fail-severity\` must be error, warn, info or hint, not \`${failSeverity}\`.`);
  for (const ruleset of lists.ruleset ?? []) if (!(await exists(resolve(cwd, ruleset)))) throw new UsageError(`the ruleset \`${ruleset}\` does not exist.`);
  const format = (options.format as string | undefined) ?? 'text';
  if (!FORMATS.includes(format)) throw new UsageError(`\`--format\` must be ${FORMATS.slice(0, -1).join(', ')} or ${FORMATS.at(-1)}, not \`${format}\`.`);
  let maxWarnings = Infinity;
  if (options['max-warnings'] !== undefined) {
    maxWarnings = Number(options['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError('`--max-warnings` needs a whole number ≥ 0.');
  }
  // Whoever runs the command trusts what it checks, as Spectral's CLI does: custom functions run (in the bounded worker).
  const rulesetFunctions = new WorkerRulesetFunctions();
  const service = await cliService(cwd, [cwd], { rulesetFunctions }, lists.ruleset);
  let lastReport = 0;
  const results = await checkFiles(service, positional, cwd, (done, total) => {
    if (total < 20) return;
    if (io.isTTY) io.stderr(`\rChecking ${done}/${total} files…${done === total ? '\n' : ''}`);
    else if (done === total || done - lastReport >= Math.max(50, Math.floor(total / 10))) {
      lastReport = done;
      io.stderr(`Checked ${done}/${total} files\n`);
    }
  });

  const all = results.flatMap((r) => r.diagnostics.map((d) => ({ file: r, d })));
  const errors = all.filter((x) => x.d.severity === DiagnosticSeverity.Error).length;
  const warnings = all.filter((x) => x.d.severity === DiagnosticSeverity.Warning).length;
  const summary = () => {
    const checked = results.length;
    io.stderr(`${checked} file${checked === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.\n`);
  };

  if (format === 'json') {
    io.stdout(JSON.stringify(all.map(({ file, d }) => ({
      file: file.path,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      severity: severityNames[d.severity ?? 1],
      code: d.code,
      message: d.message,
    })), null, 2) + '\n');
  } else if (format === 'sarif') {
    io.stdout(JSON.stringify(toSarif(results, service.rules.all()), null, 2) + '\n');
  } else if (format === 'junit') {
    io.stdout(toJunit(results));
  } else if (format === 'code-climate' || format === 'gitlab') {
    io.stdout(JSON.stringify(toCodeClimate(results), null, 2) + '\n');
  } else if (format === 'github') {
    io.stdout(toGithubAnnotations(results));
    summary();
  } else {
    for (const { file, d } of all) {
      io.stdout(`${file.path}:${d.range.start.line + 1}:${d.range.start.character + 1} ${severityNames[d.severity ?? 1]} ${d.code} ${d.message}\n`);
    }
    summary();
  }
  // Spectral's --fail-severity: findings at this severity or a more serious one fail the run.
  if (all.some((x) => (x.d.severity ?? 1) <= failLevels[failSeverity])) return 1;
  if (warnings > maxWarnings) {
    io.stderr(`Too many warnings: ${warnings} (at most ${maxWarnings} allowed).\n`);
    return 1;
  }
  return 0;
}

/** SARIF 2.1.0, as code-scanning services read it. */
export function toSarif(results: FileResult[], rules: RuleInfo[]): unknown {
  const levels: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'note', 4: 'note' };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Interface Studio',
            informationUri: 'https://github.com/interface-studio/interface-studio',
            rules: rules.map((r) => ({ id: r.code, shortDescription: { text: r.description }, defaultConfiguration: { level: levels[{ error: 1, warning: 2, info: 3, hint: 4 }[r.severity]] } })),
          },
        },
        results: results.flatMap((file) =>
          file.diagnostics.map((d) => ({
            ruleId: String(d.code),
            ...(rules.findIndex((r) => r.code === d.code) >= 0 ? { ruleIndex: rules.findIndex((r) => r.code === d.code) } : {}),
            level: levels[d.severity ?? 1],
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: file.path.split('\\').join('/') },
                  region: {
                    startLine: d.range.start.line + 1,
                    startColumn: d.range.start.character + 1,
                    endLine: d.range.end.line + 1,
                    endColumn: d.range.end.character + 1,
                  },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
}
