import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { URI } from 'vscode-uri';
import { FileSystemWorkspace } from '../node/fileSystemWorkspace';
import { createLanguageService } from '../service/builtinKinds';
import { CONFIG_FILE_NAME, Configuration, defaultConfiguration, parseConfigFile } from '../service/configuration';
import type { LanguageService, ServiceHost } from '../service/languageService';
import type { RuleCatalog } from '../service/rules';
import { exists, UsageError } from './options';

/** Loads `.interface-studio.yaml` from the folder the CLI runs in, the same file the editor reads. */
export async function loadConfiguration(cwd: string, rules: RuleCatalog): Promise<Configuration> {
  const path = join(cwd, CONFIG_FILE_NAME);
  if (!(await exists(path))) return defaultConfiguration;
  const parsed = parseConfigFile(await readFile(path, 'utf8'), rules);
  if (parsed.problems.length) throw new UsageError(parsed.problems.join('\n'));
  return { ...defaultConfiguration, rules: parsed.rules, environments: parsed.environments, rulesets: parsed.rulesets.map((r) => URI.file(resolve(cwd, r)).toString()) };
}

/**
 * The service a command works with: the same one the editor uses, over the files on disk of the
 * folders (the current one first), configured by the current folder's `.interface-studio.yaml`.
 */
export async function cliService(cwd: string, folders: string[] = [cwd], host?: ServiceHost, rulesets?: string[]): Promise<LanguageService> {
  let configuration = defaultConfiguration;
  const service: LanguageService = createLanguageService({
    workspace: new FileSystemWorkspace(folders, undefined, (name) => service.kinds.isCandidateFile(name)),
    configuration: () => configuration,
    host,
  });
  configuration = await loadConfiguration(cwd, service.rules);
  // `--ruleset` replaces the rulesets found by themselves, as in Spectral's CLI.
  if (rulesets) configuration = { ...configuration, rulesets: rulesets.map((r) => URI.file(resolve(cwd, r)).toString()), discoverRulesets: false };
  return service;
}
