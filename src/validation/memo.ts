/**
 * A pure check of a string whose answers are remembered (up to `limit` values): an app writes the
 * same label keys and values, names and quantities into every object, and the rules check each
 * where it appears.
 */
export function memoized<T>(check: (value: string) => T, limit = 10_000): (value: string) => T {
  const answers = new Map<string, T>();
  return (value: string) => {
    if (answers.has(value)) {
      return answers.get(value)!;
    }
    const answer = check(value);
    if (answers.size < limit && typeof value === 'string') {
      answers.set(value, answer);
    }
    return answer;
  };
}
