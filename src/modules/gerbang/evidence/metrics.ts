import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The evidence log's Prometheus metrics; reused when a registry already has them. */
export interface EvidenceMetrics {
  records: Counter;
  appendFailures: Counter;
  batchSize: Histogram;
  commitSeconds: Histogram;
  appendWaitSeconds: Histogram;
  queueLength: Gauge;
  seals: Counter;
  sealFailures: Counter;
  tsaFailures: Counter;
  tsaPending: Gauge;
}

function metric<T>(registry: Registry | undefined, name: string, make: (registers: Registry[]) => T): T {
  const existing = registry?.getSingleMetric(name);
  if (existing) return existing as T;
  return make(registry ? [registry] : []);
}

export function evidenceMetrics(registry?: Registry): EvidenceMetrics {
  return {
    records: metric(registry, 'padu_gerbang_evidence_records_total', (registers) => new Counter({ name: 'padu_gerbang_evidence_records_total', help: 'Exchanges written to the evidence log', registers })),
    appendFailures: metric(registry, 'padu_gerbang_evidence_append_failures_total', (registers) => new Counter({ name: 'padu_gerbang_evidence_append_failures_total', help: 'Exchanges the evidence log could not write (the client got an error)', registers })),
    batchSize: metric(registry, 'padu_gerbang_evidence_batch_size', (registers) =>
      new Histogram({ name: 'padu_gerbang_evidence_batch_size', help: 'Records per group commit', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512], registers }),
    ),
    commitSeconds: metric(registry, 'padu_gerbang_evidence_commit_seconds', (registers) =>
      new Histogram({ name: 'padu_gerbang_evidence_commit_seconds', help: 'Time to write and commit one batch', buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers }),
    ),
    appendWaitSeconds: metric(registry, 'padu_gerbang_evidence_append_wait_seconds', (registers) =>
      new Histogram({ name: 'padu_gerbang_evidence_append_wait_seconds', help: 'From append to durable (queue wait plus commit), per record', buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers }),
    ),
    queueLength: metric(registry, 'padu_gerbang_evidence_queue_length', (registers) => new Gauge({ name: 'padu_gerbang_evidence_queue_length', help: 'Records waiting for the next group commit', registers })),
    seals: metric(registry, 'padu_gerbang_evidence_seals_total', (registers) => new Counter({ name: 'padu_gerbang_evidence_seals_total', help: 'Seals (signed Merkle roots) written by this process', registers })),
    sealFailures: metric(registry, 'padu_gerbang_evidence_seal_failures_total', (registers) => new Counter({ name: 'padu_gerbang_evidence_seal_failures_total', help: 'Seal attempts that failed (retried at the next interval)', registers })),
    tsaFailures: metric(registry, 'padu_gerbang_evidence_tsa_failures_total', (registers) => new Counter({ name: 'padu_gerbang_evidence_tsa_failures_total', help: 'Time-stamp requests that failed (seals wait for a later stamp)', registers })),
    tsaPending: metric(registry, 'padu_gerbang_evidence_tsa_pending_seals', (registers) => new Gauge({ name: 'padu_gerbang_evidence_tsa_pending_seals', help: 'Seals still waiting for a time-stamp (when PADU_TSA_URL is set)', registers })),
  };
}
