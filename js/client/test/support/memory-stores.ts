/** A NetworkMonitor the test switches by hand, and a notifier that records what it is told. */
import type { NetworkMonitor, Notifier, QueueEvent } from '../../src/index.js';

export class SwitchedNetwork implements NetworkMonitor {
  private readonly listeners = new Set<(online: boolean) => void>();
  constructor(private online = true) {}
  isOnline(): boolean {
    return this.online;
  }
  set(online: boolean): void {
    this.online = online;
    this.listeners.forEach((l) => l(online));
  }
  subscribe(listener: (online: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export class RecordingNotifier implements Notifier {
  readonly events: QueueEvent[] = [];
  notify(event: QueueEvent): void {
    this.events.push(event);
  }
  of(type: QueueEvent['type']): QueueEvent[] {
    return this.events.filter((e) => e.type === type);
  }
}
