// Another LSP editor: headless Neovim (0.7 or later) starts `node dist/server.js --stdio` with its
// built-in client, opens the draft spec of examples/, and gets the same findings as VS Code and
// the command-line checker, at the same places. Run by `npm run test:e2e`, which installs Neovim.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SERVER_NODE_OPTIONS } from '../../server/src/protocol';

const repoRoot = resolve(__dirname, '..', '..', '..');
const examples = join(repoRoot, 'examples');
const server = join(repoRoot, 'dist', 'server.js');
const nvim = process.env.NVIM_PATH || 'nvim';

// Neovim 0.7 has no vim.lsp.start; start_client + buf_attach_client work from 0.5 on.
const LUA = String.raw`
local out = vim.env.IS_OUT
local result = { phases = {} }
local function finish()
  vim.fn.writefile({ vim.fn.json_encode(result) }, out)
  vim.cmd('qall!')
end
local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.IS_FILE))
  local buf = vim.api.nvim_get_current_buf()
  -- node, the server's Node options (as the README shows them), the server.
  local cmd = { vim.env.IS_NODE }
  for option in string.gmatch(vim.env.IS_NODE_OPTIONS or '', '%S+') do table.insert(cmd, option) end
  table.insert(cmd, vim.env.IS_SERVER)
  table.insert(cmd, '--stdio')
  local id = vim.lsp.start_client({
    name = 'interface-studio',
    cmd = cmd,
    root_dir = vim.env.IS_ROOT,
    workspace_folders = { { uri = vim.uri_from_fname(vim.env.IS_ROOT), name = 'examples' } },
  })
  assert(id, 'start_client failed')
  vim.lsp.buf_attach_client(buf, id)

  -- Diagnostics arrive by textDocument/publishDiagnostics; wait until they satisfy the predicate and
  -- stop changing. The deadline only catches a server that never gets there (IS_WAIT_MS).
  local function settled(what, predicate)
    local last, since = nil, vim.loop.now()
    local done = vim.wait(tonumber(vim.env.IS_WAIT_MS), function()
      local key = vim.fn.json_encode(vim.tbl_map(function(d) return { d.lnum, d.col, d.message } end, vim.diagnostic.get(buf)))
      if key ~= last then last, since = key, vim.loop.now() return false end
      return predicate(vim.diagnostic.get(buf)) and vim.loop.now() - since > 1500
    end, 100)
    if not done then error('no ' .. what .. ' within ' .. vim.env.IS_WAIT_MS .. ' ms; the last were ' .. tostring(last)) end
    return vim.tbl_map(function(d)
      local lsp = d.user_data and d.user_data.lsp or {}
      return { line = d.lnum + 1, col = d.col + 1, severity = d.severity, code = d.code or lsp.code, message = d.message, source = d.source }
    end, vim.diagnostic.get(buf))
  end

  local client = vim.lsp.get_client_by_id(id)
  result.server = client and client.server_capabilities and client.server_capabilities.textDocumentSync and true or false
  local started = vim.loop.now()
  table.insert(result.phases, settled('diagnostics', function(list) return #list > 0 end))
  result.ms = { vim.loop.now() - started }

  -- Fix the misspelt key the way a person does: edit the line; the server hears didChange.
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  for i, line in ipairs(lines) do
    if line:match('^%s+summery:') then
      vim.api.nvim_buf_set_lines(buf, i - 1, i, false, { (line:gsub('summery', 'summary')) })
      break
    end
  end
  table.insert(result.phases, settled('diagnostics without the misspelt key', function(list)
    for _, d in ipairs(list) do if d.message:find('summery', 1, true) then return false end end
    return true
  end))
  table.insert(result.ms, vim.loop.now() - started)
  vim.lsp.stop_client(id)
end)
if not ok then result.error = tostring(err) end
finish()
`;

interface Found { line: number; col: number; severity: number; code: string; message: string }

function lineCodes(list: Found[]): string[] {
  return list.map((d) => `${d.line}:${d.code}`).sort();
}

/** How long each wait for diagnostics may take before the server counts as stuck: far above the second or two it needs. */
const WAIT_MS = 60_000;

