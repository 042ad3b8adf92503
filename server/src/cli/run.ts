import { CliIO, UsageError } from './options';
import { checkCommand } from './check';
import { exportCommand, importCommand } from './mapping';
import { diagramCommand } from './diagram';
import { diffCommand } from './diff';
import { docCommand } from './doc';
import { previewCommand } from './preview';
import { testCommand } from './test';
import { mockCommand } from './mock';
import { runFlowCommand } from './flowRun';
import { exportPostmanCommand } from './exportPostman';


const HELP = `Usage: interface-studio <command> [options]

Commands:
  check [paths|globs...] [--format text|json|sarif] [--max-warnings N]
        [--ruleset FILE]... [--fail-severity error|warn|info|hint]
      Check OpenAPI documents, mappings and flows (default: the current folder), with the
      Spectral rulesets of the folder (.spectral.yaml, \`rulesets:\` in .interface-studio.yaml)
      or those given by --ruleset. Exit code 0 when clean, 1 on findings at --fail-severity
      (default: error) or above, or too many warnings, 2 on bad usage.
      CI reports: --format junit (JUnit XML), code-climate or gitlab (GitLab code quality),
      github (GitHub Actions annotations).
  export MAPPING [--format md|csv] [--out FILE]
      The reviewer's table of a mapping: target, type, required, rule, note.
  import FILE.csv [--source SPEC#/pointer|SPEC#operationId] [--target ...] [--out FILE.mapping.yaml]
      A mapping from a review table (columns target, rule, note).
  diagram FLOW [--markdown]
      Print the flow's Mermaid sequence diagram (with --markdown: a Markdown section with a mermaid fence).
  preview MAPPING [--sample FILE] [--timeout MS]
      Print the output of a mapping run on a sample (default: its first listed sample).
      Exit code 1 when a field fails.
  test [paths|globs...] [--timeout MS]
      Run every sample of every mapping: compare with the expected output (\`expect:\`) and
      check against the target schema. Exit code 1 on any difference or violation.
  mock SPEC... [--port N]
      Serve every operation of each spec on 127.0.0.1 (from its examples, else its schemas),
      checking each request against the spec; every call is logged to stderr. Stop with Ctrl-C.
  run FLOW [--env NAME] [--reporter text|json|junit] [--timeout MS]
      Run a flow as an integration test: against the environment NAME of .interface-studio.yaml,
      or against mocks of its specs. Exit code 0 when every step passes, 1 otherwise.
  export-postman FLOW|SPEC [--out FILE]
      A Postman collection v2.1 of a flow's steps or a spec's operations, with tests.
  diff OLD NEW [--workspace DIR] [--format text|json|markdown|sarif|junit] [--fail-on error|warning|info]
      What changed between two versions of an API, each a path or REV:path (as \`git show\` reads it),
      and which mappings and flows of the workspace use it. Exit code 1 when a change at or above
      --fail-on (default error) is found, 2 when the sides cannot be compared.
  doc FLOW|SPEC [--format md|html] [--out FILE] [--timeout MS]
      The interface specification document of a flow or a spec, for review and audit.
      Exit code 1 when the files it describes have errors (the document is written anyway).
  help
      Show this help.
`;

/** Runs one CLI command and returns its exit code. */
export async function runCli(args: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'check':
        return await checkCommand(rest, io);
      case 'export':
        return await exportCommand(rest, io);
      case 'import':
        return await importCommand(rest, io);
      case 'diagram':
        return await diagramCommand(rest, io);
      case 'doc':
        return await docCommand(rest, io);
      case 'preview':
        return await previewCommand(rest, io);
      case 'test':
        return await testCommand(rest, io);
      case 'mock':
        return await mockCommand(rest, io);
      case 'run':
        return await runFlowCommand(rest, io);
      case 'export-postman':
        return await exportPostmanCommand(rest, io);
      case 'diff':
        return await diffCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command \`${command}\`. Run \`interface-studio help\` for the list.`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`interface-studio: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
