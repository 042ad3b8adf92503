import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The `$interface-studio` problem matcher of package.json reads the command line's text output:
 * every finding line of `check` over the examples must give the file, position, severity, code and
 * message that the JSON output gives for it.
 */
describe('the $interface-studio problem matcher', function () {
  this.timeout(30_000);
  const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
  const [matcher] = manifest.contributes.problemMatchers as { name: string; fileLocation: string[]; pattern: { regexp: string; file: number; line: number; column: number; severity: number; code: number; message: number } }[];
  const run = (format: string) => spawnSync(process.execPath, [resolve('dist/cli.js'), 'check', '--format', format], { cwd: resolve('examples'), encoding: 'utf8' });

  it('reads every finding of check\'s text output as its JSON output has it', () => {
    assert.equal(matcher.name, 'interface-studio');
    assert.deepEqual(matcher.fileLocation, ['relative', '${workspaceFolder}']);
    const text = run('text').stdout.trim().split('\n');
    const json = JSON.parse(run('json').stdout) as { file: string; line: number; column: number; severity: string; code: string; message: string }[];
    assert.ok(json.length >= 5, 'the examples have findings');
    const re = new RegExp(matcher.pattern.regexp);
    const { pattern: p } = matcher;
    const read = text.map((line) => {
      const m = re.exec(line);
      assert.ok(m, `the matcher reads ${line}`);
      return { file: m[p.file], line: Number(m[p.line]), column: Number(m[p.column]), severity: m[p.severity], code: m[p.code], message: m[p.message] };
    });
    assert.deepEqual(read, json.map(({ file, line, column, severity, code, message }) => ({ file, line, column, severity, code, message })));
  });

  it('leaves the summary and progress lines alone', () => {
    const re = new RegExp(matcher.pattern.regexp);
    for (const line of run('text').stderr.split(/[\r\n]+/).filter(Boolean)) assert.ok(!re.test(line), line);
  });
});
