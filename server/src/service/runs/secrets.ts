/**
 * `${env:NAME}` in an environment's values: read from the process environment only when a request
 * is sent, and kept out of everything written afterwards (reports, logs, exports).
 */
export class Secrets {
  private readonly values = new Set<string>();

  constructor(private readonly lookup: (name: string) => string | undefined) {}

  /** The text with every `${env:NAME}` replaced; a missing variable is an error naming it and where it is used. */
  expand(text: string, where: string): string {
    return text.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const value = this.lookup(name);
      if (value === undefined || value === '') throw new Error(`The environment variable ${name} is not set (${where} uses \${env:${name}}).`);
      if (value.length >= 3) this.values.add(value);
      return value;
    });
  }

  /** The text with every secret read so far replaced by `***`. */
  redact(text: string): string {
    let out = text;
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) out = out.split(value).join('***');
    return out;
  }
}

/** `${env:NAME}` references kept as written (for exports: the secret itself is never written). */
export function namesSecrets(text: string): boolean {
  return /\$\{env:[A-Za-z_][A-Za-z0-9_]*\}/.test(text);
}
