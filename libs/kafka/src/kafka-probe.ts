import type { Kafka } from 'kafkajs';

export interface KafkaProbeResult {
  reachable: boolean;
  brokers?: number;
  controller?: number | null;
  error?: string;
}

/**
 * Asks the cluster for its metadata within a deadline; used by health checks. Give it a client
 * made with `retries: 0`, or an unreachable broker keeps being retried after the deadline.
 */
export async function probeKafka(kafka: Kafka, timeoutMs = 3_000): Promise<KafkaProbeResult> {
  const admin = kafka.admin({ retry: { retries: 0 } });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([admin.connect(), deadline]);
    const cluster = await Promise.race([admin.describeCluster(), deadline]);
    return { reachable: true, brokers: cluster.brokers.length, controller: cluster.controller };
  } catch (error) {
    return { reachable: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => undefined);
  }
}
