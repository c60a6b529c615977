// Live scan progress: the grid of region x service cells the scan panel
// draws, folded from the scan's events.
import type { CoverageStatus, ScanEvent } from "./bindings";

export interface Cell {
  status: CoverageStatus;
  resources: number;
}

export interface ScanProgress {
  total: number;
  done: number;
  resources: number;
  /** region -> service -> cell, in arrival order. */
  cells: Map<string, Map<string, Cell>>;
  /** "not assessed: RDS in sa-east-1, access denied" lines. */
  gaps: string[];
}

export function emptyProgress(): ScanProgress {
  return { total: 0, done: 0, resources: 0, cells: new Map(), gaps: [] };
}

export function applyEvent(progress: ScanProgress, event: ScanEvent): ScanProgress {
  // An organization review plans each account's tasks as it reaches it.
  if (event.kind === "planned") return { ...progress, total: progress.total + event.scan_tasks };
  if (event.kind === "account") {
    if (event.state !== "not-assessed") return progress;
    const why = event.detail ?? "not assessed";
    return { ...progress, gaps: [...progress.gaps, `account ${event.account_id} (${event.name}): ${why}`] };
  }
  const cells = new Map(progress.cells);
  const region = new Map(cells.get(event.region) ?? []);
  region.set(event.service, { status: event.status, resources: event.resources });
  cells.set(event.region, region);
  const gaps =
    event.status === "ok"
      ? progress.gaps
      : [
          ...progress.gaps,
          `not assessed: ${event.service} in ${event.region}, ${event.status.replace(/-/g, " ")}`,
        ];
  return {
    total: progress.total,
    done: progress.done + 1,
    resources: progress.resources + event.resources,
    cells,
    gaps,
  };
}

/** 0..100, for the progress bar; the evaluation step after collection is
 * shown as the last few percent. */
export function percent(progress: ScanProgress): number {
  if (progress.total === 0) return 0;
  return Math.min(95, Math.round((95 * progress.done) / progress.total));
}
