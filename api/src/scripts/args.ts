/** A command-line mistake (an empty message is --help): the script prints its usage text. */
export class UsageError extends Error {}

/**
 * Walks `--flag value` and `--flag=value` arguments, the same way for every script. `on` handles one
 * flag (calling `value()` only for flags that take one) and returns false for a flag it does not know;
 * --help/-h and unknown flags are UsageErrors.
 */
export function eachArg(argv: string[], on: (flag: string, value: () => string) => boolean): void {
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--help' || flag === '-h') throw new UsageError('');
    if (!on(flag, value)) throw new UsageError(`unknown argument ${argv[i]}`);
  }
}
