/**
 * `format` with its answers kept by argument, for Intl's date formatting: a call costs microseconds,
 * a page shows dozens of dates, and the pages show the same few thousand over and over (a week's
 * rent date is the same for every tenant). The keep is emptied when it reaches `max`.
 */
export function keptAnswers(format: (key: string) => string, max = 10_000): (key: string) => string {
  const kept = new Map<string, string>();
  return (key) => {
    let answer = kept.get(key);
    if (answer === undefined) {
      if (kept.size >= max) kept.clear();
      answer = format(key);
      kept.set(key, answer);
    }
    return answer;
  };
}
