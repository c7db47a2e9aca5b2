import type { AppEvent } from '../../shared/contract/events';

export type EventListener = (event: AppEvent) => void;

/**
 * Fan-out of core events to the transports (IPC windows, SSE clients). A listener that
 * throws is the transport's bug and must not stop the others or the command.
 */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: AppEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('event listener failed', error);
      }
    }
  }
}