describe('Neovim as the LSP client', function () {
  // Two waits, plus starting Neovim and the server.
  this.timeout(2 * WAIT_MS + 60_000);
  let result: { phases: Found[][]; server: boolean; error?: string; ms?: number[] };
  let folder: string;

  before(function () {
    const version = spawnSync(nvim, ['--version'], { encoding: 'utf8' });
    if (version.error || version.status !== 0) {
      throw new Error(`Neovim (${nvim}) is not available: install it (Debian/Ubuntu: apt-get install -y neovim) or set NVIM_PATH`);
    }
    console.log(`      ${version.stdout.split('\n')[0]}`);
    folder = mkdtempSync(join(tmpdir(), 'is-nvim-'));
    const script = join(folder, 'drive.lua');
    const out = join(folder, 'result.json');
    writeFileSync(script, LUA);
    const t0 = Date.now();
    const run = spawnSync(nvim, ['--headless', '--clean', '-n', '-u', 'NONE', '-c', `luafile ${script}`], {
      cwd: examples,
      encoding: 'utf8',
      timeout: 2 * WAIT_MS + 30_000,
      env: {
        ...process.env,
        IS_OUT: out,
        IS_FILE: join(examples, 'specs', 'crm-draft.openapi.yaml'),
        IS_ROOT: examples,
        IS_SERVER: server,
        IS_NODE: process.execPath,
        IS_NODE_OPTIONS: SERVER_NODE_OPTIONS.join(' '),
        IS_WAIT_MS: String(WAIT_MS),
        XDG_CONFIG_HOME: join(folder, 'config'),
        XDG_DATA_HOME: join(folder, 'data'),
        XDG_STATE_HOME: join(folder, 'state'),
        XDG_CACHE_HOME: join(folder, 'cache'),
      },
    });
    let text: string;
    try {
      text = readFileSync(out, 'utf8');
    } catch {
      throw new Error(`Neovim wrote no result (exit ${run.status}, ${run.signal ?? 'no signal'}):\n${run.stdout}${run.stderr}`);
    }
    result = JSON.parse(text);
    console.log(`      diagnostics after ${result.ms?.[0]} ms, re-checked after the edit at ${result.ms?.[1]} ms; Neovim ran ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (result.error) throw new Error(`the Lua script failed: ${result.error}`);
  });

  after(() => folder && rmSync(folder, { recursive: true, force: true }));

  it('receives the findings of the draft spec with their codes, lines and columns', () => {
    const [found] = result.phases;
    const typo = found.find((d) => d.code === 'oas.schema.unknownKey');
    assert.ok(typo, JSON.stringify(found));
    assert.deepEqual({ line: typo.line, col: typo.col, severity: typo.severity }, { line: 10, col: 7, severity: 1 });
    assert.match(typo.message, /did you mean `summary`/);
    const seen = lineCodes(found);
    for (const expected of ['7:oas.path.parameterUndeclared', '9:oas.operationId.duplicate', '25:oas.operationId.duplicate', '28:oas.security.undefinedScope']) {
      assert.ok(seen.includes(expected), `${expected} in ${JSON.stringify(seen)}`);
    }
  });

  it('gets exactly what the command-line checker reports', () => {
    const cli = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'check', 'specs/crm-draft.openapi.yaml', '--format', 'json'], { cwd: examples, encoding: 'utf8' });
    const expected = (JSON.parse(cli.stdout) as { line: number; code: string }[]).map((f) => `${f.line}:${f.code}`).sort();
    assert.deepEqual(lineCodes(result.phases[0]), expected);
  });

  it('re-checks after an edit in Neovim', () => {
    const [before, after] = result.phases;
    assert.ok(!after.some((d) => d.code === 'oas.schema.unknownKey'), JSON.stringify(after));
    // With the key spelt right, the GET operation has its summary: both findings go, nothing else changes.
    const gone = ['10:oas.schema.unknownKey', '8:oas.operation.missingDescription'];
    assert.deepEqual(lineCodes(after), lineCodes(before).filter((c) => !gone.includes(c)));
  });
});
