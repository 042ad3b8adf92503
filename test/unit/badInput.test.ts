import assert from 'node:assert/strict';
import { aliasBombBesideDeepFlowMaps, apostropheBeforeDeepNesting, deepJson, deepYaml, HEADER as header } from '../support/pathological';
import { diagnose } from '../support/service';

// A hang fails a test by mocha's timeout; how fast these inputs are answered is timed by `npm run bench`.

describe('bad input never crashes or hangs the service', () => {
  it('binary content in a .yaml file gives nothing (it is not a document)', async () => {
    const binary = String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    assert.deepEqual(await diagnose({ 'a.yaml': binary }, 'a.yaml'), []);
  });

  it('a document above the size limit gets one clear diagnostic', async () => {
    const big = header + 'x-padding: "' + 'a'.repeat(2 * 1024 * 1024) + '"\n';
    const diagnostics = await diagnose({ 'big.yaml': big }, 'big.yaml', { maxFileSize: 1024 * 1024 });
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'document.tooLarge');
    assert.match(String(diagnostics[0].message), /larger than 1 MB/);
  });

  it('10 000-deep nesting in JSON and YAML', async () => {
    const json = deepJson();
    const [tooDeep] = await diagnose({ 'deep.json': json }, 'deep.json');
    assert.equal(tooDeep.code, 'document.tooDeep');
    assert.deepEqual(tooDeep.range.start, { line: 0, character: json.indexOf('[') + 999 });
    const yaml = deepYaml();
    const diagnostics = await diagnose({ 'deep.yaml': yaml }, 'deep.yaml');
    assert.deepEqual(diagnostics.map((d) => d.code), ['document.tooDeep']);
    const broken = '{"openapi": "3.0.3", "x": ' + '['.repeat(10000);
    const brokenDiagnostics = await diagnose({ 'broken.json': broken }, 'broken.json');
    assert.deepEqual(brokenDiagnostics.map((d) => d.code), ['document.tooDeep']);
    const fine = header + 'x-deep: ' + '['.repeat(200) + ']'.repeat(200) + '\n';
    assert.deepEqual(await diagnose({ 'fine.yaml': fine }, 'fine.yaml'), []);
  });

  it('a YAML alias bomb is reported, not expanded', async () => {
    const bomb = header + [
      'x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'x-b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'x-c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'x-d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'x-e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'x-f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'x-g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
      'x-h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
      'x-i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
    ].join('\n') + '\n';
    const diagnostics = await diagnose({ 'bomb.yaml': bomb }, 'bomb.yaml');
    assert.ok(diagnostics.some((d) => /alias bomb/.test(String(d.message))), JSON.stringify(diagnostics));
  });

  it('circular $refs, locally and across files, are fine', async () => {
    const root = header.replace('paths: {}\n', '') + "paths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n    C:\n      $ref: './other.yaml#/D'\n";
    const other = "D:\n  $ref: './root.yaml#/components/schemas/C'\n";
    const diagnostics = await diagnose({ 'root.yaml': root, 'other.yaml': other }, 'root.yaml');
    assert.ok(diagnostics.every((d) => d.code === 'oas.component.unused'), JSON.stringify(diagnostics));
    await diagnose({ 'root.yaml': root, 'other.yaml': other }, 'other.yaml');
  });

  it('a $ref to the document itself, to a binary file, and to a folder', async () => {
    const root = header.replace('paths: {}\n', '') + "paths: {}\ncomponents:\n  schemas:\n    Self:\n      $ref: './root.yaml'\n    Bin:\n      $ref: './blob.yaml#/x'\n";
    const diagnostics = await diagnose({ 'root.yaml': root, 'blob.yaml': '\u0000\u0001\u0002' }, 'root.yaml');
    assert.ok(diagnostics.some((d) => d.code === 'oas.ref.unresolved' && /blob/.test(String(d.message))), JSON.stringify(diagnostics));
  });

  it('half an emoji in a file reference (an edit cut it) is a file that is not there, not a crash', async () => {
    const mapping = 'mapping: "1.0"\nsource:\n  spec: ../specs/\uD83Dx.yaml\n  schema: "#/a"\ntarget:\n  spec: "\\uDE00.yaml"\n  schema: "#/b"\nfields: []\n';
    const diagnostics = await diagnose({ 'm/x.mapping.yaml': mapping }, 'm/x.mapping.yaml');
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['mapping.spec.notFound', 2], ['mapping.spec.notFound', 5]]);
    const spec = header.replace('paths: {}\n', 'paths: {}\ncomponents:\n  schemas:\n    A: { $ref: "other\\uD800.yaml#/A" }\n');
    const refs = await diagnose({ 'a.yaml': spec }, 'a.yaml');
    assert.deepEqual(refs.filter((d) => String(d.code).startsWith('oas.ref')).map((d) => d.code), ['oas.ref.fileNotFound']);
  });

  it('tabs, CRLF and a BOM in YAML', async () => {
    const text = '\uFEFF' + header.replace(/\n/g, '\r\n') + 'x-tab:\tvalue\r\n';
    const diagnostics = await diagnose({ 'a.yaml': text }, 'a.yaml');
    assert.ok(diagnostics.every((d) => d.code !== 'internal.error'));
  });

  it('every kind of garbage text keeps the service answering', async () => {
    const inputs = ['', ' ', '---', '- a\n- b', 'openapi: 3.0.3', 'openapi: [3', '{"openapi": 3.1}', 'swagger: "2.0"\npaths: 5', 'openapi: 3.1.0\npaths:\n  /a:\n    get: 7\n', '"\\u', '{'.repeat(5000), ': : :', '&a *a', '!!binary x'];
    for (const text of inputs) {
      await diagnose({ 'g.yaml': text, 'g.json': text }, 'g.yaml');
      await diagnose({ 'g.yaml': text, 'g.json': text }, 'g.json');
    }
  });
});

describe('YAML the fast path declines, nested deeply', () => {
  it('an alias bomb beside 999-deep flow maps is refused with one clear diagnostic', async () => {
    const diagnostics = await diagnose({ 'a.yaml': aliasBombBesideDeepFlowMaps() }, 'a.yaml');
    assert.deepEqual(diagnostics.map((d) => d.code), ['document.tooDeep']);
    assert.match(String(diagnostics[0].message), /more than 200 levels/);
  });
});

describe('nesting is measured past apostrophes in plain scalars', () => {
  it("an apostrophe such as don't does not hide deep nesting after it", async () => {
    const diagnostics = await diagnose({ 'a.yaml': apostropheBeforeDeepNesting() }, 'a.yaml');
    assert.deepEqual(diagnostics.map((d) => d.code), ['document.tooDeep']);
  });
});
