import { Connection } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { Configuration, CONFIG_FILE_NAME, defaultConfiguration, normaliseRules, parseConfigFile } from '../service/configuration';
import type { RuleCatalog, RuleSetting } from '../service/rules';
import { Workspace } from '../service/workspace';

/** The `interfaceStudio` settings section as VS Code sends it. */
export interface InterfaceStudioSettings {
  rules?: Record<string, string>;
  allowRemoteRefs?: boolean;
  maxFileSize?: number;
  snippetLibraries?: string[];
  changes?: { base?: string };
}

/**
 * Keeps the effective configuration: `.interface-studio.yaml` at the workspace root, overridden by
 * the editor's `interfaceStudio.*` settings. Problems in either are reported, never swallowed.
 */
export class SettingsStore {
  private editorSettings: InterfaceStudioSettings = {};
  private fileRules: Record<string, RuleSetting> = {};
  private fileRulesets: string[] = [];
  private current: Configuration = defaultConfiguration;
  problems: { source: string; messages: string[] }[] = [];
  /** False when the editor says the workspace is not trusted: nothing is fetched or evaluated then. */
  workspaceTrusted = true;
  private markLoaded: () => void = () => undefined;
  /** Settles once the settings were first read (after `initialized`): nothing is checked with defaults before. */
  readonly loaded = new Promise<void>((resolve) => (this.markLoaded = resolve));

  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
    private readonly folders: () => string[],
    private readonly supportsConfiguration: () => boolean,
    /** The rules the service knows, to tell unknown codes in the settings. */
    private readonly rules: () => RuleCatalog,
  ) {}

  get(): Configuration {
    return this.current;
  }

  configFileUris(): string[] {
    return this.folders().map((folder) => URI.parse(folder).with({ path: URI.parse(folder).path.replace(/\/$/, '') + '/' + CONFIG_FILE_NAME }).toString());
  }

  async reload(pushed?: unknown): Promise<void> {
    try {
      await this.read(pushed);
    } finally {
      this.markLoaded();
    }
  }

  private async read(pushed?: unknown): Promise<void> {
    const problems: { source: string; messages: string[] }[] = [];
    if (pushed && typeof pushed === 'object' && 'interfaceStudio' in pushed) {
      this.editorSettings = ((pushed as Record<string, unknown>).interfaceStudio ?? {}) as InterfaceStudioSettings;
    } else if (this.supportsConfiguration()) {
      try {
        this.editorSettings = ((await this.connection.workspace.getConfiguration('interfaceStudio')) ?? {}) as InterfaceStudioSettings;
      } catch {
        // A client without workspace/configuration keeps the last settings.
      }
    }
    this.fileRules = {};
    let fileBase: string | undefined;
    this.fileRulesets = [];
    for (const uri of this.configFileUris()) {
      const file = await this.workspace.readFile(uri);
      if (!file) continue;
      const parsed = parseConfigFile(file.text, this.rules());
      Object.assign(this.fileRules, parsed.rules);
      fileBase ??= parsed.changesBase;
      this.fileRulesets.push(...parsed.rulesets.map((r) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(r) ? r : uri.replace(/[^/]*$/, '') + r.replace(/^\.\//, ''))));
      if (parsed.problems.length) problems.push({ source: uri, messages: parsed.problems });
    }
    const settingProblems: string[] = [];
    const settingRules = normaliseRules(this.editorSettings.rules, settingProblems, 'interfaceStudio.rules', this.rules());
    if (settingProblems.length) problems.push({ source: 'settings', messages: settingProblems });
    this.problems = problems;
    const maxFileSize = Number(this.editorSettings.maxFileSize);
    this.current = {
      rules: { ...this.fileRules, ...settingRules },
      rulesets: this.fileRulesets,
      allowRemoteRefs: this.workspaceTrusted && this.editorSettings.allowRemoteRefs === true,
      maxFileSize: Number.isFinite(maxFileSize) && maxFileSize > 0 ? maxFileSize * 1024 * 1024 : defaultConfiguration.maxFileSize,
      snippetLibraries: Array.isArray(this.editorSettings.snippetLibraries)
        ? this.editorSettings.snippetLibraries.filter((f): f is string => typeof f === 'string' && f.trim() !== '')
        : defaultConfiguration.snippetLibraries,
      changesBase: (typeof this.editorSettings.changes?.base === 'string' && this.editorSettings.changes.base.trim()) || fileBase,
    };
  }
}
