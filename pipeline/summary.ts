// The table printed at the end of a run: per dataset, what was loaded, rejected and warned about.
import type {RunResult} from "./run.ts";

function pad(text: string, width: number, right = false): string {
  // CJK characters take two columns on a terminal
  const w = [...text].reduce((n, ch) => n + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const fill = " ".repeat(Math.max(0, width - w));
  return right ? fill + text : text + fill;
}

export function summaryTable(r: RunResult): string {
  const header = ["dataset 数据集", "file 文件", "status", "loaded", "rejected", "warnings"];
  const rows = r.datasets.map((d) => [
    d.dataset,
    d.file ? (d.file.sheet ? `${d.file.name} (${d.file.sheet})` : d.file.name) : "—",
    d.status,
    d.status === "loaded" ? d.rowsLoaded.toLocaleString("en-US") : "—",
    d.status === "loaded" ? d.rowsRejected.toLocaleString("en-US") : "—",
    d.status === "loaded" ? d.warnings.toLocaleString("en-US") : "—"
  ]);
  const widths = header.map((h, i) => Math.max(pad(h, 0).length, ...[h, ...rows.map((row) => row[i])].map((c) => [...c].reduce((n, ch) => n + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], i >= 3)).join("  ");
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
