/** A command line that does not parse: exit status 2 with usage, never a stored change. */
export class UsageError extends Error {
  readonly key: string;
  readonly params: Record<string, string>;

  constructor(key: string, params: Record<string, string> = {}) {
    super(`${key} ${JSON.stringify(params)}`);
    this.name = 'UsageError';
    this.key = key;
    this.params = params;
  }
}
