// Progress for people: a live line per stage on a terminal, one log line per stage otherwise.
import type {Db} from "./db.ts";

export interface Progress {
  stage(name: string, detail?: string): void;
  done(name: string, detail: string): void;
  info(message: string): void;
  warn(message: string): void;
  stop(): void;
}

export function createProgress(options: {quiet?: boolean; stream?: NodeJS.WriteStream; db?: () => Db | undefined}): Progress {
  const stream = options.stream ?? process.stderr;
  const live = Boolean(stream.isTTY) && !options.quiet;
  let current: {name: string; detail: string; started: number} | null = null;
  let timer: NodeJS.Timeout | null = null;
  const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
  let frame = 0;
  const render = () => {
    if (!current) return;
    const seconds = ((performance.now() - current.started) / 1000).toFixed(1);
    let extra = "";
    const db = options.db?.();
    if (db) {
      try {
        const p = db.conn.progress;
        if (p.percentage > 0) extra = ` ${p.percentage.toFixed(0)}%`;
        if (Number(p.rows_processed) > 0) {
          const rate = Number(p.rows_processed) / Math.max(0.1, (performance.now() - current.started) / 1000);
          extra += ` ${Math.round(rate).toLocaleString("en-US")} rows/s`;
        }
      } catch {
        // progress is best effort
      }
    }
    stream.write(`\r\x1b[2K${frames[frame++ % frames.length]} ${current.name} ${current.detail}${extra} ${seconds}s`);
  };
  return {
    stage(name, detail = "") {
      current = {name, detail, started: performance.now()};
      if (live) {
        timer ??= setInterval(render, 120);
        render();
      }
    },
    done(name, detail) {
      if (options.quiet) return;
      if (live) stream.write("\r\x1b[2K");
      stream.write(`✔ ${name} ${detail}\n`);
      current = null;
    },
    info(message) {
      if (options.quiet) return;
      if (live) stream.write("\r\x1b[2K");
      stream.write(`${message}\n`);
    },
    warn(message) {
      if (live) stream.write("\r\x1b[2K");
      stream.write(`! ${message}\n`);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      if (live) stream.write("\r\x1b[2K");
    }
  };
}
