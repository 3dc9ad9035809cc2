/** Prometheus metrics (prom-client, a registry per relay so several can run in one process). */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics(opts: { processMetrics: boolean }) {
  const registry = new Registry();
  if (opts.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'anxin_relay_' });
  const m = {
    registry,
    requests: new Counter({
      name: 'anxin_relay_http_requests_total',
      help: 'HTTP requests by route template, method and status',
      labelNames: ['route', 'method', 'status'] as const,
      registers: [registry]
    }),
    duration: new Histogram({
      name: 'anxin_relay_http_request_duration_seconds',
      help: 'HTTP request duration by route template',
      labelNames: ['route', 'method'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry]
    }),
    errors: new Counter({ name: 'anxin_relay_errors_total', help: 'Error answers by stable code', labelNames: ['code'] as const, registers: [registry] }),
    envelopesStored: new Counter({ name: 'anxin_relay_envelopes_stored_total', help: 'Envelopes newly stored', registers: [registry] }),
    envelopesDuplicate: new Counter({ name: 'anxin_relay_envelopes_duplicate_total', help: 'Idempotent re-uploads', registers: [registry] }),
    envelopeBytes: new Counter({ name: 'anxin_relay_envelope_bytes_total', help: 'Payload bytes newly stored', registers: [registry] }),
    envelopesServed: new Counter({ name: 'anxin_relay_envelopes_served_total', help: 'Envelopes returned by pulls', registers: [registry] }),
    storageDuration: new Histogram({
      name: 'anxin_relay_storage_append_duration_seconds',
      help: 'Time spent in one storage append transaction',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
      registers: [registry]
    }),
    sockets: new Gauge({ name: 'anxin_relay_websockets', help: 'Authenticated WebSocket connections', registers: [registry] }),
    notifications: new Counter({ name: 'anxin_relay_notifications_total', help: 'Notifications sent over WebSockets', registers: [registry] })
  };
  return m;
}
export type Metrics = ReturnType<typeof createMetrics>;
