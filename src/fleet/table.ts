/** A Markdown table with its columns padded to their widest cell, so it also reads as plain text. */
export function markdownTable(headers: string[], rows: string[][], align: ('l' | 'r')[] = []): string[] {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const all = [headers, ...rows].map(row => row.map(cell));
  const widths = headers.map((_, i) => Math.max(3, ...all.map(row => row[i].length)));
  const pad = (text: string, i: number) => align[i] === 'r' ? text.padStart(widths[i]) : text.padEnd(widths[i]);
  const line = (row: string[]) => `| ${row.map(pad).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => align[i] === 'r' ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2)).join('|')}|`;
  return [line(all[0]), rule, ...all.slice(1).map(line)];
}
