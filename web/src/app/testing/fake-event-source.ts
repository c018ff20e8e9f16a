import type { EventSourceFactory, EventSourceLike } from '../notifications/notifications.service';

/** In-memory stand-in for the browser's EventSource: tests push server-sent events with `emit()`. */
export class FakeEventSource implements EventSourceLike {
  onerror: ((event: Event) => void) | null = null;
  readyState = 1;
  closed = false;
  private readonly listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
    this.readyState = 2;
  }

  /** Deliver one event as the server would (`data` is sent as JSON, strings as they are). */
  emit(type: string, data: unknown): void {
    const event = new MessageEvent<string>(type, { data: typeof data === 'string' ? data : JSON.stringify(data) });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

/** A factory for EVENT_SOURCE_FACTORY that records every source it creates. */
export function fakeEventSources(): { factory: EventSourceFactory; created: FakeEventSource[]; latest(): FakeEventSource } {
  const created: FakeEventSource[] = [];
  return {
    created,
    factory: (url) => {
      const source = new FakeEventSource(url);
      created.push(source);
      return source;
    },
    latest: () => {
      const source = created.at(-1);
      if (!source) throw new Error('No EventSource was opened');
      return source;
    },
  };
}
