import { byId, el } from './dom.js';
import { formatBytes } from '../format.js';

/** One row of the upload list: a queued file, or one refused before it was queued. */
export interface UploadRow {
  readonly id: string;
  readonly filename: string;
  readonly size: number;
  readonly state: 'refused' | 'queued' | 'uploading' | 'completed' | 'failed';
  readonly sent: number;
  /** What went wrong, in plain words. */
  readonly error?: string;
  /** Set on rows that may be tried again. */
  readonly retryable?: boolean;
}

export interface QueueActions {
  cancel(id: string): void;
  retry(id: string): void;
  dismiss(id: string): void;
}

/**
 * The upload list and the batch's progress bar. Rows are updated in place (never re-created)
 * so that keyboard focus on a row's button survives progress updates.
 */
export class QueueView {
  private readonly list = byId<HTMLUListElement>('queue');
  private readonly rows = new Map<string, UploadRow>();
  private readonly nodes = new Map<string, HTMLLIElement>();
  private online = navigator.onLine;
  /** The rows of the batch in progress: a batch ends when nothing is left on its way. */
  private readonly batch = new Set<string>();

  constructor(private readonly actions: QueueActions) {}

  setOnline(online: boolean): void {
    this.online = online;
    for (const row of this.rows.values()) this.paint(row);
  }

  put(row: UploadRow): void {
    this.rows.set(row.id, row);
    this.paint(row);
    this.paintBatch();
  }

  patch(id: string, change: Partial<UploadRow>): void {
    const row = this.rows.get(id);
    if (row) this.put({ ...row, ...change });
  }

  remove(id: string): void {
    this.rows.delete(id);
    this.nodes.get(id)?.remove();
    this.nodes.delete(id);
    this.paintBatch();
  }

  get(id: string): UploadRow | undefined {
    return this.rows.get(id);
  }

  private paint(row: UploadRow): void {
    let node = this.nodes.get(row.id);
    if (!node) {
      node = this.create(row);
      this.nodes.set(row.id, node);
      this.list.append(node);
    }
    node.dataset.state = row.state;
    const progress = node.querySelector('progress')!;
    progress.max = Math.max(row.size, 1);
    progress.value = row.state === 'completed' ? row.size : row.sent;
    progress.hidden = row.state === 'refused';
    node.querySelector('.state')!.textContent = this.stateText(row);
    const error = node.querySelector<HTMLElement>('.error')!;
    error.textContent = row.error ?? '';
    error.hidden = !row.error;
    const active = row.state === 'queued' || row.state === 'uploading';
    node.querySelector<HTMLButtonElement>('.cancel')!.hidden = !active;
    node.querySelector<HTMLButtonElement>('.retry')!.hidden = !(row.state === 'failed' && row.retryable);
    node.querySelector<HTMLButtonElement>('.dismiss')!.hidden = active;
  }

  private create(row: UploadRow): HTMLLIElement {
    const label = `${row.filename}`;
    return el('li', { 'data-id': row.id },
      el('span', { class: 'name' }, row.filename),
      el('span', { class: 'state' }),
      el('span', { class: 'actions' },
        el('button', { type: 'button', class: 'cancel', 'aria-label': `Cancel ${label}`, onclick: () => this.actions.cancel(row.id) }, 'Cancel'),
        el('button', { type: 'button', class: 'retry', 'aria-label': `Retry ${label}`, onclick: () => this.actions.retry(row.id) }, 'Retry'),
        el('button', { type: 'button', class: 'dismiss quiet', 'aria-label': `Remove ${label} from the list`, onclick: () => this.actions.dismiss(row.id) }, 'Remove')),
      el('progress', { 'aria-label': `${label} upload progress`, max: 1, value: 0 }),
      el('p', { class: 'error', role: 'alert', hidden: true }));
  }

  private stateText(row: UploadRow): string {
    const size = formatBytes(row.size);
    switch (row.state) {
      case 'refused': return `${size}, not sent`;
      case 'queued': return this.online ? `${size}, waiting` : `${size}, waiting for the network`;
      case 'uploading': return `${formatBytes(row.sent)} of ${size} (${percent(row.sent, row.size)}%)`;
      case 'completed': return `${size}, uploaded`;
      case 'failed': return `${size}, failed`;
    }
  }

  /** The whole batch: every file still on its way, plus those done since the batch began. */
  private paintBatch(): void {
    const box = byId('batch');
    const active = [...this.rows.values()].filter((r) => r.state === 'queued' || r.state === 'uploading');
    if (active.length === 0) {
      this.batch.clear();
      box.hidden = true;
      return;
    }
    for (const row of active) this.batch.add(row.id);
    const rows = [...this.batch].map((id) => this.rows.get(id)).filter((r): r is UploadRow => !!r && r.state !== 'failed');
    const total = rows.reduce((sum, r) => sum + r.size, 0);
    const sent = rows.reduce((sum, r) => sum + (r.state === 'completed' ? r.size : r.sent), 0);
    const done = rows.length - active.length;
    box.hidden = false;
    const bar = byId<HTMLProgressElement>('batch-progress');
    bar.max = Math.max(total, 1);
    bar.value = sent;
    byId('batch-label').textContent =
      `${done} of ${rows.length} files uploaded: ${formatBytes(sent)} of ${formatBytes(total)} (${percent(sent, total)}%)`;
  }
}

function percent(sent: number, total: number): number {
  return Math.floor((sent * 100) / Math.max(total, 1));
}
