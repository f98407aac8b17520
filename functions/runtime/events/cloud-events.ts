import { metrics } from '@opentelemetry/api';

/** One CloudEvent (spec 1.0) as a function hands it over: data is JSON and never names a person. */
export interface PlatformEvent {
  /** Dotted, reverse-DNS: `dk.hoi.correspondence.received`. */
  readonly type: string;
  /** What the event is about, e.g. the message's id; never a CPR number or pseudonym. */
  readonly subject?: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface EventSink {
  /** Sends in the background: the caller never waits for, nor fails on, the broker. */
  emit(event: PlatformEvent): void;
  /** Resolves once every event emitted so far was delivered or given up on. */
  settled(): Promise<void>;
}

export interface EventSinkOptions {
  /** `K_SINK`: where Knative's SinkBinding says events go (the Broker's ingress). Without it, nothing is sent. */
  readonly sink: string | undefined;
  /** `ce-source` of every event: `/hoi-platform/<function>`. */
  readonly source: string;
  /**
   * `K_CE_OVERRIDES` as Knative's SinkBinding sets it: `{"extensions":{…}}`,
   * added to every event as `ce-<name>` attributes.
   */
  readonly overrides?: string | undefined;
  /** Attempts per event (network errors, 429 and 5xx). @default 3 */
  readonly attempts?: number;
  /** Deadline of one attempt. @default 2000 */
  readonly timeoutMs?: number;
  readonly clock?: () => Date;
  readonly fetch?: typeof fetch;
}

const lost = metrics.getMeter('hoi-platform').createCounter('hoi.events.undelivered', {
  description: 'CloudEvents the broker did not take after every attempt, by type',
});

/**
 * CloudEvents over HTTP in binary content mode (CloudEvents HTTP protocol
 * binding 1.0.2): the attributes as `ce-*` headers, the data as the JSON body.
 * That is what a Knative Broker's ingress takes at `K_SINK` and what a Trigger
 * delivers to its subscriber, so the local platform and a cluster see the same
 * requests. The spec's few headers are written here rather than with the
 * `cloudevents` package, which brings browser polyfills and a JSON-schema
 * validator for them.
 */
export function createEventSink(options: EventSinkOptions): EventSink {
  const pending = new Set<Promise<void>>();
  const extensions = parseOverrides(options.overrides);
  const attempts = options.attempts ?? 3;
  const send = options.fetch ?? fetch;
  const clock = options.clock ?? (() => new Date());
  const deliver = async (event: PlatformEvent): Promise<void> => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...Object.fromEntries(Object.entries(extensions).map(([k, v]) => [`ce-${k}`, v])),
      'ce-specversion': '1.0',
      'ce-id': crypto.randomUUID(),
      'ce-source': options.source,
      'ce-type': event.type,
      'ce-time': clock().toISOString(),
      ...(event.subject ? { 'ce-subject': event.subject } : {}),
    };
    const body = JSON.stringify(event.data);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const res = await send(options.sink!, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 2000),
        });
        await res.body?.cancel();
        if (res.ok) return;
        // A 4xx other than 429 says the event itself is wrong: sending it again will not help.
        if (res.status < 500 && res.status !== 429) break;
      } catch {
        // A network error or a timeout: the same event (same ce-id) is tried again.
      }
    }
    lost.add(1, { type: event.type });
  };
  return {
    emit(event) {
      if (!options.sink) return;
      const delivery = deliver(event).finally(() => pending.delete(delivery));
      pending.add(delivery);
    },
    async settled() {
      await Promise.all([...pending]);
    },
  };
}

/** Only string extensions whose names the spec allows (lower-case letters and digits). */
function parseOverrides(overrides: string | undefined): Record<string, string> {
  if (!overrides) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(overrides);
  } catch {
    throw new RangeError('K_CE_OVERRIDES must be JSON: {"extensions":{"name":"value"}}');
  }
  const extensions = (parsed as { extensions?: unknown })?.extensions;
  if (extensions === undefined) return {};
  if (typeof extensions !== 'object' || extensions === null)
    throw new RangeError('K_CE_OVERRIDES.extensions must be an object');
  return Object.fromEntries(
    Object.entries(extensions).filter(
      (e): e is [string, string] =>
        /^[a-z0-9]{1,20}$/.test(e[0]) && typeof e[1] === 'string' && !RESERVED.has(e[0]),
    ),
  );
}

const RESERVED = new Set(['specversion', 'id', 'source', 'type', 'time', 'subject', 'datacontenttype']);
